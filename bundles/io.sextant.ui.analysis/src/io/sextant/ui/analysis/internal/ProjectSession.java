package io.sextant.ui.analysis.internal;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;

import io.sextant.analysis.AnalysisRegistry;
import io.sextant.analysis.AnalysisRunner;
import io.sextant.analysis.DefinitionLookup;
import io.sextant.data.EventDataSource;
import io.sextant.data.catalog.CatalogService;
import io.sextant.data.catalog.DataCatalog;
import io.sextant.dsl.SegDefinitions;
import io.sextant.dsl.seg.Definition;
import io.sextant.dsl.seg.Metric;
import io.sextant.dsl.seg.SegFile;
import io.sextant.dsl.seg.Segment;
import io.sextant.engine.Engine;
import io.sextant.project.ProjectException;
import io.sextant.project.SextantProject;
import io.sextant.store.Repository;
import io.sextant.ui.internal.repository.ProjectRepositories;

/**
 * What running an analysis on a project needs, read once per run request off the UI thread: the project's
 * repository, event data and catalog, its definitions (resolved), the installed analyses and a runner.
 */
record ProjectSession(IProject project, Repository repository, DataCatalog catalog, Map<IFile, SegFile> files,
        List<Definition> definitions, AnalysisRegistry registry, AnalysisRunner runner, LocalDate lastDataDay) {

    /** The name under which runs record the project's embedded event data. */
    static final String DATA_SOURCE_NAME = SextantProject.DATA_SOURCE_NAME;

    /** Reads the project; {@code overrideFile}/{@code overrideText} give an editor's unsaved text (may be null). */
    static ProjectSession open(IProject project, IFile overrideFile, String overrideText) throws Exception {
        Repository repository = ProjectRepositories.get().of(project).orElseThrow(() -> new IllegalStateException(
                "project '" + project.getName() + "' is not open on disk, so it has no repository"));
        Path folder = project.getLocation().toFile().toPath();
        EventDataSource source = EventDataSource.embedded(folder);
        DataCatalog catalog = new CatalogService(source).read();
        Map<IFile, SegFile> files = SegDefinitionsLoader.load(project, overrideFile, overrideText);
        List<Definition> definitions = SegDefinitionsLoader.definitions(files);
        AnalysisRegistry registry = AnalysisRegistry.read();
        AnalysisRunner runner = new AnalysisRunner(registry, repository, Engine.on(source), DATA_SOURCE_NAME, catalog);
        return new ProjectSession(project, repository, catalog, files, definitions, registry, runner,
                lastDataDay(source));
    }

    DefinitionLookup lookup() {
        return DefinitionLookup.of(definitions);
    }

    List<String> segmentNames() {
        return names(Segment.class);
    }

    List<String> metricNames() {
        return names(Metric.class);
    }

    List<String> eventNames() {
        return List.copyOf(new TreeSet<>(catalog.events().keySet()));
    }

    /**
     * The day the data ends (UTC), as the command line and reports take it (so their runs answer the same
     * question): the latest day with at least a tenth of the median daily volume, so that a few events with a
     * wrong clock do not make every recent period look ended and empty; today when it cannot be read. Read
     * once here, off the UI thread: it scans the events, and the dialog shows it when it opens.
     */
    private static LocalDate lastDataDay(EventDataSource source) {
        try {
            return SextantProject.lastDataDay(source);
        } catch (ProjectException e) {
            return LocalDate.now(ZoneOffset.UTC);
        }
    }

    /** Simple names where they are unique, qualified names where two packages share one. */
    private List<String> names(Class<? extends Definition> kind) {
        List<Definition> ofKind = definitions.stream().filter(kind::isInstance).toList();
        TreeSet<String> names = new TreeSet<>();
        for (Definition definition : ofKind) {
            long same = ofKind.stream().filter(d -> d.getName().equals(definition.getName())).count();
            names.add(same > 1 ? SegDefinitions.qualifiedName(definition) : definition.getName());
        }
        return List.copyOf(names);
    }
}
