package io.sextant.dsl;

import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;

import io.sextant.dsl.context.DefinitionText;
import io.sextant.dsl.seg.Definition;

/** The source of a parsed definition as the repository records it: its text and that text's content hash. */
public final class SegDefinitions {

    private SegDefinitions() {
    }

    /** The definition's text as written in its file (from its keyword to its closing brace), or null if it was not parsed from text. */
    public static String sourceText(Definition definition) {
        ICompositeNode node = NodeModelUtils.findActualNodeFor(definition);
        return node == null ? null : node.getText().strip();
    }

    /** {@link DefinitionText#contentHash(String)} of the source text, or null if it was not parsed from text. */
    public static String contentHash(Definition definition) {
        String text = sourceText(definition);
        return text == null ? null : DefinitionText.contentHash(text);
    }
}
