package io.sextant.ui.internal.repository;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IResourceChangeEvent;
import org.eclipse.core.resources.IResourceChangeListener;
import org.eclipse.core.resources.IResourceDelta;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;

import com.google.inject.Injector;

import io.sextant.dsl.SegStandaloneSetup;
import io.sextant.store.EditBase;
import io.sextant.store.Repository;
import io.sextant.store.SegFileRecorder;
import io.sextant.store.StoreException;

/**
 * Records drafts in the project's repository whenever a .seg file's content changes on disk (a save in an
 * editor, a file written by another tool, a file added): the definitions whose text changed become drafts.
 * The work runs in a Job, never on the UI thread. What the repository refuses (an edit of a published
 * version, say) becomes a problem marker on the definition's line, removed when the file records cleanly.
 */
public final class SegFileRecording implements IResourceChangeListener {

    /** Markers of definitions the repository refused to record. */
    public static final String MARKER = "io.sextant.ui.repositoryProblem";

    private final Set<IFile> pending = new LinkedHashSet<>();
    /** What each file last recorded or saw of each definition: the base of its next save (optimistic locking). */
    private final Map<IFile, Map<String, EditBase>> bases = new ConcurrentHashMap<>();
    private final Job job = Job.create("Recording definitions in the repository", this::recordPending);
    private Injector injector;

    public void start() {
        job.setSystem(false);
        ResourcesPlugin.getWorkspace().addResourceChangeListener(this, IResourceChangeEvent.POST_CHANGE);
    }

    /** Stops listening, then records what is still pending (for up to 20 s) so that a last save is not lost. */
    public void stop() {
        ResourcesPlugin.getWorkspace().removeResourceChangeListener(this);
        synchronized (pending) {
            if (pending.isEmpty() && job.getState() == Job.NONE) {
                return;
            }
        }
        job.schedule();
        try {
            if (!job.join(20_000, null)) {
                ILog.of(getClass()).warn("Stopped before the last saved definitions were recorded in the repository");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The job that records; tests wait for it. */
    public Job job() {
        return job;
    }

    @Override
    public void resourceChanged(IResourceChangeEvent event) {
        List<IFile> changed = new ArrayList<>();
        try {
            event.getDelta().accept(delta -> {
                // copies in output folders (bin/, target/) are not the analyst's definitions
                if (delta.getResource() instanceof IFile file && "seg".equals(file.getFileExtension())
                        && !file.isDerived(IResource.CHECK_ANCESTORS)
                        && (delta.getKind() == IResourceDelta.ADDED
                                || delta.getKind() == IResourceDelta.CHANGED
                                        && (delta.getFlags() & (IResourceDelta.CONTENT | IResourceDelta.REPLACED)) != 0)) {
                    changed.add(file);
                }
                return true;
            });
        } catch (CoreException e) {
            ILog.of(getClass()).log(e.getStatus());
        }
        if (!changed.isEmpty()) {
            synchronized (pending) {
                pending.addAll(changed);
            }
            job.schedule();
        }
    }

    private IStatus recordPending(IProgressMonitor monitor) {
        List<IFile> files;
        synchronized (pending) {
            files = new ArrayList<>(pending);
            pending.clear();
        }
        SubMonitor progress = SubMonitor.convert(monitor, files.size());
        for (IFile file : files) {
            if (progress.isCanceled()) {
                synchronized (pending) {
                    pending.addAll(files.subList(files.indexOf(file), files.size()));
                }
                return Status.CANCEL_STATUS;
            }
            progress.subTask(file.getFullPath().toString());
            if (file.exists()) {
                record(file);
            }
            progress.worked(1);
        }
        return Status.OK_STATUS;
    }

    private void record(IFile file) {
        try {
            Repository repository = ProjectRepositories.get().of(file.getProject()).orElse(null);
            if (repository == null) {
                return;
            }
            XtextResourceSet resources = injector().getInstance(XtextResourceSet.class);
            XtextResource resource = (XtextResource) resources
                    .createResource(URI.createPlatformResourceURI(file.getFullPath().toString(), true));
            try (var contents = file.getContents(true)) {
                resource.load(contents, Map.of(XtextResource.OPTION_ENCODING, file.getCharset()));
            }
            SegFileRecorder.Summary summary = new SegFileRecorder(repository)
                    .record(resource, bases.computeIfAbsent(file, f -> new ConcurrentHashMap<>()));
            showRefusals(file, summary.refused());
        } catch (StoreException e) {
            // the repository cannot be opened (damaged, in use elsewhere): the user must see it where they work
            showRefusals(file, List.of(new SegFileRecorder.Refusal("", 1, e.getMessage())));
        } catch (Exception e) {
            ILog.of(getClass()).error("Could not record the definitions of " + file.getFullPath(), e);
        }
    }

    private void showRefusals(IFile file, List<SegFileRecorder.Refusal> refusals) {
        try {
            replaceMarkers(file, refusals);
        } catch (CoreException e) {
            ILog.of(getClass()).log(e.getStatus());
        }
    }

    private void replaceMarkers(IFile file, List<SegFileRecorder.Refusal> refusals) throws CoreException {
        ResourcesPlugin.getWorkspace().run(monitor -> {
            file.deleteMarkers(MARKER, false, IResource.DEPTH_ZERO);
            for (SegFileRecorder.Refusal refusal : refusals) {
                if (refusal.qualifiedName() == null) {
                    continue; // syntax errors: the language's own markers say where
                }
                IMarker marker = file.createMarker(MARKER);
                marker.setAttribute(IMarker.SEVERITY, IMarker.SEVERITY_ERROR);
                marker.setAttribute(IMarker.MESSAGE, "Not recorded in the repository: " + refusal.message());
                marker.setAttribute(IMarker.LINE_NUMBER, Math.max(1, refusal.line()));
            }
        }, file, 0, null);
    }

    private synchronized Injector injector() {
        if (injector == null) {
            injector = new SegStandaloneSetup().createInjectorAndDoEMFRegistration();
        }
        return injector;
    }
}
