package io.sextant.dsl.ide;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.resource.IResourceFactory;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.LazyStringInputStream;

import io.sextant.dsl.scoping.ScopeGeneration;

/**
 * The .seg files of one project, which see each other's definitions (references resolve across them).
 * An editor puts a file's current text here on every change; the builder puts every file of the project.
 * Not thread-safe: one thread (or lock) per project.
 */
public final class SegProject {

    private final XtextResourceSet resources;
    private final IResourceFactory factory;

    private final ScopeGeneration generation;
    private long changes;
    private final java.util.Map<URI, Long> changesByFile = new java.util.HashMap<>();

    SegProject(XtextResourceSet resources, IResourceFactory factory) {
        this.resources = resources;
        this.factory = factory;
        // every change of a file starts a new generation: scopes built before it are not reused
        this.generation = ScopeGeneration.install(resources);
    }

    /** Parses the text as the file at the URI, replacing what the project had for it, and returns it. */
    public XtextResource put(URI uri, String text) {
        generation.next();
        changes++;
        changesByFile.merge(uri, 1L, Long::sum);
        Resource existing = resources.getResource(uri, false);
        if (existing != null) {
            // dropped, not unloaded: unloading turns every old object into a proxy, which costs more than the
            // parse; the other files are relinked below, so nothing keeps pointing at the old objects
            resources.getResources().remove(existing);
        }
        XtextResource resource = (XtextResource) factory.createResource(uri);
        resources.getResources().add(resource);
        try {
            resource.load(new LazyStringInputStream(text), resources.getLoadOptions());
        } catch (IOException e) {
            // text in memory: only a broken input stream could fail, and this one cannot
            throw new UncheckedIOException(e);
        }
        // references into this file from the other files must resolve against the new text
        relinkAllBut(resource);
        return resource;
    }

    /**
     * Replaces a part of the file's text and parses again only the part of the file around it (Xtext's
     * partial parsing), returning the file. The caller checks the result against the whole text; the other
     * files' references into this file resolve again.
     */
    public XtextResource update(URI uri, int offset, int replacedLength, String newText) {
        XtextResource resource = get(uri);
        if (resource == null) {
            throw new IllegalArgumentException("the project has no file " + uri);
        }
        generation.next();
        changes++;
        changesByFile.merge(uri, 1L, Long::sum);
        resource.update(offset, replacedLength, newText);
        relinkAllBut(resource);
        return resource;
    }

    /** How many times files other than the given one were put, updated or removed (their changes may change its issues). */
    public long changesOfOthers(URI uri) {
        return changes - changesByFile.getOrDefault(uri, 0L);
    }

    /** The file at the URI, or null. */
    public XtextResource get(URI uri) {
        return (XtextResource) resources.getResource(uri, false);
    }

    /** Forgets the file (deleted or renamed away). */
    public void remove(URI uri) {
        generation.next();
        changes++;
        changesByFile.merge(uri, 1L, Long::sum);
        Resource resource = resources.getResource(uri, false);
        if (resource != null) {
            resource.unload();
            resources.getResources().remove(resource);
            // references into the removed file must now fail to resolve, as they would in a fresh project
            relinkAllBut(null);
        }
    }

    private void relinkAllBut(Resource changed) {
        for (Resource other : resources.getResources()) {
            if (other != changed && other instanceof XtextResource xtext && xtext.isLoaded()
                    && !xtext.getContents().isEmpty()) {
                xtext.relink();
            }
        }
    }

    public List<XtextResource> files() {
        return resources.getResources().stream().filter(XtextResource.class::isInstance)
                .map(XtextResource.class::cast).toList();
    }
}
