package io.sextant.ui.analysis.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.eclipse.jface.bindings.keys.KeyStroke;
import org.eclipse.jface.fieldassist.ComboContentAdapter;
import org.eclipse.jface.fieldassist.ContentProposal;
import org.eclipse.jface.fieldassist.ContentProposalAdapter;
import org.eclipse.jface.fieldassist.IContentProposal;
import org.eclipse.jface.fieldassist.IContentProposalProvider;
import org.eclipse.jface.fieldassist.TextContentAdapter;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Text;

/**
 * Completion of names (events, segments, metrics) in the Run Analysis dialog's inputs: Ctrl+Space or typing a
 * letter proposes the names that start with (then contain) what is typed; in a list, the name being typed is
 * the one after the last comma before the cursor, and choosing one replaces just that name.
 */
final class NameCompletion {

    private static final String ACTIVATION = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_,";

    private NameCompletion() {
    }

    static ContentProposalAdapter install(Control control, List<String> names, boolean list) {
        IContentProposalProvider provider = (contents, position) -> proposals(contents, position, names, list);
        KeyStroke ctrlSpace = KeyStroke.getInstance(org.eclipse.swt.SWT.MOD1, ' ');
        ContentProposalAdapter adapter = new ContentProposalAdapter(control,
                control instanceof Combo ? new ComboContentAdapter() : new TextContentAdapter(), provider, ctrlSpace,
                ACTIVATION.toCharArray());
        adapter.setProposalAcceptanceStyle(ContentProposalAdapter.PROPOSAL_REPLACE);
        adapter.setPropagateKeys(true);
        return adapter;
    }

    /** The proposals for the text and cursor position; each one's content is the whole new text. */
    static IContentProposal[] proposals(String contents, int position, List<String> names, boolean list) {
        int start = 0;
        int end = contents.length();
        if (list) {
            start = contents.lastIndexOf(',', Math.max(0, position - 1)) + 1;
            if (position == 0) {
                start = 0;
            }
            int next = contents.indexOf(',', position);
            end = next < 0 ? contents.length() : next;
        }
        String typed = contents.substring(start, Math.max(start, Math.min(position, contents.length()))).strip()
                .toLowerCase(Locale.ROOT);
        String before = contents.substring(0, start);
        String after = contents.substring(end);
        String space = list && start > 0 ? " " : "";
        List<String> starting = new ArrayList<>();
        List<String> containing = new ArrayList<>();
        for (String name : names) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith(typed)) {
                starting.add(name);
            } else if (typed.length() >= 2 && lower.contains(typed)) {
                containing.add(name);
            }
        }
        starting.addAll(containing);
        List<IContentProposal> result = new ArrayList<>();
        for (String name : starting) {
            String content = before.stripTrailing() + space + name + after;
            result.add(new ContentProposal(content, name, null, (before.stripTrailing() + space + name).length()));
        }
        return result.toArray(IContentProposal[]::new);
    }

    /** Up to {@code limit} names close to the unknown one (edit distance, or containing it), closest first. */
    static List<String> closest(String unknown, Collection<String> names, int limit) {
        String lower = unknown.toLowerCase(Locale.ROOT);
        int allowed = Math.max(2, lower.length() / 3);
        record Candidate(String name, int distance) {
        }
        List<Candidate> candidates = new ArrayList<>();
        for (String name : names) {
            String other = name.toLowerCase(Locale.ROOT);
            int distance = distance(lower, other);
            if (distance <= allowed || (lower.length() >= 3 && other.contains(lower))) {
                candidates.add(new Candidate(name, distance));
            }
        }
        candidates.sort(Comparator.comparingInt(Candidate::distance).thenComparing(Candidate::name));
        return candidates.stream().limit(limit).map(Candidate::name).toList();
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** For tests: the names a text input would propose at the end of its text. */
    static List<String> labels(Text text, List<String> names) {
        return java.util.Arrays.stream(proposals(text.getText(), text.getText().length(), names, true))
                .map(IContentProposal::getLabel).toList();
    }
}
