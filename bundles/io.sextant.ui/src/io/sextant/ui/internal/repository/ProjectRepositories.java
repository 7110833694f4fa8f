package io.sextant.ui.internal.repository;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IResourceChangeEvent;
import org.eclipse.core.resources.IResourceChangeListener;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.IPath;

import io.sextant.store.PreferenceIdentity;
import io.sextant.store.Repository;

/**
 * The open repository of each project (in the project's .sextant folder), opened on first use and closed when
 * the project is closed or deleted and when the workbench stops, so that H2 releases its file.
 */
public final class ProjectRepositories implements IResourceChangeListener {

    private static final ProjectRepositories INSTANCE = new ProjectRepositories();

    private final Map<IProject, Repository> open = new ConcurrentHashMap<>();

    private ProjectRepositories() {
    }

    public static ProjectRepositories get() {
        return INSTANCE;
    }

    /** Starts closing repositories with their projects. */
    public void start() {
        ResourcesPlugin.getWorkspace().addResourceChangeListener(this,
                IResourceChangeEvent.PRE_CLOSE | IResourceChangeEvent.PRE_DELETE);
    }

    public void stop() {
        ResourcesPlugin.getWorkspace().removeResourceChangeListener(this);
        open.values().forEach(Repository::close);
        open.clear();
    }

    /** The project's repository, opened (and created) if needed; empty for a project that is not on disk. */
    public Optional<Repository> of(IProject project) {
        IPath location = project.getLocation();
        if (location == null || !project.isOpen()) {
            return Optional.empty();
        }
        Path file = Repository.locationIn(location.toFile().toPath());
        return Optional.of(open.computeIfAbsent(project, p -> Repository.open(file, new PreferenceIdentity())));
    }

    @Override
    public void resourceChanged(IResourceChangeEvent event) {
        IResource resource = event.getResource();
        if (resource instanceof IProject project) {
            Repository repository = open.remove(project);
            if (repository != null) {
                repository.close();
            }
        }
    }
}
