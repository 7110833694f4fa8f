package io.sextant.dsl.tests;

import org.eclipse.emf.common.util.URI;

import io.sextant.dsl.context.ProjectContext;
import io.sextant.dsl.context.ProjectContextProvider;

/** A project context that tests set: what the data layer and the repository will provide in the product. */
public class FixtureContext implements ProjectContextProvider {

    static volatile ProjectContext current = ProjectContext.EMPTY;

    @Override
    public ProjectContext contextFor(URI resource) {
        return current;
    }
}
