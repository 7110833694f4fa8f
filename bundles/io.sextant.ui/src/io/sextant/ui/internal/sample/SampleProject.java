package io.sextant.ui.internal.sample;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.resources.WorkspaceJob;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.osgi.framework.FrameworkUtil;

import io.sextant.data.EventDataSource;
import io.sextant.data.generator.GeneratorSettings;
import io.sextant.data.generator.GroundTruth;
import io.sextant.data.generator.SyntheticGenerator;
import io.sextant.data.generator.Tier;
import io.sextant.data.imports.DataImporter;
import io.sextant.data.imports.ImportException;
import io.sextant.data.imports.ImportMapping;
import io.sextant.data.imports.MappingStore;

/**
 * The sample project the IDE opens onto when started with {@code -Dsextant.sampleProject=true} (as
 * releng/run-ide.sh does) and the workspace has none: tier S synthetic data (about 100,000 events, seed 42)
 * generated into data/ and imported into the project's embedded event source, and example definitions over
 * those events in definitions/, which are recorded in the repository like any saved file.
 */
public final class SampleProject {

    public static final String NAME = "sample";
    public static final String PROPERTY = "sextant.sampleProject";
    private static final List<String> DEFINITIONS = List.of("core.seg", "growth.seg");

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

    public static Job job(IProject project) {
        WorkspaceJob job = new WorkspaceJob("Creating the sample project") {
            @Override
            public IStatus runInWorkspace(IProgressMonitor monitor) throws CoreException {
                try {
                    SampleProject.create(project, monitor);
                    return Status.OK_STATUS;
                } catch (IOException | ImportException | SQLException e) {
                    return Status.error("Could not create the sample project: " + e.getMessage(), e);
                }
            }
        };
        job.setRule(ResourcesPlugin.getWorkspace().getRoot());
        job.setUser(true);
        return job;
    }

    static void create(IProject project, IProgressMonitor monitor)
            throws CoreException, IOException, ImportException, SQLException {
        SubMonitor progress = SubMonitor.convert(monitor, "Creating the sample project", 100);
        project.create(progress.split(1));
        project.open(progress.split(1));
        addEditorNature(project);
        Path folder = project.getLocation().toFile().toPath();

        progress.subTask("Generating tier S event data (seed 42)");
        GroundTruth truth = new SyntheticGenerator().generate(folder.resolve("data"),
                GeneratorSettings.of(Tier.S, 42).withFormats(true, false), progress.split(30));

        progress.subTask("Importing users and events");
        EventDataSource source = EventDataSource.embedded(folder);
        DataImporter importer = new DataImporter(source).rememberMappingsIn(new MappingStore(folder));
        importer.importFile(truth.files().get("users.csv"), ImportMapping.users("user_id", "signup_time").build(),
                progress.split(20));
        importer.importFile(truth.files().get("events.csv"), ImportMapping.events("user_id", "event", "time").build(),
                progress.split(40)); // each import derives the catalog afterwards

        progress.subTask("Writing example definitions");
        project.getFolder("definitions").create(true, true, progress.split(1));
        for (String name : DEFINITIONS) {
            IFile file = project.getFile("definitions/" + name);
            URL entry = FrameworkUtil.getBundle(SampleProject.class).getEntry("samples/" + name);
            try (InputStream in = entry.openStream()) {
                file.create(in, true, progress.split(2));
            }
        }
        project.refreshLocal(IResource.DEPTH_INFINITE, progress.split(3));
    }
}
