package io.sextant.analysis.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.sextant.analysis.AnalysisRegistry;
import io.sextant.analysis.AnalysisRequest;
import io.sextant.analysis.AnalysisRunner;
import io.sextant.analysis.DefinitionLookup;
import io.sextant.data.EventDataSource;
import io.sextant.data.catalog.CatalogService;
import io.sextant.data.catalog.DataCatalog;
import io.sextant.data.catalog.EventSummary;
import io.sextant.data.catalog.PropertySummary;
import io.sextant.data.generator.GeneratorSettings;
import io.sextant.data.generator.GroundTruth;
import io.sextant.data.generator.SyntheticGenerator;
import io.sextant.data.generator.Tier;
import io.sextant.data.imports.DataImporter;
import io.sextant.data.imports.ImportMapping;
import io.sextant.data.lake.LakeExport;
import io.sextant.data.sources.TrinoSettings;
import io.sextant.data.sources.TrinoSource;
import io.sextant.dsl.seg.Definition;
import io.sextant.dsl.seg.Metric;
import io.sextant.dsl.seg.Segment;
import io.sextant.engine.Engine;
import io.sextant.engine.EngineRun;
import io.sextant.engine.MetricValues;
import io.sextant.engine.QueryCancelledException;
import io.sextant.engine.SqlExplanation;
import io.sextant.model.AnalysisRun;
import io.sextant.project.ProjectProblem;
import io.sextant.project.SextantProject;
import io.sextant.model.Result;
import io.sextant.model.RunStatus;
import io.sextant.store.Identity;
import io.sextant.store.Repository;

/**
 * The same definitions and analyses on the embedded DuckDB store and on a real Trino over the lake exported from it
 * give the same answers: tier S generated data is imported into DuckDB, exported ({@link LakeExport}), a
 * single-node Trino 476 is started over the lake by {@code releng/scripts/trino-server.sh} and the tables are
 * declared from the manifest; then each segment's members and each metric's values per user, and every built-in
 * analysis's stored results (texts exactly, numbers to 1e-9) are compared, the Trino source reading the lake through
 * its settings alone (the engine's layout from the server's columns). Also: Show SQL in Trino's dialect, the run's
 * staging tables dropped, the catalog derived on Trino, cancel, and every setting mistake one line naming the
 * setting with nothing written. Tagged {@code trino}: runs with {@code -Ptrino}; fails, never skips, without a
 * server.
 */
@Tag("trino")
class TrinoDifferentialTest {

    static final String DEFINITIONS = AnalysisProject.DEFINITIONS + """

            segment ProUsersInUsOrDe { owner "t"
                where user.country in ("US", "DE") and user.device = "web" and user.email is not null }
            segment PowerUsers { owner "t" where count "feature_viewed" within 7 days after signup >= 3 }
            segment Buyers { owner "t"
                where sum "purchase".amount within 30 days > 100 or avg "purchase" [currency = "USD"].amount >= 40 }
            segment Regulars { owner "t"
                where distinct-days "session_started" within 4 weeks >= 3 and max "purchase".amount < 200 }
            segment TourUpgraders { owner "t"
                where did "plan_upgraded" within 14 days after first "experiment_assigned"
                    and not did "export_created" within 30 days }
            segment Journey { owner "t" where "signed_up" then "feature_viewed" then "plan_upgraded" within 14 days }
            segment PowerNotBuyers { owner "t" where in segment PowerUsers and not in segment Buyers }
            metric Retention7 { owner "t" retention on day 7 after signup active means "session_started" }
            metric Revenue30 { owner "t" lifetime value "purchase".amount over 30 days }
            metric CostToServe { owner "t"
                cost to serve within 30 days { "api_call" costs 0.002, "export_created" costs 0.05, "page_viewed" costs 0.0001 } }

            experiment OnboardingTour {
                owner "t"
                variants { control 50 %, tour 50 % }
                assignment "experiment_assigned" [experiment = "onboarding_tour"].variant
                primary UpgradeConversion
                guardrails Revenue, RevenuePerSession
            }
            """;

    /** Each request with its parameters: every built-in analysis, with and without a segment. */
    static final Map<String, AnalysisRequest> REQUESTS = new LinkedHashMap<>();

    static Path folder;
    static Path work;
    static Path lake;
    static int port;
    static EventDataSource duckdb;
    static EventDataSource trino;
    static TrinoSettings settings;
    static List<Definition> definitions;
    static final Map<String, AnalysisRunner> runners = new LinkedHashMap<>();
    static final Map<String, Repository> repositories = new LinkedHashMap<>();

    @BeforeAll
    static void exportTierSAndStartTrino() throws Exception {
        folder = Files.createTempDirectory("sextant-trino-differential");
        GroundTruth truth = new SyntheticGenerator().generate(folder.resolve("data"), GeneratorSettings.of(Tier.S, 42),
                new NullProgressMonitor());
        duckdb = EventDataSource.embedded(folder.resolve("project"));
        DataImporter importer = new DataImporter(duckdb);
        importer.importFile(truth.files().get("users.csv"), ImportMapping.users("user_id", "signup_time").build(),
                new NullProgressMonitor());
        importer.importFile(truth.files().get("events.csv"), ImportMapping.events("user_id", "event", "time").build(),
                new NullProgressMonitor());
        lake = folder.resolve("lake");
        new LakeExport(duckdb).export(lake, new NullProgressMonitor());
        work = folder.resolve("trino");
        long start = System.nanoTime();
        port = Integer.parseInt(script("start", work.toString(), lake.toString()).strip());
        System.out.printf(Locale.ROOT, "trino: started on port %d in %.1f s%n", port, (System.nanoTime() - start) / 1e9);

        settings = settings("lake", "sextant", "events", "user_id", "event_time", "users");
        try (Connection connection = EventDataSource.trino(settings, null).open();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA lake.sextant");
            statement.execute(createTable("events", "events", LakeExport.DAY_COLUMN));
            statement.execute("CALL lake.system.sync_partition_metadata('sextant', 'events', 'FULL')");
            statement.execute(createTable("users", "users", null));
            // the same events under other column names, for the mapping
            statement.execute("CREATE VIEW lake.sextant.renamed AS SELECT user_id AS uid, event_name AS what,"
                    + " CAST(event_time AS timestamp(3)) AS ts, p_amount AS p_amount, p_currency AS p_currency FROM"
                    + " lake.sextant.events");
        }
        trino = EventDataSource.trino(settings, null);

        definitions = AnalysisProject.parse(DEFINITIONS);
        DataCatalog catalog = new CatalogService(duckdb).read();
        for (Map.Entry<String, EventDataSource> source : Map.of("duckdb", duckdb, "trino", trino).entrySet()) {
            Repository repository = Repository.open(Repository.locationIn(folder.resolve("repo-" + source.getKey())),
                    Identity.of("differential"));
            repositories.put(source.getKey(), repository);
            runners.put(source.getKey(), new AnalysisRunner(AnalysisRegistry.read(), repository,
                    Engine.on(source.getValue()), "events", catalog));
        }
        DefinitionLookup lookup = DefinitionLookup.of(definitions);
        request(lookup, "segment value", "segment-value", Map.of("segments", "Explorers, Stuck, Buyers",
                "metric", "UpgradeConversion", "metrics", "RevenuePerSession, Revenue"));
        request(lookup, "funnel", "funnel", Map.of("steps", "signed_up, feature_viewed, plan_upgraded", "window", "14"));
        request(lookup, "funnel, repeated step, segment", "funnel", Map.of("steps",
                "session_started, feature_viewed, feature_viewed, task_completed", "window", "7", "segment", "Explorers"));
        request(lookup, "weekly retention", "cohort-retention", Map.of("period", "week", "periods", "8"));
        request(lookup, "monthly retention, segment", "cohort-retention", Map.of("period", "month", "periods", "4",
                "segment", "Web"));
        request(lookup, "paths", "paths", Map.of("anchor", "signed_up", "outcome", "plan_upgraded", "steps", "3",
                "exclude", "page_viewed"));
        request(lookup, "paths, segment", "paths", Map.of("anchor", "session_started", "outcome", "task_completed",
                "steps", "2", "window", "3", "top", "100000", "segment", "Web"));
        request(lookup, "behaviour outcome", "behaviour-outcome", Map.of("outcome", "UpgradeConversion", "days", "7"));
        request(lookup, "experiment", "experiment", Map.of("experiment", "OnboardingTour"));
        request(lookup, "stickiness", "stickiness", Map.of("days", "28"));
    }

    private static void request(DefinitionLookup lookup, String name, String analysis, Map<String, String> parameters) {
        REQUESTS.put(name, new AnalysisRequest(analysis, parameters, AnalysisProject.AS_OF, lookup));
    }

    @AfterAll
    static void stop() throws Exception {
        repositories.values().forEach(Repository::close);
        try {
            if (work != null && Files.isDirectory(work)) {
                script("stop", work.toString());
            }
        } finally {
            if (duckdb != null) {
                duckdb.release();
            }
            if (folder != null) {
                try (var paths = Files.walk(folder)) {
                    paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    @Test
    void segmentsAndMetricsGiveTheSameMembersAndValues() throws Exception {
        List<String> differences = new ArrayList<>();
        try (EngineRun onDuckDb = Engine.on(duckdb).open(AnalysisProject.AS_OF);
                EngineRun onTrino = Engine.on(trino).open(AnalysisProject.AS_OF)) {
            int segments = 0;
            for (Definition definition : definitions) {
                if (definition instanceof Segment segment) {
                    Set<String> expected = onDuckDb.members(segment, new NullProgressMonitor());
                    Set<String> actual = onTrino.members(segment, new NullProgressMonitor());
                    assertFalse(expected.isEmpty(), segment.getName());
                    if (!new TreeSet<>(expected).equals(new TreeSet<>(actual))) {
                        differences.add(segment.getName() + ": " + expected.size() + " members on DuckDB, "
                                + actual.size() + " on Trino");
                    }
                    segments++;
                }
            }
            for (Definition definition : definitions) {
                if (definition instanceof Metric metric) {
                    for (Segment population : new Segment[] { null, (Segment) definition("Web") }) {
                        MetricValues expected = onDuckDb.metricValues(metric, population, new NullProgressMonitor());
                        MetricValues actual = onTrino.metricValues(metric, population, new NullProgressMonitor());
                        compareValues(metric.getName() + (population == null ? "" : " over Web"), expected.values(),
                                actual.values(), differences);
                        if (expected.isRatio()) {
                            compareValues(metric.getName() + " denominators", expected.denominators(),
                                    actual.denominators(), differences);
                        }
                    }
                }
            }
            assertTrue(segments >= 7, "segments compared: " + segments);
        }
        if (!differences.isEmpty()) {
            fail(differences.size() + " differences:\n" + String.join("\n", differences));
        }
    }

    @Test
    void everyAnalysisGivesTheSameResultsOnDuckDbAndTrino() throws Exception {
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, AnalysisRequest> request : REQUESTS.entrySet()) {
            Map<String, List<Result>> results = new LinkedHashMap<>();
            for (Map.Entry<String, AnalysisRunner> engine : runners.entrySet()) {
                long start = System.nanoTime();
                AnalysisRun run = engine.getValue().run(request.getValue(), new NullProgressMonitor());
                System.out.printf(Locale.ROOT, "%s on %s: %.2f s%n", request.getKey(), engine.getKey(),
                        (System.nanoTime() - start) / 1e9);
                assertEquals(RunStatus.SUCCEEDED, run.getStatus(), request.getKey() + " on " + engine.getKey() + ": "
                        + run.getError());
                results.put(engine.getKey(), repositories.get(engine.getKey()).runs().run(run.getId()).orElseThrow()
                        .getResults());
            }
            List<Result> ours = results.get("duckdb");
            List<Result> theirs = results.get("trino");
            assertFalse(ours.isEmpty(), request.getKey());
            if (ours.size() != theirs.size()) {
                differences.add(request.getKey() + ": " + ours.size() + " results on DuckDB, " + theirs.size() + " on Trino");
                continue;
            }
            for (int i = 0; i < ours.size(); i++) {
                ResultComparison.compare(request.getKey() + " / " + ours.get(i).getName(), ours.get(i), theirs.get(i),
                        differences);
            }
        }
        if (!differences.isEmpty()) {
            fail(differences.size() + " differences:\n" + String.join("\n", differences.subList(0,
                    Math.min(40, differences.size()))));
        }
        assertEquals(List.of(), stagingTables(), "the runs dropped their tables in memory.default");
    }

    @Test
    void showSqlIsTrinosOverTheLakeAndRunsLeaveNoTables() throws Exception {
        SqlExplanation sql = Engine.on(trino).explain(definition("PowerNotBuyers"), AnalysisProject.AS_OF);
        assertEquals("trino", sql.dialect());
        assertTrue(sql.sql().contains("\"lake\".\"sextant\".\"events\""), sql.sql());
        assertFalse(sql.sql().toUpperCase(Locale.ROOT).contains("TEMPORARY"), sql.sql());
        // the SQL with its values written in runs on the server and gives the run's members
        Set<String> members = new TreeSet<>();
        try (Connection connection = trino.open(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql.sqlWithValues())) {
            while (rows.next()) {
                members.add(rows.getString(1));
            }
        }
        try (EngineRun run = Engine.on(duckdb).open(AnalysisProject.AS_OF)) {
            assertEquals(new TreeSet<>(run.members((Segment) definition("PowerNotBuyers"), new NullProgressMonitor())),
                    members);
        }
        try (EngineRun run = Engine.on(trino).open(AnalysisProject.AS_OF)) {
            // a nested segment and a metric over a population: the run stages members in memory.default
            run.metricValues((Metric) definition("Revenue"), (Segment) definition("WebExplorers"), new NullProgressMonitor());
            assertFalse(stagingTables().isEmpty(), "members staged while the run is open");
        }
        assertEquals(List.of(), stagingTables());
    }

    @Test
    void aMappingOfOtherColumnNamesGivesTheSameAnswers() throws Exception {
        TrinoSettings renamed = new TrinoSettings(settings.url(), "sextant-test", "lake", "sextant", "renamed", "users",
                "uid", "what", "ts", "p_", List.of(), "user_id", "signup_time", "a_", null);
        EventDataSource source = EventDataSource.trino(renamed, null);
        TrinoSource.Check check = TrinoSource.check(source);
        assertEquals(Set.of("amount", "currency"), check.layout().properties().keySet());
        try (EngineRun onDuckDb = Engine.on(duckdb).open(AnalysisProject.AS_OF);
                EngineRun onTrino = Engine.on(source).open(AnalysisProject.AS_OF)) {
            for (String name : List.of("Explorers", "Buyers", "Journey")) {
                Segment segment = (Segment) definition(name);
                assertEquals(new TreeSet<>(onDuckDb.members(segment, new NullProgressMonitor())),
                        new TreeSet<>(onTrino.members(segment, new NullProgressMonitor())), name);
            }
            List<String> differences = new ArrayList<>();
            Metric revenue = (Metric) definition("Revenue");
            compareValues("Revenue", onDuckDb.metricValues(revenue, null, new NullProgressMonitor()).values(),
                    onTrino.metricValues(revenue, null, new NullProgressMonitor()).values(), differences);
            assertEquals(List.of(), differences);
        }
    }

    @Test
    void theCatalogDerivedOnTrinoHasTheStoresEventsVolumesAndTypes() throws Exception {
        DataCatalog store = new CatalogService(duckdb).read();
        DataCatalog derived = TrinoSource.deriveCatalog(trino);
        assertEquals(store.eventSummaries().keySet(), derived.eventSummaries().keySet());
        for (EventSummary event : store.eventSummaries().values()) {
            EventSummary other = derived.eventSummaries().get(event.name());
            assertEquals(event.volume(), other.volume(), event.name());
            assertEquals(event.firstSeen(), other.firstSeen(), event.name());
            assertEquals(event.lastSeen(), other.lastSeen(), event.name());
            // approx_distinct: within its standard error of 2.3 %, three times over
            assertEquals(event.users(), other.users(), Math.max(2, event.users() * 0.07), event.name());
            Map<String, Object> types = new LinkedHashMap<>();
            event.properties().forEach(p -> types.put(p.name(), p.type() + "/" + p.present()));
            Map<String, Object> theirs = new LinkedHashMap<>();
            other.properties().forEach(p -> theirs.put(p.name(), p.type() + "/" + p.present()));
            assertEquals(types, theirs, event.name());
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (PropertySummary p : store.attributeSummaries().values()) {
            attributes.put(p.name(), p.type() + "/" + p.pii());
        }
        Map<String, Object> theirs = new LinkedHashMap<>();
        for (PropertySummary p : derived.attributeSummaries().values()) {
            theirs.put(p.name(), p.type() + "/" + p.pii());
        }
        assertEquals(attributes, theirs);
    }

    @Test
    void aCancelStopsTheQueryOnTheServer() throws Exception {
        try (EngineRun run = Engine.on(trino).open(AnalysisProject.AS_OF, Duration.ofMinutes(10))) {
            NullProgressMonitor monitor = new NullProgressMonitor();
            Thread canceller = new Thread(() -> {
                try {
                    Thread.sleep(1500);
                } catch (InterruptedException e) {
                    return;
                }
                monitor.setCanceled(true);
            });
            canceller.start();
            long start = System.nanoTime();
            // a cross join of the events with themselves: hours on one node
            org.jooq.Table<?> a = run.eventsOfAnyUser(List.of()).as("a");
            org.jooq.Table<?> b = run.eventsOfAnyUser(List.of()).as("b");
            QueryCancelledException e = assertThrows(QueryCancelledException.class, () -> run.aggregate(
                    run.sql().select(org.jooq.impl.DSL.count()).from(a).crossJoin(b).crossJoin(
                            run.eventsOfAnyUser(List.of()).as("c")), "a query of hours", monitor));
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(seconds < 30, "cancelled after " + seconds + " s");
            assertTrue(e.getMessage().contains("a query of hours"), e.getMessage());
            canceller.join();
        }
        // nothing of the query runs on after the cancel
        for (int i = 0; i < 50 && !runningQueries().isEmpty(); i++) {
            Thread.sleep(200);
        }
        assertEquals(List.of(), runningQueries());
    }

    @Test
    void aProjectWithTrinoSettingsValidatesAndRunsWhereTheEventsAre() throws Exception {
        Path project = Files.createDirectories(folder.resolve("trino-project").resolve("definitions")).getParent();
        Path file = project.resolve("definitions").resolve("core.seg");
        Files.writeString(file, DEFINITIONS + "\nsegment Typo { owner \"t\" where count \"feature_viewd\" >= 1 }\n");
        TrinoSource.checkAndSave(project, settings, null);
        try (SextantProject opened = SextantProject.open(project, Identity.of("ana"), null)) {
            assertTrue(opened.source().trinoSettings().isPresent());
            assertTrue(opened.hasData());
            assertEquals(SextantProject.lastDataDay(duckdb), opened.defaultAsOf());
            // validation against the catalog derived on Trino, which the project keeps
            List<ProjectProblem> errors = opened.definitions().problems().stream()
                    .filter(p -> p.severity() == ProjectProblem.Severity.ERROR).toList();
            assertEquals(1, errors.size(), errors.toString());
            assertTrue(errors.get(0).toString().contains("feature_viewd"), errors.toString());
            assertTrue(Files.exists(io.sextant.data.sources.TrinoCatalogCache.file(project)));
        }
        Files.writeString(file, DEFINITIONS);
        try (SextantProject opened = SextantProject.open(project, Identity.of("ana"), null)) {
            assertEquals(List.of(), opened.definitions().problems().stream()
                    .filter(p -> p.severity() == ProjectProblem.Severity.ERROR).toList());
            AnalysisRun run = opened.analysisRunner().run(new AnalysisRequest("funnel", Map.of("steps",
                    "signed_up, feature_viewed, plan_upgraded", "window", "14"), opened.defaultAsOf(),
                    opened.definitions().lookup()), new NullProgressMonitor());
            assertEquals(RunStatus.SUCCEEDED, run.getStatus(), run.getError());
            assertTrue(run.getDataFingerprint() != null && !run.getDataFingerprint().isEmpty());
        }
        // import and export are refused on such a project (the CLI's commands), and clearing goes back to the store
        assertTrue(TrinoSettings.clear(project));
        try (SextantProject opened = SextantProject.open(project, Identity.of("ana"), null)) {
            assertTrue(opened.source().trinoSettings().isEmpty());
        }
    }

    @Test
    void theTimeLimitStopsTheQueryOnTheServer() throws Exception {
        try (EngineRun run = Engine.on(trino).open(AnalysisProject.AS_OF, Duration.ofSeconds(2))) {
            org.jooq.Table<?> a = run.eventsOfAnyUser(List.of()).as("a");
            org.jooq.Table<?> b = run.eventsOfAnyUser(List.of()).as("b");
            long start = System.nanoTime();
            QueryCancelledException e = assertThrows(QueryCancelledException.class, () -> run.aggregate(
                    run.sql().select(org.jooq.impl.DSL.count()).from(a).crossJoin(b).crossJoin(
                            run.eventsOfAnyUser(List.of()).as("c")), "a query of hours", new NullProgressMonitor()));
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(e.timedOut(), e.getMessage());
            assertTrue(e.getMessage().contains("time limit of 2.0 s"), e.getMessage());
            assertTrue(seconds < 30, "stopped after " + seconds + " s");
        }
        for (int i = 0; i < 50 && !runningQueries().isEmpty(); i++) {
            Thread.sleep(200);
        }
        assertEquals(List.of(), runningQueries());
    }

    @Test
    void everySettingMistakeIsOneLineNamingTheSettingAndWritesNothing() throws Exception {
        Path project = Files.createDirectories(folder.resolve("settings-project"));
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Map<String, TrinoSettings> mistakes = new LinkedHashMap<>();
        mistakes.put("url:", new TrinoSettings("http://127.0.0.1:" + closed, "t", "lake", "sextant", "events", "users",
                null, null, null, "p_", List.of(), null, "signup_time", "a_", null));
        mistakes.put("catalog:", settings("lakes", "sextant", "events", "user_id", "event_time", "users"));
        mistakes.put("schema:", settings("lake", "sextants", "events", "user_id", "event_time", "users"));
        mistakes.put("events-table:", settings("lake", "sextant", "event", "user_id", "event_time", "users"));
        mistakes.put("users-table:", settings("lake", "sextant", "events", "user_id", "event_time", "user"));
        mistakes.put("user-id-column:", settings("lake", "sextant", "events", "userid", "event_time", "users"));
        mistakes.put("time-column:", settings("lake", "sextant", "events", "user_id", "time", "users"));
        mistakes.put("time-column: the column event_name", settings("lake", "sextant", "events", "user_id",
                "event_name", "users"));
        mistakes.put("user-id-column: the column p_amount", settings("lake", "sextant", "events", "p_amount",
                "event_time", "users"));
        mistakes.put("staging:", new TrinoSettings(settings.url(), "t", "lake", "sextant", "events", "users", null, null,
                null, "p_", List.of(), null, "signup_time", "a_", "scratch.default"));
        for (Map.Entry<String, TrinoSettings> mistake : mistakes.entrySet()) {
            TrinoSource.TrinoSourceException e = assertThrows(TrinoSource.TrinoSourceException.class,
                    () -> TrinoSource.checkAndSave(project, mistake.getValue().validated(), null), mistake.getKey());
            assertTrue(e.getMessage().startsWith(mistake.getKey()), mistake.getKey() + " → " + e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            assertFalse(Files.exists(TrinoSettings.file(project)), "nothing written after " + e.getMessage());
        }
        // and what the server need not be asked about
        for (String url : List.of("ftp://host:1", "not a url", "http://host:8080/lake")) {
            TrinoSettings.SettingsException e = assertThrows(TrinoSettings.SettingsException.class,
                    () -> new TrinoSettings(url, "t", "lake", "s", "events", null, null, null, null, null, List.of(),
                            null, null, null, null).validated());
            assertTrue(e.getMessage().startsWith("url:"), e.getMessage());
        }
        // the right settings are written, without a password, and read back the same
        TrinoSource.checkAndSave(project, settings, null);
        assertEquals(settings, TrinoSettings.load(project).orElseThrow());
        assertFalse(Files.readString(TrinoSettings.file(project)).matches("(?s).*(^|\n)password.*"),
                Files.readString(TrinoSettings.file(project)));
        // a password over plain http: the driver refuses it before sending it, and the message says so
        TrinoSource.TrinoSourceException e = assertThrows(TrinoSource.TrinoSourceException.class,
                () -> TrinoSource.check(EventDataSource.trino(settings, "secret")));
        assertTrue(e.getMessage().startsWith("user/password:") && e.getMessage().contains("TLS"), e.getMessage());
    }

    private static TrinoSettings settings(String catalog, String schema, String events, String userId, String time,
            String users) {
        return new TrinoSettings("http://127.0.0.1:" + port, "sextant-test", catalog, schema, events, users, userId,
                null, time, "p_", List.of(), null, "signup_time", "a_", null);
    }

    private static Definition definition(String name) {
        return definitions.stream().filter(d -> d.getName().equals(name)).findFirst().orElseThrow();
    }

    private static List<String> stagingTables() throws Exception {
        return rows("SELECT table_name FROM memory.information_schema.tables WHERE table_schema = 'default' AND"
                + " table_name LIKE 'sextant%'");
    }

    private static List<String> runningQueries() throws Exception {
        return rows("SELECT query_id FROM system.runtime.queries WHERE state = 'RUNNING' AND query LIKE '%CROSS JOIN%'"
                + " AND query NOT LIKE '%system.runtime.queries%'");
    }

    private static List<String> rows(String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection connection = trino.open(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }

    private static void compareValues(String what, Map<String, BigDecimal> expected, Map<String, BigDecimal> actual,
            List<String> differences) {
        if (!expected.keySet().equals(actual.keySet())) {
            differences.add(what + ": values for " + expected.size() + " users on DuckDB, " + actual.size() + " on Trino");
            return;
        }
        int shown = 0;
        for (Map.Entry<String, BigDecimal> value : expected.entrySet()) {
            BigDecimal other = actual.get(value.getKey());
            boolean same = value.getValue() == null ? other == null
                    : other != null && value.getValue().subtract(other).abs().doubleValue() <= 1e-9;
            if (!same && shown++ < 3) {
                differences.add(what + ", user " + value.getKey() + ": " + value.getValue() + " against " + other);
            }
        }
    }

    /**
     * {@code CREATE TABLE} over an exported folder, its columns and types read from the manifest alone, the
     * partition column last.
     */
    private static String createTable(String table, String location, String partition) throws Exception {
        StringBuilder columns = new StringBuilder();
        String manifest = "(SELECT content::JSON AS j FROM read_text('" + lake.resolve(LakeExport.MANIFEST) + "'))";
        String query = "SELECT c->>'name', c->>'type' FROM (SELECT unnest(from_json(t->'columns', '[\"JSON\"]')) AS c"
                + " FROM (SELECT unnest(from_json(j->'tables', '[\"JSON\"]')) AS t FROM " + manifest + ") WHERE"
                + " t->>'name' = '" + table + "')";
        try (Connection duck = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:", new java.util.Properties());
                Statement statement = duck.createStatement(); ResultSet rows = statement.executeQuery(query)) {
            while (rows.next()) {
                columns.append(columns.isEmpty() ? "" : ", ").append('"').append(rows.getString(1)).append("\" ")
                        .append(trinoType(rows.getString(2)));
            }
        }
        return "CREATE TABLE lake.sextant." + table + " (" + columns + ") WITH (external_location = 'local:///" + location
                + "', format = 'PARQUET'" + (partition == null ? "" : ", partitioned_by = ARRAY['" + partition + "']") + ")";
    }

    private static String trinoType(String type) {
        return switch (type) {
            case "VARCHAR" -> "varchar";
            case "TIMESTAMP" -> "timestamp(6)";
            case "DATE" -> "date";
            case "BOOLEAN" -> "boolean";
            case "BIGINT" -> "bigint";
            case "INTEGER" -> "integer";
            default -> {
                if (!type.startsWith("DECIMAL")) {
                    throw new AssertionError("a type the manifest should not have: " + type);
                }
                yield type.toLowerCase(Locale.ROOT);
            }
        };
    }

    private static String script(String... arguments) throws Exception {
        Path script = repositoryRoot().resolve("releng/scripts/trino-server.sh");
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(arguments));
        Path err = Files.createTempFile(folder, "trino-script", ".err");
        Process process = new ProcessBuilder(command).redirectError(err.toFile()).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(20, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("trino-server.sh " + arguments[0] + " did not end in 20 minutes");
        }
        String errors = Files.readString(err);
        System.err.print(errors);
        if (process.exitValue() != 0) {
            throw new AssertionError("trino-server.sh " + String.join(" ", arguments) + " failed: " + errors.strip());
        }
        return out;
    }

    private static Path repositoryRoot() throws IOException {
        String root = System.getProperty("sextant.repository.root");
        if (root != null) {
            return Path.of(root).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("releng/scripts/trino-server.sh"))) {
                return p;
            }
        }
        throw new IOException("cannot find the repository (releng/scripts/trino-server.sh) above "
                + Path.of("").toAbsolutePath());
    }
}
