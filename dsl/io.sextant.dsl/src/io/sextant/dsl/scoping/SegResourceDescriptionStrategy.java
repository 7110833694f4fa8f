package io.sextant.dsl.scoping;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.resource.IEObjectDescription;
import org.eclipse.xtext.resource.impl.DefaultResourceDescriptionStrategy;
import org.eclipse.xtext.util.IAcceptor;

import io.sextant.dsl.seg.Definition;
import io.sextant.dsl.seg.SegFile;

/** What a file exports to the project's index: its definitions, and nothing inside them. */
public class SegResourceDescriptionStrategy extends DefaultResourceDescriptionStrategy {

    @Override
    public boolean createEObjectDescriptions(EObject object, IAcceptor<IEObjectDescription> acceptor) {
        if (object instanceof SegFile) {
            return true; // look at its definitions
        }
        if (object instanceof Definition) {
            super.createEObjectDescriptions(object, acceptor);
        }
        return false; // conditions, metrics' parts, variants: never referred to from outside
    }
}
