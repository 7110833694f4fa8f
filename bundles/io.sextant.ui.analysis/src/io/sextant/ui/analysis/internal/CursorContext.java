package io.sextant.ui.analysis.internal;

import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;

import io.sextant.dsl.SegDefinitions;
import io.sextant.dsl.seg.Definition;
import io.sextant.dsl.seg.SegFile;
import io.sextant.dsl.seg.Segment;

/** What the cursor of a .seg editor is on: a segment (to pre-fill) or a playbook (to run its analyses). */
final class CursorContext {

    private CursorContext() {
    }

    /** The definition whose text contains the offset, or null. */
    static Definition definitionAt(SegFile file, int offset) {
        for (Definition definition : file.getDefinitions()) {
            ICompositeNode node = NodeModelUtils.findActualNodeFor(definition);
            if (node != null && node.getOffset() <= offset && offset <= node.getEndOffset()) {
                return definition;
            }
        }
        return null;
    }

    /** The segment's name as a parameter value: its qualified name (always unambiguous). */
    static String segmentName(Segment segment) {
        return SegDefinitions.qualifiedName(segment);
    }
}
