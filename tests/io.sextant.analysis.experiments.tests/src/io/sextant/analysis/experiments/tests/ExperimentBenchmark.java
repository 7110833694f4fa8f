package io.sextant.analysis.experiments.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.sextant.analysis.AnalysisRegistry;
import io.sextant.analysis.AnalysisRequest;
import io.sextant.analysis.AnalysisRunner;
import io.sextant.analysis.DefinitionLookup;
import io.sextant.data.Dialects;
import io.sextant.data.EventDataSource;
import io.sextant.data.EventSchema;
import io.sextant.data.catalog.CatalogService;
import io.sextant.data.internal.PropertyColumns;
import io.sextant.dsl.context.ValueType;
import io.sextant.dsl.seg.Definition;
import io.sextant.dsl.seg.Experiment;
import io.sextant.dsl.seg.Metric;
import io.sextant.engine.Engine;
import io.sextant.engine.EngineRun;
import io.sextant.model.AnalysisRun;
import io.sextant.model.RunStatus;
import io.sextant.model.TableResult;
import io.sextant.store.Identity;
import io.sextant.store.Repository;

/**
 * Not a test: the experiment analysis of a 1M-user experiment with 3 metrics (a conversion, a mean and a ratio)
 * on H2 and on DuckDB. The data is a dedicated seeded fixture (one assignment per user, sessions, purchases and
 * upgrades with a small true effect), written as CSV in the events table's own columns and loaded with each
 * database's bulk path (H2 CSVREAD, DuckDB COPY), because the generator at 1M users would take hours. Each
 * engine: the analysis through the runner twice (the first with a cold cache), and the engine's reads alone
 * (assignments and the three metrics) once; the two engines' lift tables must agree. Run with
 * releng/benchmark.sh; figures in target/benchmarks/experiments.txt of this module.
 * -Dsextant.benchmark.experimentUsers=100000 for a quick look, -Dsextant.benchmark.experimentEngines=DuckDB for one
 * engine.
 */
@Tag("benchmark")
class ExperimentBenchmark {

    static final String DEFINITIONS = """
            metric UpgradeConversion { owner "b" conversion did "plan_upgraded" within 14 days after signup }
            metric Revenue { owner "b" sum "purchase".amount within 30 days after signup unit "USD" }
            metric Sessions { owner "b" count "session_started" within 30 days after signup }
            metric RevenuePerSession { owner "b" ratio Revenue / Sessions unit "USD/session" }
            experiment Checkout {
                owner "b"
                variants { control 50 %, treatment 50 % }
                assignment "experiment_assigned" [experiment = "checkout"].variant
                primary UpgradeConversion
                guardrails Revenue, RevenuePerSession
                minimum effect 5 %
            }
            """;

    static final LocalDate START = LocalDate.of(2025, 1, 6);
    static final LocalDate AS_OF = START.plusDays(99);
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    @Test
    void experimentAnalysisOnAMillionUsers() throws Exception {
        int users = Integer.getInteger("sextant.benchmark.experimentUsers", 1_000_000);
        Path work = Path.of("target", "benchmark-experiments").toAbsolutePath();
        ExperimentProject.deleteRecursively(work);
        Files.createDirectories(work);
        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "Experiment analysis benchmark (Java %s, %d cores, max heap %,d MB, load"
                + " average at start %.1f)%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, load()));

        long started = System.nanoTime();
        long events = writeFixture(work, users);
        report.append(String.format(Locale.ROOT, "fixture: %,d users, %,d events (seed 42), written in %.1f s;"
                + " experiment with 2 variants, primary UpgradeConversion, guardrails Revenue and RevenuePerSession%n",
                users, events, seconds(started)));

        // -Dsextant.benchmark.experimentEngines=DuckDB measures one engine only
        List<String> engines = List.of(System.getProperty("sextant.benchmark.experimentEngines", "H2,DuckDB").split(","));
        Map<String, EventDataSource> sources = new LinkedHashMap<>();
        if (engines.contains("H2")) {
            sources.put("H2", EventDataSource.embeddedH2(work.resolve("h2")));
        }
        if (engines.contains("DuckDB")) {
            sources.put("DuckDB", EventDataSource.jdbc("jdbc:duckdb:" + work.resolve("events.duckdb"), null, null,
                    Dialects.DUCKDB, new org.duckdb.DuckDBDriver()));
        }
        ExperimentDefinitions definitions = new ExperimentDefinitions(DEFINITIONS);
        Map<String, List<Double>> lifts = new LinkedHashMap<>();
        for (Map.Entry<String, EventDataSource> entry : sources.entrySet()) {
            String engine = entry.getKey();
            EventDataSource source = entry.getValue();
            started = System.nanoTime();
            load(source, work);
            double loading = seconds(started);

            Repository repository = Repository.open(Repository.locationIn(work.resolve("repo-" + engine)),
                    Identity.of("bench"));
            try {
                AnalysisRunner runner = new AnalysisRunner(AnalysisRegistry.read(), repository, Engine.on(source),
                        "events", new CatalogService(source).read());
                List<Double> times = new ArrayList<>();
                AnalysisRun run = null;
                for (int i = 0; i < 2; i++) {
                    started = System.nanoTime();
                    run = runner.run(new AnalysisRequest("experiment", Map.of("experiment", "Checkout"), AS_OF,
                            DefinitionLookup.of(definitions.all)), new NullProgressMonitor());
                    times.add(seconds(started));
                    assertEquals(RunStatus.SUCCEEDED, run.getStatus(), run.getError());
                }
                AnalysisRun stored = repository.runs().run(run.getId()).orElseThrow();
                TableResult table = ExperimentProject.table(stored, "Lifts");
                List<Double> values = new ArrayList<>();
                for (String column : List.of("absolute lift", "absolute lower", "absolute upper", "p-value")) {
                    values.addAll(ExperimentProject.column(table, column).getNumbers());
                }
                lifts.put(engine, values);

                // the engine's share: the same reads the analysis makes, alone
                started = System.nanoTime();
                long assignments;
                try (EngineRun engineRun = Engine.on(source).open(AS_OF)) {
                    long[] count = { 0 };
                    engineRun.assignments(definitions.experiment, null, (u, t, v) -> count[0]++);
                    assignments = count[0];
                    double assignmentSeconds = seconds(started);
                    List<String> metricTimes = new ArrayList<>();
                    for (Metric metric : List.of(definitions.experiment.getPrimary(),
                            definitions.experiment.getGuardrails().get(0), definitions.experiment.getGuardrails().get(1))) {
                        long metricStarted = System.nanoTime();
                        engineRun.metricValues(metric, null, null);
                        metricTimes.add(String.format(Locale.ROOT, "%s %.1f s", metric.getName(), seconds(metricStarted)));
                    }
                    report.append(String.format(Locale.ROOT, "%-6s load %.1f s; analysis %.1f s (cold), %.1f s (warm);"
                            + " of which engine reads alone: assignments (%,d) %.1f s, %s%n", engine, loading,
                            times.get(0), times.get(1), assignments, assignmentSeconds, String.join(", ", metricTimes)));
                }
                report.append(String.format(Locale.ROOT, "       lift of UpgradeConversion %.5f [%.5f, %.5f], p = %.3g%n",
                        values.get(0), values.get(3), values.get(6), values.get(9)));
            } finally {
                repository.close();
            }
        }
        List<Double> h2 = lifts.get("H2");
        List<Double> duckdb = lifts.get("DuckDB");
        if (h2 != null && duckdb != null) {
            for (int i = 0; i < h2.size(); i++) {
                assertEquals(h2.get(i), duckdb.get(i), 1e-9 * Math.max(1, Math.abs(h2.get(i))), "H2 and DuckDB agree");
            }
            report.append("H2 and DuckDB gave the same lifts, intervals and p-values\n");
        }
        report.append(String.format(Locale.ROOT, "load average at the end %.1f%n", load()));
        for (String line : report.toString().split("\n")) {
            Figures.record(line); // target/benchmarks/experiments.txt, started afresh in this run
        }
    }

    /**
     * users.csv and events.csv in the tables' own columns. Per user: signup in the first 60 days, an assignment
     * 30 s later (control or treatment, half each), 0 to 6 sessions and 0 to 3 purchases in the first 30 days,
     * and an upgrade in the first 14 days with probability 0.10 (control) or 0.11 (treatment).
     */
    private static long writeFixture(Path work, int users) throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        long key = 0;
        try (BufferedWriter u = Files.newBufferedWriter(work.resolve("users.csv"), StandardCharsets.UTF_8);
                BufferedWriter e = Files.newBufferedWriter(work.resolve("events.csv"), StandardCharsets.UTF_8)) {
            u.write("user_id,signup_time\n");
            e.write("dedup_key,user_id,event_name,event_time,experiment,variant,amount\n");
            LocalDateTime start = START.atStartOfDay();
            for (int i = 0; i < users; i++) {
                String id = String.format(Locale.ROOT, "b%07d", i);
                LocalDateTime signup = start.plusSeconds(random.nextLong(60L * 86_400));
                u.write(id + "," + TIME.format(signup) + "\n");
                boolean treatment = random.nextBoolean();
                e.write(++key + "," + id + ",experiment_assigned," + TIME.format(signup.plusSeconds(30)) + ",checkout,"
                        + (treatment ? "treatment" : "control") + ",\n");
                int sessions = random.nextInt(7);
                for (int s = 0; s < sessions; s++) {
                    e.write(++key + "," + id + ",session_started,"
                            + TIME.format(signup.plusSeconds(60 + random.nextLong(30L * 86_400 - 60))) + ",,,\n");
                }
                int purchases = random.nextDouble() < 0.3 ? 1 + random.nextInt(3) : 0;
                for (int p = 0; p < purchases; p++) {
                    e.write(++key + "," + id + ",purchase," + TIME.format(signup.plusSeconds(60
                            + random.nextLong(30L * 86_400 - 60))) + ",,," + (5 + random.nextInt(9_500)) / 100.0 + "\n");
                }
                if (random.nextDouble() < (treatment ? 0.11 : 0.10)) {
                    e.write(++key + "," + id + ",plan_upgraded," + TIME.format(signup.plusSeconds(60
                            + random.nextLong(14L * 86_400 - 60))) + ",,,\n");
                }
            }
        }
        return key;
    }

    /** The fixture into the source's tables, by the database's own bulk path, with the query indexes after. */
    private static void load(EventDataSource source, Path work) throws SQLException {
        try (Connection connection = source.open(); Statement statement = connection.createStatement()) {
            Map<String, PropertyColumns.Column> columns = new LinkedHashMap<>();
            String experiment = PropertyColumns.add(connection, source.dialect(), EventSchema.OWNER_EVENTS, "experiment",
                    ValueType.TEXT, columns).columnName();
            String variant = PropertyColumns.add(connection, source.dialect(), EventSchema.OWNER_EVENTS, "variant",
                    ValueType.TEXT, columns).columnName();
            String amount = PropertyColumns.add(connection, source.dialect(), EventSchema.OWNER_EVENTS, "amount",
                    ValueType.NUMBER, columns).columnName();
            EventSchema.dropQueryIndexes(connection);
            String users = work.resolve("users.csv").toString().replace("'", "''");
            String events = work.resolve("events.csv").toString().replace("'", "''");
            if (source.dialect() == Dialects.DUCKDB) {
                statement.execute("INSERT INTO users (user_id, signup_time, import_id) SELECT user_id,"
                        + " CAST(signup_time AS TIMESTAMP), 1 FROM read_csv('" + users + "', header = true,"
                        + " all_varchar = true)");
                statement.execute("INSERT INTO events (dedup_key, user_id, event_name, event_time, import_id, "
                        + source.dialect().quote(experiment) + ", " + source.dialect().quote(variant) + ", "
                        + source.dialect().quote(amount) + ") SELECT"
                        + " CAST(dedup_key AS BIGINT), user_id, event_name, CAST(event_time AS TIMESTAMP), 1,"
                        + " NULLIF(experiment, ''), NULLIF(variant, ''), CAST(NULLIF(amount, '') AS DECIMAL(38, 10))"
                        + " FROM read_csv('" + events + "', header = true, all_varchar = true)");
            } else {
                statement.execute("INSERT INTO users (user_id, signup_time, import_id) SELECT user_id,"
                        + " CAST(signup_time AS TIMESTAMP(3)), 1 FROM CSVREAD('" + users + "', NULL, 'charset=UTF-8')");
                statement.execute("INSERT INTO events (dedup_key, user_id, event_name, event_time, import_id, "
                        + source.dialect().quote(experiment) + ", " + source.dialect().quote(variant) + ", "
                        + source.dialect().quote(amount) + ") SELECT"
                        + " CAST(dedup_key AS BIGINT), user_id, event_name, CAST(event_time AS TIMESTAMP(3)), 1,"
                        + " NULLIF(experiment, ''), NULLIF(variant, ''), CAST(NULLIF(amount, '') AS DECFLOAT)"
                        + " FROM CSVREAD('" + events + "', NULL, 'charset=UTF-8')");
            }
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
            EventSchema.createQueryIndexes(connection);
        }
    }

    /** The benchmark's definitions, parsed. */
    private static final class ExperimentDefinitions {
        final List<Definition> all;
        final Experiment experiment;

        ExperimentDefinitions(String text) throws Exception {
            all = ExperimentProject.parse(Map.of("bench.seg", text));
            experiment = (Experiment) all.stream().filter(d -> d instanceof Experiment).findFirst().orElseThrow();
        }
    }

    private static double load() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
