package io.sextant.ui.analysis.internal;

import org.eclipse.core.expressions.PropertyTester;
import org.eclipse.core.resources.IProject;

import io.sextant.data.sources.StoreConversion;

/** {@code eventsInH2}: whether a project's events are still in an H2 file, so that converting them applies. */
public final class EventsInH2Tester extends PropertyTester {

    @Override
    public boolean test(Object receiver, String property, Object[] args, Object expectedValue) {
        return receiver instanceof IProject project && project.getLocation() != null
                && StoreConversion.needed(project.getLocation().toFile().toPath());
    }
}
