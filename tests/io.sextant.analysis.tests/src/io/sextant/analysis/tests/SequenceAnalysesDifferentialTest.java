package io.sextant.analysis.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sextant.analysis.AnalysisRegistry;
import io.sextant.analysis.AnalysisRequest;
import io.sextant.analysis.AnalysisRunner;
import io.sextant.analysis.DefinitionLookup;
import io.sextant.data.Dialects;
import io.sextant.data.EventDataSource;
import io.sextant.data.catalog.CatalogService;
import io.sextant.data.catalog.DataCatalog;
import io.sextant.data.generator.GeneratorSettings;
import io.sextant.data.generator.GroundTruth;
import io.sextant.data.generator.SyntheticGenerator;
import io.sextant.data.generator.Tier;
import io.sextant.data.imports.DataImporter;
import io.sextant.data.imports.ImportMapping;
import io.sextant.engine.Engine;
import io.sextant.engine.tests.PostgresServer;
import io.sextant.engine.tests.SourceCopies;
import io.sextant.model.AnalysisRun;
import io.sextant.model.Result;
import io.sextant.model.RunStatus;
import io.sextant.model.TableResult;
import io.sextant.store.Identity;
import io.sextant.store.Repository;

/**
 * The analyses that compute sequences in SQL (funnel, paths, cohort retention, and the stickiness example) on the
 * same generated tier-S data in H2 (imported), DuckDB and PostgreSQL (a real server; both copied from H2 with their
 * bulk loaders, as the benchmarks do): every result of every request is the same on the three engines, texts and
 * labels exactly, numbers to 1e-9 (the engines may round a median's interpolation differently in its last bits).
 */
class SequenceAnalysesDifferentialTest {

    /** Each request with its parameters, those that exercise segments, repeated steps, ties and empty cells. */
    static final Map<String, AnalysisRequestSpec> REQUESTS = new LinkedHashMap<>();
    static {
        add("funnel", "funnel", Map.of("steps", "signed_up, feature_viewed, plan_upgraded", "window", "14"));
        add("funnel, repeated step, segment", "funnel", Map.of("steps",
                "session_started, feature_viewed, feature_viewed, task_completed", "window", "7", "segment", "Explorers"));
        add("paths", "paths", Map.of("anchor", "signed_up", "outcome", "plan_upgraded", "steps", "3", "exclude",
                "page_viewed"));
        add("paths, every path, segment", "paths", Map.of("anchor", "session_started", "outcome", "task_completed",
                "steps", "2", "window", "3", "top", "100000", "segment", "Web"));
        add("paths, anchor left out", "paths", Map.of("anchor", "feature_viewed", "outcome", "export_created",
                "steps", "10", "exclude", "feature_viewed, session_ended", "top", "25"));
        add("weekly retention", "cohort-retention", Map.of("period", "week", "periods", "8"));
        add("daily retention of an event", "cohort-retention", Map.of("period", "day", "periods", "30", "cohorts",
                "40", "active", "session_started"));
        add("monthly retention, segment", "cohort-retention", Map.of("period", "month", "periods", "4", "segment",
                "Explorers"));
        add("stickiness", "stickiness", Map.of("days", "28"));
        add("stickiness, longer than the data, segment", "stickiness", Map.of("days", "150", "segment", "Web"));
    }

    record AnalysisRequestSpec(String analysis, Map<String, String> parameters) {
    }

    private static void add(String name, String analysis, Map<String, String> parameters) {
        REQUESTS.put(name, new AnalysisRequestSpec(analysis, parameters));
    }

    static Path folder;
    static PostgresServer postgres;
    static final Map<String, AnalysisRunner> runners = new LinkedHashMap<>();
    static final Map<String, Repository> repositories = new LinkedHashMap<>();

    @BeforeAll
    static void importIntoEachEngine() throws Exception {
        folder = Files.createTempDirectory("sextant-sequences");
        GroundTruth truth = new SyntheticGenerator().generate(folder.resolve("data"), GeneratorSettings.of(Tier.S, 42),
                new NullProgressMonitor());
        postgres = PostgresServer.start();
        // the importer fills H2; DuckDB and PostgreSQL get the same tables through their bulk loaders (the
        // importer's row-by-row inserts take minutes on DuckDB)
        EventDataSource h2 = EventDataSource.jdbc("jdbc:h2:file:" + folder.resolve("h2").resolve("events"), null, null,
                Dialects.H2, new org.h2.Driver());
        DataImporter importer = new DataImporter(h2);
        importer.importFile(truth.files().get("users.csv"), ImportMapping.users("user_id", "signup_time").build(),
                new NullProgressMonitor());
        importer.importFile(truth.files().get("events.csv"), ImportMapping.events("user_id", "event", "time").build(),
                new NullProgressMonitor());
        EventDataSource duckdb = EventDataSource.jdbc("jdbc:duckdb:" + folder.resolve("events.duckdb"), null, null,
                Dialects.DUCKDB, new org.duckdb.DuckDBDriver());
        EventDataSource postgresql = postgres.createDatabase("events");
        Path csv = folder.resolve("copy");
        Map<String, List<String>> columns = SourceCopies.exportFromH2(h2, csv);
        SourceCopies.copyInto(duckdb, h2, csv, columns);
        SourceCopies.copyInto(postgresql, h2, csv, columns);
        // the copies have the tables but no catalog of their own: it is the same data
        DataCatalog catalog = new CatalogService(h2).read();
        Map<String, EventDataSource> sources = new LinkedHashMap<>();
        sources.put("h2", h2);
        sources.put("duckdb", duckdb);
        sources.put("postgresql", postgresql);
        for (Map.Entry<String, EventDataSource> source : sources.entrySet()) {
            Repository repository = Repository.open(Repository.locationIn(folder.resolve("repo-" + source.getKey())),
                    Identity.of("differential"));
            repositories.put(source.getKey(), repository);
            runners.put(source.getKey(), new AnalysisRunner(AnalysisRegistry.read(), repository,
                    Engine.on(source.getValue()), "events", catalog));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        repositories.values().forEach(Repository::close);
        try {
            if (postgres != null) {
                postgres.close();
            }
        } finally {
            if (folder != null) {
                try (var paths = Files.walk(folder)) {
                    paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    @Test
    void everyRequestGivesTheSameResultsOnH2DuckDBAndPostgreSQL() throws Exception {
        DefinitionLookup definitions = DefinitionLookup.of(AnalysisProject.parse(AnalysisProject.DEFINITIONS));
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, AnalysisRequestSpec> request : REQUESTS.entrySet()) {
            Map<String, List<Result>> results = new LinkedHashMap<>();
            for (Map.Entry<String, AnalysisRunner> engine : runners.entrySet()) {
                AnalysisRun run = engine.getValue().run(new AnalysisRequest(request.getValue().analysis(),
                        request.getValue().parameters(), AnalysisProject.AS_OF, definitions), new NullProgressMonitor());
                assertEquals(RunStatus.SUCCEEDED, run.getStatus(), request.getKey() + " on " + engine.getKey() + ": "
                        + run.getError());
                results.put(engine.getKey(), repositories.get(engine.getKey()).runs().run(run.getId()).orElseThrow()
                        .getResults());
            }
            List<Result> h2 = results.get("h2");
            assertFalse(h2.isEmpty(), request.getKey());
            assertSomethingWasCounted(request.getKey(), h2);
            for (String other : List.of("duckdb", "postgresql")) {
                List<Result> theirs = results.get(other);
                if (theirs.size() != h2.size()) {
                    differences.add(request.getKey() + ": " + h2.size() + " results on h2, " + theirs.size() + " on " + other);
                    continue;
                }
                for (int i = 0; i < h2.size(); i++) {
                    ResultComparison.compare(request.getKey() + " / " + h2.get(i).getName() + " (h2 against " + other
                            + ")", h2.get(i), theirs.get(i), differences);
                }
            }
        }
        if (!differences.isEmpty()) {
            fail(differences.size() + " differences:\n" + String.join("\n", differences.subList(0,
                    Math.min(40, differences.size()))));
        }
    }

    /** A request whose results are all empty or zero would agree on every engine without showing anything. */
    private static void assertSomethingWasCounted(String request, List<Result> results) {
        TableResult table = results.stream().filter(TableResult.class::isInstance).map(TableResult.class::cast)
                .findFirst().orElse(null);
        assertNotNull(table, request + " has a table");
        assertTrue(table.getColumns().stream().flatMap(c -> c.getNumbers().stream())
                .anyMatch(n -> n != null && n > 0), request + " counted something: " + table.getName());
    }

}
