package io.sextant.ui.editor.internal.model;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.ILog;
import org.eclipse.emf.common.util.URI;

import io.sextant.dsl.ide.SegProject;

/**
 * What the editors of one project see of its .seg files: every file's text as saved, except the files open in
 * an editor, whose live text (the working copy) takes their place, so that references across files follow
 * what the analyst is typing. Language work on it runs under its lock, never on the UI thread.
 */
public final class ProjectModel {

    private final IProject project;
    private final ReentrantLock lock = new ReentrantLock();
    private SegProject files;
    private final Set<URI> workingCopies = new HashSet<>();
    private final Set<URI> stale = new HashSet<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    ProjectModel(IProject project) {
        this.project = project;
    }

    public IProject project() {
        return project;
    }

    /** Runs language work on the project's files under its lock, loading what changed on disk first. */
    public <T> T locked(Function<SegProject, T> work) {
        lock.lock();
        try {
            return work.apply(fresh());
        } finally {
            lock.unlock();
        }
    }

    /** As {@link #locked}, but gives up (returning null) when the lock is not free within the time. */
    public <T> T tryLocked(long millis, Function<SegProject, T> work) {
        try {
            if (!lock.tryLock(millis, TimeUnit.MILLISECONDS)) {
                return null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        try {
            return work.apply(fresh());
        } finally {
            lock.unlock();
        }
    }

    /** Marks the file as edited in an editor: its text comes from there from now on. Call under the lock. */
    public void openWorkingCopy(URI uri) {
        workingCopies.add(uri);
    }

    /** The editor closed: the file's saved text counts again. */
    public void closeWorkingCopy(URI uri) {
        lock.lock();
        try {
            workingCopies.remove(uri);
            stale.add(uri);
        } finally {
            lock.unlock();
        }
        changed();
    }

    /** Files changed on disk (saved, written by another tool, added, deleted or renamed). */
    void changedOnDisk(Set<URI> uris) {
        lock.lock();
        try {
            stale.addAll(uris);
        } finally {
            lock.unlock();
        }
        changed();
    }

    /** Called (on any thread) whenever a file of the project changed, so that open editors validate again. */
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    private void changed() {
        listeners.forEach(Runnable::run);
    }

    private SegProject fresh() {
        if (files == null) {
            files = SegLanguage.services().newProject();
            try {
                project.accept(resource -> {
                    if (SegFiles.isSegFile(resource)) {
                        stale.add(SegFiles.uri((IFile) resource));
                    }
                    return true;
                }, IResource.DEPTH_INFINITE, false);
            } catch (CoreException e) {
                ILog.of(getClass()).log(e.getStatus());
            }
        }
        if (!stale.isEmpty()) {
            for (URI uri : List.copyOf(stale)) {
                if (workingCopies.contains(uri)) {
                    continue;
                }
                IFile file = SegFiles.file(uri);
                try {
                    if (file != null && file.exists() && SegFiles.isSegFile(file)) {
                        String text = SegFiles.read(file);
                        LanguageWork.run("load " + uri.lastSegment(), () -> files.put(uri, text));
                    } else {
                        files.remove(uri);
                    }
                } catch (Exception e) {
                    // out of sync with the disk or unreadable: the builder reports it; the others still resolve
                    files.remove(uri);
                }
            }
            stale.clear();
        }
        return files;
    }
}
