package io.sextant.dsl.scoping;

import java.util.HashMap;
import java.util.Map;

import org.eclipse.emf.common.notify.impl.AdapterImpl;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.scoping.IScope;

/**
 * Every reference of the language names a top-level definition, so what it can see depends only on its file
 * (package, imports) and the project, not on where in the file it stands. When the project keeps a
 * {@link ScopeGeneration}, the scope of a file for a reference type is built once per generation and reused
 * for all its references; otherwise Xtext's import-aware scoping runs for each reference.
 */
public class SegScopeProvider extends AbstractSegScopeProvider {

    @Override
    public IScope getScope(EObject context, EReference reference) {
        Resource resource = context.eResource();
        ScopeGeneration generation = resource == null || resource.getResourceSet() == null ? null
                : ScopeGeneration.of(resource.getResourceSet());
        if (generation == null) {
            return super.getScope(context, reference);
        }
        FileScopes scopes = FileScopes.of(resource, generation.current());
        return scopes.byReference.computeIfAbsent(reference,
                r -> super.getScope(EcoreUtil2.getRootContainer(context), r));
    }

    /** The scopes of one file under one generation, kept on the resource. */
    private static final class FileScopes extends AdapterImpl {

        private final long generation;
        private final Map<EReference, IScope> byReference = new HashMap<>();

        private FileScopes(long generation) {
            this.generation = generation;
        }

        static FileScopes of(Resource resource, long generation) {
            for (Object adapter : resource.eAdapters()) {
                if (adapter instanceof FileScopes scopes) {
                    if (scopes.generation == generation) {
                        return scopes;
                    }
                    resource.eAdapters().remove(scopes);
                    break;
                }
            }
            FileScopes scopes = new FileScopes(generation);
            resource.eAdapters().add(scopes);
            return scopes;
        }

        @Override
        public boolean isAdapterForType(Object type) {
            return type == FileScopes.class;
        }
    }
}
