package io.sextant.ui.editor.internal.model;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResourceChangeEvent;
import org.eclipse.core.resources.IResourceChangeListener;
import org.eclipse.core.resources.IResourceDelta;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.ILog;
import org.eclipse.emf.common.util.URI;

/** The editors' model of every project, kept in step with the files on disk by a resource listener. */
public final class SegWorkspace implements IResourceChangeListener {

    private static final SegWorkspace INSTANCE = new SegWorkspace();

    private final Map<IProject, ProjectModel> models = new ConcurrentHashMap<>();

    private SegWorkspace() {
    }

    public static SegWorkspace get() {
        return INSTANCE;
    }

    public void start() {
        ResourcesPlugin.getWorkspace().addResourceChangeListener(this,
                IResourceChangeEvent.POST_CHANGE | IResourceChangeEvent.PRE_CLOSE | IResourceChangeEvent.PRE_DELETE);
    }

    public void stop() {
        ResourcesPlugin.getWorkspace().removeResourceChangeListener(this);
        models.clear();
    }

    public ProjectModel model(IProject project) {
        return models.computeIfAbsent(project, ProjectModel::new);
    }

    @Override
    public void resourceChanged(IResourceChangeEvent event) {
        if (event.getType() != IResourceChangeEvent.POST_CHANGE) {
            if (event.getResource() instanceof IProject project) {
                models.remove(project);
                SegLanguage.contexts().forget(project);
            }
            return;
        }
        Map<IProject, Set<URI>> changed = new HashMap<>();
        try {
            event.getDelta().accept(delta -> {
                if (delta.getResource() instanceof IFile file && "seg".equals(file.getFileExtension())) {
                    boolean relevant = delta.getKind() == IResourceDelta.ADDED || delta.getKind() == IResourceDelta.REMOVED
                            || (delta.getFlags() & (IResourceDelta.CONTENT | IResourceDelta.REPLACED)) != 0;
                    if (relevant && models.containsKey(file.getProject())) {
                        changed.computeIfAbsent(file.getProject(), p -> new HashSet<>()).add(SegFiles.uri(file));
                    }
                }
                return true;
            });
        } catch (CoreException e) {
            ILog.of(getClass()).log(e.getStatus());
        }
        changed.forEach((project, uris) -> {
            ProjectModel model = models.get(project);
            if (model != null) {
                model.changedOnDisk(uris);
            }
        });
    }
}
