package io.sextant.dsl;

import java.util.List;

import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;

import io.sextant.dsl.context.DefinitionText;
import io.sextant.dsl.seg.Definition;
import io.sextant.dsl.seg.SegPackage;

/** The source of a parsed definition as the repository records it: its text and that text's content hash. */
public final class SegDefinitions {

    private SegDefinitions() {
    }

    /** The definition's text as written in its file (from its keyword to its closing brace), or null if it was not parsed from text. */
    public static String sourceText(Definition definition) {
        ICompositeNode node = NodeModelUtils.findActualNodeFor(definition);
        return node == null ? null : node.getText().strip();
    }

    /** The definition's qualified name: its file's package, a dot, its name (its name alone without a package). */
    public static String qualifiedName(Definition definition) {
        if (definition.eContainer() instanceof io.sextant.dsl.seg.SegFile file && file.getName() != null) {
            return file.getName() + "." + definition.getName();
        }
        return definition.getName();
    }

    /** {@link DefinitionText#contentHash(String)} of the source text, or null if it was not parsed from text. */
    public static String contentHash(Definition definition) {
        String text = sourceText(definition);
        return text == null ? null : DefinitionText.contentHash(text);
    }

    /**
     * The definition's source text with its version clause set to {@code number}: the number of an existing
     * {@code version} clause is replaced; without one, a clause is added after the opening brace. Used when
     * the repository makes a new draft from an older version's text (revert).
     */
    public static String withVersion(Definition definition, int number) {
        ICompositeNode node = NodeModelUtils.findActualNodeFor(definition);
        if (node == null) {
            throw new IllegalArgumentException("the definition was not parsed from text");
        }
        String text = node.getText();
        List<INode> versionNodes = NodeModelUtils.findNodesForFeature(definition, SegPackage.Literals.DEFINITION__VERSION);
        if (!versionNodes.isEmpty()) {
            INode versionNode = versionNodes.get(0);
            int start = versionNode.getOffset() - node.getTotalOffset();
            int end = start + versionNode.getLength();
            return (text.substring(0, start) + number + text.substring(end)).strip();
        }
        for (ILeafNode leaf : node.getLeafNodes()) {
            if (!leaf.isHidden() && "{".equals(leaf.getText())) {
                int afterBrace = leaf.getOffset() - node.getTotalOffset() + 1;
                return (text.substring(0, afterBrace) + "\n    version " + number + text.substring(afterBrace)).strip();
            }
        }
        throw new IllegalArgumentException("the definition has no opening brace");
    }
}
