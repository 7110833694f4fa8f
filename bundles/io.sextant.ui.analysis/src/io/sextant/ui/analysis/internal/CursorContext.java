package io.sextant.ui.analysis.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;

import io.sextant.dsl.SegDefinitions;
import io.sextant.dsl.seg.AnalysisUse;
import io.sextant.dsl.seg.Definition;
import io.sextant.dsl.seg.LiteralValue;
import io.sextant.dsl.seg.Parameter;
import io.sextant.dsl.seg.Playbook;
import io.sextant.dsl.seg.ReferenceValue;
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

    /** The playbook's analyses in order: id and parameter values as texts (references by qualified name). */
    static List<Map.Entry<String, Map<String, String>>> analyses(Playbook playbook) {
        List<Map.Entry<String, Map<String, String>>> uses = new ArrayList<>();
        for (AnalysisUse use : playbook.getAnalyses()) {
            Map<String, String> values = new LinkedHashMap<>();
            for (Parameter parameter : use.getParameters()) {
                values.put(parameter.getName(), text(parameter.getValue()));
            }
            uses.add(Map.entry(use.getAnalysis(), values));
        }
        return uses;
    }

    private static String text(EObject value) {
        if (value instanceof ReferenceValue reference && reference.getDefinition() != null
                && !reference.getDefinition().eIsProxy()) {
            return SegDefinitions.qualifiedName(reference.getDefinition());
        }
        INode node = NodeModelUtils.findActualNodeFor(value);
        String text = node == null ? "" : NodeModelUtils.getTokenText(node).strip();
        if (value instanceof LiteralValue && text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
            text = text.substring(1, text.length() - 1);
        }
        return text;
    }
}
