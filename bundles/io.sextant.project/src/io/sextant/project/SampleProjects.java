package io.sextant.project;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.osgi.framework.FrameworkUtil;

import io.sextant.data.PartialFolders;
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
 * The sample project: synthetic data of a tier (seeded, with its ground truth) generated into {@code data/}
 * and imported into the project's embedded event source, and example definitions over those events (every
 * construct of the language, and a playbook) in {@code definitions/}.
 */
public final class SampleProjects {

    /** The example definitions, in this bundle's samples/ folder. */
    public static final List<String> DEFINITION_FILES = List.of("core.seg", "growth.seg");
    public static final long DEFAULT_SEED = 42;

    private SampleProjects() {
    }

    /**
     * Creates a sample project in a folder that does not exist yet (or is empty). It is made in a hidden
     * folder beside it and moved into place when complete, so a failed or cancelled creation leaves nothing.
     */
    public static GroundTruth create(Path folder, Tier tier, long seed, IProgressMonitor monitor) throws ProjectException {
        Path target = folder.toAbsolutePath().normalize();
        if (Files.isRegularFile(target)) {
            throw new ProjectException(folder + " is a file; give a new folder for the sample project");
        }
        if (Files.isDirectory(target) && !isEmpty(target)) {
            throw new ProjectException(folder + " is not empty; give a new or empty folder for the sample project");
        }
        Path parent = target.getParent();
        Path partial = parent.resolve(PartialFolders.name(target, ProcessHandle.current().pid()));
        try {
            Files.createDirectories(parent);
            PartialFolders.deleteLeftovers(target);
            Files.createDirectories(partial);
            GroundTruth truth = populate(partial, tier, seed, monitor);
            // the events' database is moved with the folder: nothing of this process may keep it open
            EventDataSource.embeddedDuckDb(partial).release();
            if (Files.isDirectory(target)) {
                Files.delete(target); // empty, checked above
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            return truth;
        } catch (IOException e) {
            throw new ProjectException("cannot create the sample project in " + folder + ": " + e.getMessage(), e);
        } finally {
            try {
                PartialFolders.deleteRecursively(partial);
            } catch (IOException e) {
                // a hidden leftover of a failed creation harms nothing; the next creation of this folder removes it
            }
        }
    }

    /**
     * Generates, imports and writes the sample into an existing folder (the IDE's new project). A failure
     * leaves what was written so far; the IDE deletes the project then.
     */
    public static GroundTruth populate(Path folder, Tier tier, long seed, IProgressMonitor monitor) throws ProjectException {
        SubMonitor progress = SubMonitor.convert(monitor, "Creating the sample project", 100);
        try {
            progress.subTask("Generating tier " + tier + " event data (seed " + seed + ")");
            GroundTruth truth = new SyntheticGenerator().generate(folder.resolve("data"),
                    GeneratorSettings.of(tier, seed).withFormats(true, false), progress.split(35));
            checkCanceled(progress);

            progress.subTask("Importing users and events");
            EventDataSource source = EventDataSource.embedded(folder);
            DataImporter importer = new DataImporter(source).rememberMappingsIn(new MappingStore(folder));
            importer.importFile(truth.files().get("users.csv"), ImportMapping.users("user_id", "signup_time").build(),
                    progress.split(15));
            checkCanceled(progress);
            importer.importFile(truth.files().get("events.csv"), ImportMapping.events("user_id", "event", "time").build(),
                    progress.split(45)); // each import derives the catalog afterwards
            checkCanceled(progress);

            progress.subTask("Writing example definitions");
            Path definitions = Files.createDirectories(folder.resolve(SextantProject.DEFINITIONS_FOLDER));
            for (String name : DEFINITION_FILES) {
                try (InputStream in = definitionText(name)) {
                    Files.copy(in, definitions.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            progress.worked(5);
            return truth;
        } catch (IOException | SQLException | ImportException e) {
            throw new ProjectException("cannot create the sample project: " + e.getMessage(), e);
        }
    }

    /** An example definition file's text, from this bundle. */
    public static InputStream definitionText(String name) throws IOException {
        URL entry = FrameworkUtil.getBundle(SampleProjects.class).getEntry("samples/" + name);
        if (entry == null) {
            throw new IOException("the bundle io.sextant.project has no samples/" + name);
        }
        return entry.openStream();
    }

    private static void checkCanceled(IProgressMonitor monitor) {
        if (monitor.isCanceled()) {
            throw new OperationCanceledException();
        }
    }

    private static boolean isEmpty(Path folder) throws ProjectException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new ProjectException("cannot read " + folder + ": " + e.getMessage(), e);
        }
    }
}
