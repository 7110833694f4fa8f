package io.sextant.dsl.ide;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;

import io.sextant.dsl.ide.SegLanguageServices.StyledRange;
import io.sextant.dsl.ide.highlighting.SegSemanticHighlightingCalculator;
import io.sextant.dsl.seg.Definition;

/**
 * The semantic colours of one file as it is edited, computed again only for the definitions whose text
 * changed: a definition's colours depend on its text alone (references are coloured where they are written,
 * not resolved), so an unchanged definition keeps the ranges found for its text, moved to where it is now.
 * Gives the same ranges as {@link SegLanguageServices#semanticHighlighting}. Not thread-safe: one per edited
 * file, used under the project's lock.
 */
public final class IncrementalHighlighting {

    private final SegSemanticHighlightingCalculator calculator;
    /** Ranges by the text of the definition they were found in, offsets from its start. */
    private Map<String, List<List<StyledRange>>> knownByText = new HashMap<>();
    private int lastComputed;

    IncrementalHighlighting(SegSemanticHighlightingCalculator calculator) {
        this.calculator = calculator;
    }

    /** How many definitions the last call coloured anew (the others kept their ranges); for measurements and tests. */
    public int lastComputed() {
        return lastComputed;
    }

    /** The semantic colours of the resource's current text, or null when cancelled (what was known is kept then). */
    public List<StyledRange> highlight(XtextResource resource, CancelIndicator cancel) {
        List<StyledRange> ranges = new ArrayList<>();
        if (resource.getContents().isEmpty()) {
            knownByText = new HashMap<>();
            return ranges;
        }
        Map<String, ArrayDeque<List<StyledRange>>> unused = new HashMap<>();
        knownByText.forEach((text, list) -> unused.put(text, new ArrayDeque<>(list)));
        Map<String, List<List<StyledRange>>> nextKnown = new HashMap<>();
        int computed = 0;
        // the same order as the whole file's walk: each child of the file, then what it contains
        for (EObject child : resource.getContents().get(0).eContents()) {
            ICompositeNode node = child instanceof Definition ? NodeModelUtils.getNode(child) : null;
            if (node == null) { // the package and imports: few, coloured every time
                calculator.provideHighlightingFor(child,
                        (offset, length, styles) -> ranges.add(new StyledRange(offset, length, String.join(",", styles))),
                        cancel);
                continue;
            }
            String text = node.getText();
            int start = node.getTotalOffset();
            ArrayDeque<List<StyledRange>> candidates = unused.get(text);
            List<StyledRange> relative = candidates == null ? null : candidates.poll();
            if (relative == null) {
                computed++;
                List<StyledRange> found = new ArrayList<>();
                calculator.provideHighlightingFor(child, (offset, length, styles) -> found
                        .add(new StyledRange(offset - start, length, String.join(",", styles))), cancel);
                relative = found;
            }
            if (cancel.isCanceled()) {
                return null;
            }
            for (StyledRange range : relative) {
                ranges.add(new StyledRange(range.offset() + start, range.length(), range.style()));
            }
            nextKnown.computeIfAbsent(text, t -> new ArrayList<>()).add(relative);
        }
        knownByText = nextKnown;
        lastComputed = computed;
        return ranges;
    }
}
