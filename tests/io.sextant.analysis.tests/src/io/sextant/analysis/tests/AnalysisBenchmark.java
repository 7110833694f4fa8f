package io.sextant.analysis.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Tag;
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
import io.sextant.dsl.context.ValueType;
import io.sextant.engine.Engine;
import io.sextant.engine.tests.SourceCopies;
import io.sextant.model.AnalysisRun;
import io.sextant.model.RunStatus;
import io.sextant.store.Identity;
import io.sextant.store.Repository;

/**
 * Each built-in analysis on tier M data (23,500 users, 4.8 million events), on H2 and on DuckDB holding the
 * same tables: the time of one run from request to stored result (a fresh engine run each: connection, data
 * fingerprint, queries, Java work, storing). Not a test: releng/benchmark.sh runs it (-Pbenchmark);
 * -Dsextant.benchmark.tier=S for a quick look. Figures go to target/benchmarks/analyses.txt.
 */
@Tag("benchmark")
class AnalysisBenchmark {

    static final Map<String, Map<String, String>> REQUESTS = new LinkedHashMap<>();
    static {
        REQUESTS.put("segment-value", Map.of("segments", "Explorers,Stuck,Web", "metric", "Revenue", "metrics",
                "UpgradeConversion,RevenuePerSession"));
        REQUESTS.put("cohort-retention", Map.of("period", "week", "periods", "8"));
        REQUESTS.put("funnel", Map.of("steps", "signed_up, feature_viewed, plan_upgraded", "window", "14"));
        REQUESTS.put("behaviour-outcome", Map.of("outcome", "UpgradeConversion", "days", "7"));
        REQUESTS.put("paths", Map.of("anchor", "signed_up", "outcome", "plan_upgraded", "steps", "3", "exclude",
                "page_viewed"));
    }

    @Test
    void everyBuiltInOnTierMWithH2AndDuckDB() throws Exception {
        Tier tier = Tier.valueOf(System.getProperty("sextant.benchmark.tier", "M"));
        Path work = Path.of("target", "benchmark-analyses").toAbsolutePath();
        deleteRecursively(work);
        long started = System.nanoTime();
        GroundTruth truth = new SyntheticGenerator().generate(work.resolve("data"), GeneratorSettings.of(tier, 42),
                new NullProgressMonitor());
        double generate = seconds(started);

        started = System.nanoTime();
        EventDataSource h2 = EventDataSource.embeddedH2(work.resolve("h2"));
        DataImporter importer = new DataImporter(h2);
        importer.importFile(truth.files().get("users.csv"), ImportMapping.users("user_id", "signup_time").build(),
                new NullProgressMonitor());
        importer.importFile(truth.files().get("events.csv"), ImportMapping.events("user_id", "event", "time")
                .type("amount", ValueType.NUMBER).type("duration_s", ValueType.NUMBER).build(), new NullProgressMonitor());
        DataCatalog catalog = new CatalogService(h2).read();
        double load = seconds(started);

        started = System.nanoTime();
        EventDataSource duckdb = EventDataSource.jdbc("jdbc:duckdb:" + work.resolve("events.duckdb"), null, null,
                Dialects.DUCKDB, new org.duckdb.DuckDBDriver());
        Path csv = work.resolve("copy");
        SourceCopies.copyInto(duckdb, h2, csv, SourceCopies.exportFromH2(h2, csv));
        double copy = seconds(started);

        LocalDate asOf = GeneratorSettings.DEFAULT_START.plusDays(GeneratorSettings.DEFAULT_DAYS - 1);
        DefinitionLookup definitions = DefinitionLookup.of(AnalysisProject.parse(AnalysisProject.DEFINITIONS));
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT, """
                Analyses benchmark (%s, Java %s, %d cores, max heap %,d MB, load average %.1f at the start)
                tier %s: %,d users, %,d events; as of %s; generated in %.0f s, imported into H2 with the catalog in %.0f s,
                copied to DuckDB in %.0f s
                one run each from request to stored result (fresh engine run: connection, fingerprint, queries, Java work)

                %-20s %10s %10s  %s
                """, LocalDate.now(), System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, loadAverage(), tier, count(h2, "users"), count(h2, "events"),
                asOf, generate, load, copy, "analysis", "H2 s", "DuckDB s", "results"));

        Map<String, Map<String, Double>> seconds = new LinkedHashMap<>();
        Map<String, String> results = new LinkedHashMap<>();
        for (Map.Entry<String, EventDataSource> source : List.of(Map.entry("h2", h2), Map.entry("duckdb", duckdb))) {
            try (Repository repository = Repository.open(Repository.locationIn(work.resolve("repo-" + source.getKey())),
                    Identity.of("bench"))) {
                AnalysisRunner runner = new AnalysisRunner(AnalysisRegistry.read(), repository,
                        Engine.on(source.getValue()), "events", catalog);
                for (Map.Entry<String, Map<String, String>> request : REQUESTS.entrySet()) {
                    long start = System.nanoTime();
                    AnalysisRun run = runner.run(new AnalysisRequest(request.getKey(), request.getValue(), asOf,
                            definitions), new NullProgressMonitor());
                    double took = seconds(start);
                    assertEquals(RunStatus.SUCCEEDED, run.getStatus(), source.getKey() + " " + request.getKey() + ": "
                            + run.getError());
                    seconds.computeIfAbsent(request.getKey(), k -> new LinkedHashMap<>()).put(source.getKey(), took);
                    results.put(request.getKey(), String.join(", ", repository.runs().run(run.getId()).orElseThrow()
                            .getResults().stream().map(r -> r.getName()).toList()));
                    System.out.printf(Locale.ROOT, "%s %s %.1f s%n", source.getKey(), request.getKey(), took);
                }
            }
        }
        for (String analysis : REQUESTS.keySet()) {
            report.append(String.format(Locale.ROOT, "%-20s %10.1f %10.1f  %s%n", analysis,
                    seconds.get(analysis).get("h2"), seconds.get(analysis).get("duckdb"), results.get(analysis)));
        }
        report.append(String.format(Locale.ROOT, "load average at the end %.1f%n", loadAverage()));
        Path out = Path.of("target", "benchmarks", "analyses.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString());
        System.out.println(report);
        deleteRecursively(work);
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static long count(EventDataSource source, String table) throws Exception {
        try (Connection connection = source.open(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static double seconds(long started) {
        return (System.nanoTime() - started) / 1e9;
    }

    private static void deleteRecursively(Path folder) throws java.io.IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (var paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
