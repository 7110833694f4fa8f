package io.sextant.dsl.context;

import org.eclipse.emf.common.util.URI;

import com.google.inject.ImplementedBy;

/**
 * Finds the project context of a .seg file. The language binds {@link NoProjectContext} by default; the
 * IDE and the command line bind one that asks the project's data source and repository.
 */
@ImplementedBy(NoProjectContext.class)
public interface ProjectContextProvider {

    ProjectContext contextFor(URI resource);
}
