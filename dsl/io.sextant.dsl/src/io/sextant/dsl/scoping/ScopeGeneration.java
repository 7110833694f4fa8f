package io.sextant.dsl.scoping;

import org.eclipse.emf.common.notify.impl.AdapterImpl;
import org.eclipse.emf.ecore.resource.ResourceSet;

/**
 * A counter on a resource set that its owner raises whenever a file is added, changed or removed. Scopes
 * computed under one generation stay valid until the next: a project that keeps this counter lets the
 * language reuse one scope per file and reference type instead of building one per reference.
 */
public final class ScopeGeneration extends AdapterImpl {

    private long generation;

    /** The counter of the resource set, or null if its owner does not keep one. */
    public static ScopeGeneration of(ResourceSet resources) {
        for (Object adapter : resources.eAdapters()) {
            if (adapter instanceof ScopeGeneration counter) {
                return counter;
            }
        }
        return null;
    }

    /** Adds a counter to the resource set (once) and returns it. */
    public static ScopeGeneration install(ResourceSet resources) {
        ScopeGeneration counter = of(resources);
        if (counter == null) {
            counter = new ScopeGeneration();
            resources.eAdapters().add(counter);
        }
        return counter;
    }

    public synchronized void next() {
        generation++;
    }

    public synchronized long current() {
        return generation;
    }

    @Override
    public boolean isAdapterForType(Object type) {
        return type == ScopeGeneration.class;
    }
}
