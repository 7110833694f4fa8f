package io.sextant.charts.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Category labels that keep their meaning: wrapped at word boundaries (spaces, path arrows, and the words inside
 * a long name) onto a few lines rather than cut at the end, where long labels that share a beginning (paths after
 * the same anchor) would all read the same. A label still too long keeps its first and last lines with "…"
 * between them, so that what tells two labels apart (their ends) stays visible.
 */
public final class Labels {

    /**
     * The word boundaries inside a name: after a dot, underscore or hyphen, and before a capital that follows a
     * small letter or a digit.
     */
    private static final Pattern INSIDE = Pattern.compile("(?<=[._\\-])(?=[^._\\-])|(?<=[\\p{Ll}\\p{Nd}])(?=\\p{Lu})");

    /** The lines a chart's category label may take. */
    public static final int MAX_LINES = 3;

    private Labels() {
    }

    /** The label on at most {@code maxLines} lines of about {@code maxChars} characters each, lines split by "\n". */
    public static String fit(String label, int maxChars, int maxLines) {
        if (label == null) {
            return "";
        }
        if (label.length() <= maxChars) {
            return label;
        }
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : label.split(" ")) {
            // a word longer than a line (a name such as UsersWhoViewedThreeFeatures) wraps at the words inside it
            String[] pieces = word.length() > maxChars ? INSIDE.split(word) : new String[] { word };
            for (int p = 0; p < pieces.length; p++) {
                String separator = line.isEmpty() || p > 0 ? "" : " ";
                if (!line.isEmpty() && line.length() + separator.length() + pieces[p].length() > maxChars) {
                    lines.add(line.toString());
                    line.setLength(0);
                    separator = "";
                }
                line.append(separator).append(pieces[p]);
            }
        }
        if (!line.isEmpty()) {
            lines.add(line.toString());
        }
        // a single word longer than a line is cut in its middle, keeping its start and end
        lines.replaceAll(l -> l.length() <= maxChars + 8 ? l : middle(l, maxChars));
        if (lines.size() <= maxLines) {
            return String.join("\n", lines);
        }
        if (maxLines == 1) {
            return middle(label, maxChars);
        }
        List<String> kept = new ArrayList<>(lines.subList(0, maxLines - 1));
        kept.add("… " + lines.get(lines.size() - 1));
        return String.join("\n", kept);
    }

    private static String middle(String text, int maxChars) {
        int keep = Math.max(2, (maxChars - 1) / 2);
        return text.substring(0, keep).stripTrailing() + "…" + text.substring(text.length() - keep).stripLeading();
    }
}
