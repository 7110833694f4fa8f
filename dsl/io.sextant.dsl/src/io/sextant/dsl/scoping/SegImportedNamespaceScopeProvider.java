package io.sextant.dsl.scoping;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.naming.QualifiedName;
import org.eclipse.xtext.resource.IEObjectDescription;
import org.eclipse.xtext.resource.ISelectable;
import org.eclipse.xtext.scoping.Scopes;
import org.eclipse.xtext.scoping.impl.ImportNormalizer;
import org.eclipse.xtext.scoping.impl.ImportedNamespaceAwareLocalScopeProvider;
import org.eclipse.xtext.scoping.impl.MultimapBasedSelectable;

import io.sextant.dsl.seg.SegFile;

/**
 * Xtext's import-aware scoping, with two things of the language: a file sees the definitions of its own
 * package in other files by their simple names (an implicit import of its package), and only top-level
 * definitions can be referred to, so it no longer asks a qualified name of every condition, literal and
 * window in the file.
 */
public class SegImportedNamespaceScopeProvider extends ImportedNamespaceAwareLocalScopeProvider {

    @Override
    protected List<ImportNormalizer> internalGetImportedNamespaceResolvers(EObject context, boolean ignoreCase) {
        List<ImportNormalizer> resolvers = super.internalGetImportedNamespaceResolvers(context, ignoreCase);
        if (context instanceof SegFile file && file.getName() != null) {
            QualifiedName ownPackage = getQualifiedNameConverter().toQualifiedName(file.getName());
            List<ImportNormalizer> withPackage = new ArrayList<>(resolvers);
            withPackage.add(new ImportNormalizer(ownPackage, true, ignoreCase));
            return withPackage;
        }
        return resolvers;
    }

    @Override
    protected ISelectable internalGetAllDescriptions(Resource resource) {
        if (resource.getContents().isEmpty() || !(resource.getContents().get(0) instanceof SegFile file)) {
            return super.internalGetAllDescriptions(resource);
        }
        Iterable<EObject> definitions = List.copyOf(file.getDefinitions());
        Iterable<IEObjectDescription> descriptions = Scopes.scopedElementsFor(definitions, getQualifiedNameProvider());
        return new MultimapBasedSelectable(descriptions);
    }
}
