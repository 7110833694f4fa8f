package io.sextant.dsl.context;

import org.eclipse.emf.common.util.URI;

/** No catalog, no published versions, no measured facts: only the structural checks apply. */
public class NoProjectContext implements ProjectContextProvider {

    @Override
    public ProjectContext contextFor(URI resource) {
        return ProjectContext.EMPTY;
    }
}
