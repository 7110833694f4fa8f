package io.sextant.dsl.ide.highlighting;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.ide.editor.syntaxcoloring.IHighlightedPositionAcceptor;
import org.eclipse.xtext.ide.editor.syntaxcoloring.ISemanticHighlightingCalculator;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;

import io.sextant.dsl.seg.Definition;
import io.sextant.dsl.seg.SegPackage.Literals;

/**
 * Colours what the lexer cannot tell apart: the names definitions declare, references to definitions, event
 * names (strings that name events) and properties.
 */
public class SegSemanticHighlightingCalculator implements ISemanticHighlightingCalculator {

    public static final String DEFINITION = "seg.definition";
    public static final String REFERENCE = "seg.reference";
    public static final String EVENT = "seg.event";
    public static final String PROPERTY = "seg.property";

    @Override
    public void provideHighlightingFor(XtextResource resource, IHighlightedPositionAcceptor acceptor,
            CancelIndicator cancel) {
        if (resource == null || resource.getContents().isEmpty()) {
            return;
        }
        var contents = resource.getContents().get(0).eAllContents();
        while (contents.hasNext()) {
            if (cancel.isCanceled()) {
                return;
            }
            highlightObject(contents.next(), acceptor);
        }
    }

    /**
     * Colours one object of the model and everything it contains (a definition, say). What an object gets
     * depends only on its own text: references are coloured where they are written, not resolved.
     */
    public void provideHighlightingFor(EObject object, IHighlightedPositionAcceptor acceptor, CancelIndicator cancel) {
        highlightObject(object, acceptor);
        var contents = object.eAllContents();
        while (contents.hasNext()) {
            if (cancel.isCanceled()) {
                return;
            }
            highlightObject(contents.next(), acceptor);
        }
    }

    private static void highlightObject(EObject object, IHighlightedPositionAcceptor acceptor) {
        if (object instanceof Definition) {
            mark(object, Literals.DEFINITION__NAME, DEFINITION, acceptor);
        }
        for (var reference : object.eClass().getEAllReferences()) {
            if (!reference.isContainment()) {
                mark(object, reference, REFERENCE, acceptor);
            }
        }
        for (var attribute : object.eClass().getEAllAttributes()) {
            String name = attribute.getName();
            if (name.equals("event") || name.equals("assignmentEvent")) {
                mark(object, attribute, EVENT, acceptor);
            } else if (name.equals("property") || name.equals("attribute") || name.equals("assignmentProperty")) {
                mark(object, attribute, PROPERTY, acceptor);
            }
        }
    }

    private static void mark(EObject object, EStructuralFeature feature, String style,
            IHighlightedPositionAcceptor acceptor) {
        for (INode node : NodeModelUtils.findNodesForFeature(object, feature)) {
            acceptor.addPosition(node.getOffset(), node.getLength(), style);
        }
    }
}
