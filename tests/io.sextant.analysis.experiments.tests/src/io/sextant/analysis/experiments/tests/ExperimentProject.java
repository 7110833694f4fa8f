package io.sextant.analysis.experiments.tests;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;

import io.sextant.analysis.AnalysisException;
import io.sextant.analysis.AnalysisRegistry;
import io.sextant.analysis.AnalysisRequest;
import io.sextant.analysis.AnalysisRunner;
import io.sextant.analysis.DefinitionLookup;
import io.sextant.data.EventDataSource;
import io.sextant.data.catalog.CatalogService;
import io.sextant.data.catalog.DataCatalog;
import io.sextant.data.imports.DataImporter;
import io.sextant.data.imports.ImportMapping;
import io.sextant.dsl.SegStandaloneSetup;
import io.sextant.dsl.context.ValueType;
import io.sextant.dsl.seg.Definition;
import io.sextant.dsl.seg.SegFile;
import io.sextant.engine.Engine;
import io.sextant.model.AnalysisRun;
import io.sextant.model.Column;
import io.sextant.model.Result;
import io.sextant.model.TableResult;
import io.sextant.store.Identity;
import io.sextant.store.Repository;

/**
 * A project for the experiment analysis' tests: event data imported into the embedded source or a given one
 * (from the generator's files or from text), a repository, and parsed .seg definitions; runs go through the {@link AnalysisRunner} exactly as
 * in the IDE. The temporary folder is removed when the JVM ends.
 */
final class ExperimentProject {

    final EventDataSource source;
    final Repository repository;
    final List<Definition> definitions = new ArrayList<>();
    final AnalysisRunner runner;
    final LocalDate asOf;

    ExperimentProject(Path folder, Path users, Path events, LocalDate asOf, Map<String, String> segFiles)
            throws Exception {
        this(folder, EventDataSource.embedded(folder.resolve("project")), null, users, events, asOf, segFiles);
    }

    /**
     * The same with the event data in {@code source} (any engine); the repository stays in {@code folder}. With a
     * {@code catalog} the import does not derive one and the runner uses that (another source's of the same
     * files).
     */
    ExperimentProject(Path folder, EventDataSource source, DataCatalog catalog, Path users, Path events,
            LocalDate asOf, Map<String, String> segFiles) throws Exception {
        this.asOf = asOf;
        this.source = source;
        DataImporter importer = new DataImporter(source).deriveCatalog(catalog == null);
        if (users != null) {
            importer.importFile(users, ImportMapping.users("user_id", "signup_time").build(), new NullProgressMonitor());
        }
        var mapping = ImportMapping.events("user_id", "event", "time");
        String header;
        try (var lines = Files.lines(events, StandardCharsets.UTF_8)) {
            header = lines.findFirst().orElse("");
        }
        if (header.contains(",amount")) {
            // declared: in a file whose first rows have no amount, the property would be inferred as text
            mapping.type("amount", ValueType.NUMBER);
        }
        importer.importFile(events, mapping.build(), new NullProgressMonitor());
        repository = Repository.open(Repository.locationIn(folder.resolve("project")), Identity.of("alice"));
        definitions.addAll(parse(segFiles));
        runner = new AnalysisRunner(AnalysisRegistry.read(), repository, Engine.on(source), "events",
                catalog != null ? catalog : new CatalogService(source).read());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            repository.close();
            deleteRecursively(folder);
        }));
    }

    /** Parses .seg texts (file name → text) together, references resolved; a syntax error is an exception. */
    static List<Definition> parse(Map<String, String> segFiles) throws IOException {
        XtextResourceSet resources = new SegStandaloneSetup().createInjectorAndDoEMFRegistration()
                .getInstance(XtextResourceSet.class);
        List<XtextResource> loaded = new ArrayList<>();
        for (Map.Entry<String, String> file : segFiles.entrySet()) {
            XtextResource resource = (XtextResource) resources.createResource(URI.createURI("test:/" + file.getKey()));
            resource.load(new ByteArrayInputStream(file.getValue().getBytes(StandardCharsets.UTF_8)), null);
            if (!resource.getErrors().isEmpty()) {
                throw new IllegalStateException(file.getKey() + ": " + resource.getErrors());
            }
            loaded.add(resource);
        }
        EcoreUtil.resolveAll(resources);
        List<Definition> definitions = new ArrayList<>();
        for (XtextResource resource : loaded) {
            definitions.addAll(((SegFile) resource.getContents().get(0)).getDefinitions());
        }
        return definitions;
    }

    /** The generator's events file with only the rows of these events (and the header): a quick import. */
    static Path onlyEvents(Path events, Set<String> names, Path into) throws IOException {
        List<String> kept = new ArrayList<>();
        try (var lines = Files.lines(events, StandardCharsets.UTF_8)) {
            boolean[] header = { true };
            lines.forEach(line -> {
                if (header[0]) {
                    kept.add(line);
                    header[0] = false;
                    return;
                }
                String[] fields = line.split(",", 3); // user_id, event, rest: neither of the first two is quoted
                if (fields.length > 1 && names.contains(fields[1])) {
                    kept.add(line);
                }
            });
        }
        Files.createDirectories(into.getParent());
        Files.write(into, kept, StandardCharsets.UTF_8);
        return into;
    }

    DefinitionLookup lookup() {
        return DefinitionLookup.of(definitions);
    }

    /** Runs the experiment analysis with these parameters and returns the stored run. */
    AnalysisRun run(Map<String, String> parameters) throws AnalysisException {
        return run("experiment", parameters);
    }

    AnalysisRun run(String analysisId, Map<String, String> parameters) throws AnalysisException {
        AnalysisRun run = runner.run(new AnalysisRequest(analysisId, parameters, asOf, lookup()),
                new NullProgressMonitor());
        return repository.runs().run(run.getId()).orElseThrow();
    }

    static TableResult table(AnalysisRun run, String name) {
        for (Result result : run.getResults()) {
            if (result.getName().equals(name)) {
                return (TableResult) result;
            }
        }
        throw new AssertionError("no result '" + name + "' in " + run.getResults().stream().map(Result::getName).toList());
    }

    static Column column(TableResult table, String name) {
        return table.getColumns().stream().filter(c -> c.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no column '" + name + "' in " + table.getName()));
    }

    /** The row whose text columns have these values (column → value). */
    static int row(TableResult table, Map<String, String> where) {
        int rows = table.getColumns().get(0).getKind() == io.sextant.model.ValueKind.TEXT
                ? table.getColumns().get(0).getTexts().size() : table.getColumns().get(0).getNumbers().size();
        for (int i = 0; i < rows; i++) {
            int at = i;
            if (where.entrySet().stream().allMatch(e -> e.getValue().equals(column(table, e.getKey()).getTexts().get(at)))) {
                return i;
            }
        }
        throw new AssertionError("no row " + where + " in " + table.getName());
    }

    static double number(TableResult table, String column, int row) {
        Double value = column(table, column).getNumbers().get(row);
        if (value == null) {
            throw new AssertionError(table.getName() + ": no value in " + column + " row " + row);
        }
        return value;
    }

    /** The Summary's value of an item. */
    static Double summary(AnalysisRun run, String item) {
        TableResult summary = table(run, "Summary");
        return column(summary, "value").getNumbers().get(row(summary, Map.of("item", item)));
    }

    static Map<String, String> parameters(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    static void deleteRecursively(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (var paths = Files.walk(folder)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
