package io.sextant.ui.editor.internal.model;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;

import io.sextant.dsl.validation.SegIssueCodes;
import io.sextant.store.PreferenceIdentity;

/**
 * The fixes of the language's fixable issues, as text edits: the did-you-mean of an unknown event or property,
 * a missing owner, the version to set after a published one, and allocations that do not add up to 100%.
 * Used by the editor's quick fixes (Ctrl+1) and by the Problems view's quick fixes on builder markers.
 */
public final class SegQuickFixes {

    /** One fix: replace {@code length} characters at {@code offset} with {@code text}. */
    public record Fix(String label, int offset, int length, String text) {
        public void apply(IDocument document) throws BadLocationException {
            document.replace(offset, length, text);
        }
    }

    private static final Pattern VARIANT = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s+(-?\\d+(?:\\.\\d+)?)\\s*%");

    private SegQuickFixes() {
    }

    public static boolean isFixable(String code) {
        return SegIssueCodes.UNKNOWN_EVENT.equals(code) || SegIssueCodes.UNKNOWN_PROPERTY.equals(code)
                || SegIssueCodes.UNKNOWN_ATTRIBUTE.equals(code) || SegIssueCodes.MISSING_OWNER.equals(code)
                || SegIssueCodes.PUBLISHED_VERSION_CHANGED.equals(code) || SegIssueCodes.ALLOCATION_NOT_100.equals(code);
    }

    /** The fixes of an issue with its code, data and region in the document (empty when none applies). */
    public static List<Fix> fixes(IDocument document, String code, String[] data, int offset, int length) {
        List<Fix> fixes = new ArrayList<>();
        if (code == null) {
            return fixes;
        }
        try {
            String region = document.get(offset, length);
            switch (code) {
                case SegIssueCodes.UNKNOWN_EVENT, SegIssueCodes.UNKNOWN_PROPERTY, SegIssueCodes.UNKNOWN_ATTRIBUTE -> {
                    if (data != null && data.length >= 2) {
                        boolean quoted = region.startsWith("\"");
                        fixes.add(new Fix("Change to '" + data[1] + "'", offset, length,
                                quoted ? "\"" + data[1] + "\"" : data[1]));
                    }
                }
                case SegIssueCodes.MISSING_OWNER -> afterOpeningBrace(document, offset).ifPresent(brace -> {
                    String owner = new PreferenceIdentity().userName();
                    fixes.add(new Fix("Add owner \"" + owner + "\"", brace, 0,
                            "\n" + indentOfLine(document, offset) + "    owner \"" + owner + "\""));
                });
                case SegIssueCodes.PUBLISHED_VERSION_CHANGED -> {
                    if (data != null && data.length >= 1) {
                        if (region.matches("\\d+")) {
                            fixes.add(new Fix("Set version " + data[0], offset, length, data[0]));
                        } else {
                            afterOpeningBrace(document, offset).ifPresent(brace -> fixes.add(new Fix(
                                    "Set version " + data[0], brace, 0,
                                    "\n" + indentOfLine(document, offset) + "    version " + data[0])));
                        }
                    }
                }
                case SegIssueCodes.ALLOCATION_NOT_100 -> allocation(document, offset, length).ifPresent(fixes::add);
                default -> {
                }
            }
        } catch (BadLocationException e) {
            // the document changed since the issue was found: nothing to offer until it is validated again
        }
        return fixes;
    }

    /** The offset just after the first '{' at or after the offset. */
    private static Optional<Integer> afterOpeningBrace(IDocument document, int offset) {
        String text = document.get();
        int brace = text.indexOf('{', offset);
        return brace < 0 ? Optional.empty() : Optional.of(brace + 1);
    }

    private static String indentOfLine(IDocument document, int offset) {
        try {
            int line = document.getLineOfOffset(offset);
            String text = document.get(document.getLineOffset(line), document.getLineLength(line));
            int i = 0;
            while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
                i++;
            }
            return text.substring(0, i);
        } catch (BadLocationException e) {
            return "";
        }
    }

    /**
     * The variants block the issue is in (its region covers the variants, or the experiment): the last variant
     * takes what the others leave to 100%, or, when they already reach 100%, all get equal shares.
     */
    private static Optional<Fix> allocation(IDocument document, int offset, int length) {
        String text = document.get();
        int keyword = text.lastIndexOf("variants", offset + length);
        if (keyword < 0) {
            keyword = text.indexOf("variants", offset);
        }
        if (keyword < 0) {
            return Optional.empty();
        }
        int open = text.indexOf('{', keyword);
        int close = open < 0 ? -1 : text.indexOf('}', open);
        if (close < 0) {
            return Optional.empty();
        }
        String block = text.substring(open + 1, close);
        Matcher matcher = VARIANT.matcher(block);
        List<String> names = new ArrayList<>();
        List<BigDecimal> shares = new ArrayList<>();
        while (matcher.find()) {
            names.add(matcher.group(1));
            shares.add(new BigDecimal(matcher.group(2)));
        }
        if (names.size() < 2) {
            return Optional.empty();
        }
        BigDecimal others = shares.subList(0, shares.size() - 1).stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal hundred = BigDecimal.valueOf(100);
        List<BigDecimal> fixed = new ArrayList<>(shares);
        String label;
        if (others.compareTo(hundred) < 0 && others.signum() >= 0) {
            BigDecimal last = hundred.subtract(others);
            fixed.set(fixed.size() - 1, last);
            label = "Give " + names.get(names.size() - 1) + " " + last.stripTrailingZeros().toPlainString()
                    + "% so the allocations add up to 100%";
        } else {
            int n = names.size();
            int each = 100 / n;
            for (int i = 0; i < n; i++) {
                fixed.set(i, BigDecimal.valueOf(i == 0 ? 100 - each * (n - 1) : each));
            }
            label = "Split the allocations equally (" + each + "% each)";
        }
        StringBuilder replaced = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            replaced.append(i == 0 ? " " : ", ").append(names.get(i)).append(' ')
                    .append(fixed.get(i).stripTrailingZeros().toPlainString()).append(" %");
        }
        replaced.append(' ');
        return Optional.of(new Fix(label, open + 1, close - open - 1, replaced.toString()));
    }
}
