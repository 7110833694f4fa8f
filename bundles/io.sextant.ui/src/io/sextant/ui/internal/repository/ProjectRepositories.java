package io.sextant.ui.internal.repository;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResourceChangeEvent;
import org.eclipse.core.resources.IResourceChangeListener;
import org.eclipse.core.resources.IResourceDelta;
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
    /** Projects between PRE_CLOSE/PRE_DELETE and being open again: their repository must not be reopened. */
    private final Set<IProject> closing = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;

    private ProjectRepositories() {
    }

    public static ProjectRepositories get() {
        return INSTANCE;
    }

    /** Starts closing repositories with their projects. */
    public void start() {
        stopped = false;
        ResourcesPlugin.getWorkspace().addResourceChangeListener(this,
                IResourceChangeEvent.PRE_CLOSE | IResourceChangeEvent.PRE_DELETE | IResourceChangeEvent.POST_CHANGE);
    }

    /** Closes every repository, compacting its file (Sextant is stopping: a moment is affordable now). */
    public void stop() {
        stopped = true;
        ResourcesPlugin.getWorkspace().removeResourceChangeListener(this);
        open.values().forEach(Repository::close);
        open.clear();
    }

    /** The project's repository, opened (and created) if needed; empty for a project that is not on disk. */
    public Optional<Repository> of(IProject project) {
        IPath location = project.getLocation();
        if (stopped || location == null || !project.isOpen() || closing.contains(project)) {
            return Optional.empty();
        }
        Path file = Repository.locationIn(location.toFile().toPath());
        return Optional.of(open.computeIfAbsent(project, p -> Repository.open(file, new PreferenceIdentity())));
    }

    /**
     * Closes a project's repository before the project closes or goes, without compacting: this runs in the
     * thread that closes the project, holding the workspace, and must be quick. Reopened projects are
     * allowed their repository again.
     */
    @Override
    public void resourceChanged(IResourceChangeEvent event) {
        if (event.getType() == IResourceChangeEvent.POST_CHANGE) {
            for (IResourceDelta delta : event.getDelta().getAffectedChildren()) {
                boolean openedOrAdded = delta.getKind() == IResourceDelta.ADDED
                        || (delta.getFlags() & IResourceDelta.OPEN) != 0;
                if (openedOrAdded && delta.getResource() instanceof IProject project && project.isOpen()) {
                    closing.remove(project);
                }
            }
            return;
        }
        if (event.getResource() instanceof IProject project) {
            closing.add(project);
            Repository repository = open.remove(project);
            if (repository != null) {
                repository.closeWithoutCompacting();
            }
        }
    }
}
