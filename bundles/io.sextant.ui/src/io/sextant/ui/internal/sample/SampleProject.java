package io.sextant.ui.internal.sample;

import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;

import io.sextant.data.generator.Tier;
import io.sextant.project.ProjectException;
import io.sextant.project.SampleProjects;

/**
 * The sample project the IDE opens onto when started with {@code -Dsextant.sampleProject=true} (as
 * releng/run-ide.sh does) and the workspace has none: synthetic data of tier S (about 100,000 events, seed 42;
 * another tier with {@code -Dsextant.sampleTier=M}, as {@code SEXTANT_SAMPLE_TIER=M releng/run-ide.sh} sets) generated into data/ and imported into the project's embedded event source, and example definitions over
 * those events in definitions/, which are recorded in the repository like any saved file.
 */
public final class SampleProject {

    public static final String NAME = "sample";
    public static final String PROPERTY = "sextant.sampleProject";
    /** The tier of the sample's data: S (default), M or L. */
    public static final String TIER_PROPERTY = "sextant.sampleTier";

    private SampleProject() {
    }

    /** Creates the sample project in a Job when asked to and the workspace has no project of that name. */
    public static void createIfWanted() {
        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(NAME);
        if (Boolean.getBoolean(PROPERTY) && !project.exists()) {
            job(project).schedule();
        }
    }

    /** The nature of the segment editor (its builder validates every .seg file), when that bundle is installed. */
    public static final String EDITOR_NATURE = "io.sextant.ui.editor.segNature";

    /** Adds the segment editor's nature to the project, when the editor is installed. */
    public static void addEditorNature(IProject project) throws CoreException {
        if (ResourcesPlugin.getWorkspace().getNatureDescriptor(EDITOR_NATURE) == null
                || project.getDescription().hasNature(EDITOR_NATURE)) {
            return;
        }
        var description = project.getDescription();
        String[] natures = java.util.Arrays.copyOf(description.getNatureIds(), description.getNatureIds().length + 1);
        natures[natures.length - 1] = EDITOR_NATURE;
        description.setNatureIds(natures);
        project.setDescription(description, null);
    }

    /**
     * The job that creates the project: the project itself first, in a short workspace operation of its own,
     * so that the Project Explorer lists it at once, marked "(being created…)"; then its data and definitions
     * are written (outside any workspace lock: nothing else waits for them) and the project is refreshed.
     */
    public static Job job(IProject project) {
        Job job = new Job("Creating the sample project") {
            @Override
            public IStatus run(IProgressMonitor monitor) {
                try {
                    SampleProject.create(project, monitor);
                    return Status.OK_STATUS;
                } catch (ProjectException | CoreException e) {
                    return Status.error("Could not create the sample project: " + e.getMessage(), e);
                } finally {
                    try {
                        BeingCreatedDecorator.mark(project, false);
                    } catch (CoreException e) {
                        // the project is gone: nothing to unmark
                    }
                }
            }
        };
        job.setUser(true);
        return job;
    }

    static void create(IProject project, IProgressMonitor monitor) throws CoreException, ProjectException {
        SubMonitor progress = SubMonitor.convert(monitor, "Creating the sample project", 100);
        var workspace = ResourcesPlugin.getWorkspace();
        workspace.run(m -> {
            project.create(m);
            project.open(m);
            BeingCreatedDecorator.mark(project, true);
        }, workspace.getRoot(), 0, progress.split(1));
        SampleProjects.populate(project.getLocation().toFile().toPath(), tier(), SampleProjects.DEFAULT_SEED,
                progress.split(95));
        // the nature (and so its builder) once the files are there, then the files themselves
        workspace.run(m -> {
            addEditorNature(project);
            project.refreshLocal(IResource.DEPTH_INFINITE, m);
        }, workspace.getRoot(), 0, progress.split(4));
    }

    /** The tier asked for with {@value #TIER_PROPERTY}; S when unset or not a tier (logged by the job's name). */
    static Tier tier() {
        String asked = System.getProperty(TIER_PROPERTY, "S").strip().toUpperCase(java.util.Locale.ROOT);
        try {
            return Tier.valueOf(asked);
        } catch (IllegalArgumentException e) {
            return Tier.S;
        }
    }
}
