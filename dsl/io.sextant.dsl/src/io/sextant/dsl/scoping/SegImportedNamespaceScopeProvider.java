package io.sextant.dsl.scoping;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.resource.IEObjectDescription;
import org.eclipse.xtext.resource.ISelectable;
import org.eclipse.xtext.scoping.Scopes;
import org.eclipse.xtext.scoping.impl.ImportedNamespaceAwareLocalScopeProvider;
import org.eclipse.xtext.scoping.impl.MultimapBasedSelectable;

import io.sextant.dsl.seg.SegFile;

/**
 * Xtext's import-aware scoping, told that only the top-level definitions of a file can be referred to: it
 * no longer asks a qualified name of every condition, literal and window in the file.
 */
public class SegImportedNamespaceScopeProvider extends ImportedNamespaceAwareLocalScopeProvider {

    @Override
    protected ISelectable internalGetAllDescriptions(Resource resource) {
        if (resource.getContents().isEmpty() || !(resource.getContents().get(0) instanceof SegFile file)) {
            return super.internalGetAllDescriptions(resource);
        }
        Iterable<EObject> definitions = java.util.List.copyOf(file.getDefinitions());
        Iterable<IEObjectDescription> descriptions = Scopes.scopedElementsFor(definitions, getQualifiedNameProvider());
        return new MultimapBasedSelectable(descriptions);
    }
}
