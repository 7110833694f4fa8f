package io.sextant.analysis.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.sextant.analysis.AnalysisRegistry;
import io.sextant.analysis.AnalysisRequest;
import io.sextant.analysis.AnalysisRunner;
import io.sextant.analysis.DefinitionLookup;
import io.sextant.analysis.Estimate;
import io.sextant.data.EventDataSource;
import io.sextant.data.catalog.CatalogService;
import io.sextant.data.catalog.DataCatalog;
import io.sextant.data.generator.GeneratorSettings;
import io.sextant.data.generator.GroundTruth;
import io.sextant.data.generator.SyntheticGenerator;
import io.sextant.data.generator.Tier;
import io.sextant.data.imports.DataImporter;
import io.sextant.data.imports.ImportMapping;
import io.sextant.dsl.SegStandaloneSetup;
import io.sextant.dsl.context.ValueType;
import io.sextant.dsl.seg.Definition;
import io.sextant.dsl.seg.SegFile;
import io.sextant.engine.Engine;
import io.sextant.model.AnalysisRun;
import io.sextant.model.Column;
import io.sextant.model.MatrixResult;
import io.sextant.model.Result;
import io.sextant.model.RunStatus;
import io.sextant.model.SeriesResult;
import io.sextant.model.TableResult;
import io.sextant.store.Identity;
import io.sextant.store.Repository;

/**
 * Not a test: each built-in analysis on the default store (embedded DuckDB, {@code EventDataSource.embedded})
 * against a hand-written DuckDB query that computes the same numbers, the strongest baseline: what an expert types
 * into DuckDB for the same question (goal: each analysis at most 2× its query). Sextant is timed from request to
 * stored result (a fresh engine run: connection, data fingerprint, queries, Java work, storing), the baseline is
 * the query alone on an open connection (executing it and reading its rows). After one untimed run of each, three
 * runs each, alternating; the median counts. Every run of Sextant is checked against the query's numbers (read
 * back from the repository): if they differ, both are printed and the benchmark fails, because a baseline that
 * computes something else measures nothing.
 *
 * <p>The queries are written from the analyses' documented semantics (their class Javadoc, the language reference)
 * over the tables the import creates ({@code events}, {@code users}, property columns {@code "p_<name>"} and
 * {@code "a_<name>"}); where a rule needs a choice, the comment at the query says which and why. The users of an
 * analysis are, as the language says, those of the users table who signed up before T or have no signup time, and
 * only their events count.
 *
 * <p>Run with {@code releng/benchmark.sh analyses}; tier M (23,500 users, 4.8 million events) by default,
 * {@code -Dsextant.benchmark.tier=S} for a quick look, L for 235,000 users. The figures go to
 * target/benchmarks/analyses-&lt;tier&gt;.txt of this module and one line per analysis to
 * target/benchmarks/analyses.tsv (tier, what, Sextant s, baseline s, ratio, baseline, goal, load average), which
 * releng/scripts/benchmarks-page.py reads.
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
        // the sample playbook's experiment, on the sample project's own definitions (core.seg, growth.seg)
        REQUESTS.put("experiment", Map.of("experiment", "OnboardingTour"));
    }

    /** What each line of the figures says about its analysis' parameters. */
    static final Map<String, String> SHORT = Map.of(
            "segment-value", "Explorers, Stuck, Web; Revenue, UpgradeConversion, RevenuePerSession",
            "cohort-retention", "week, 8 periods, 12 cohorts",
            "funnel", "signed_up → feature_viewed → plan_upgraded, 14 days",
            "behaviour-outcome", "UpgradeConversion, first 7 days",
            "paths", "signed_up → plan_upgraded, 3 steps, page_viewed left out",
            "experiment", "OnboardingTour: UpgradeConversion, Retention7, CostToServe");

    static final int TIMED_RUNS = 3;
    static final double GOAL = 2.0;
    /** Numbers agree when they differ by at most this, relative (sums of doubles in another order). */
    static final double TOLERANCE = 1e-9;

    /** Named numbers: what an analysis answers, as Sextant stored it or as the query computed it; NaN is "none". */
    interface FromResults {
        SortedMap<String, Double> read(List<Result> results);
    }

    /** The query's rows, column label → value. */
    interface FromRows {
        SortedMap<String, Double> read(List<Map<String, Object>> rows);
    }

    record Case(String analysis, DefinitionLookup definitions, String sql, FromResults sextant, FromRows baseline) {
    }

    @Test
    void everyBuiltInAgainstHandWrittenDuckDbSql() throws Exception {
        Tier tier = Tier.valueOf(System.getProperty("sextant.benchmark.tier", "M"));
        Path work = Path.of("target", "benchmark-analyses").toAbsolutePath();
        deleteRecursively(work);
        double loadAtStart = loadAverage();
        long started = System.nanoTime();
        GroundTruth truth = new SyntheticGenerator().generate(work.resolve("data"), GeneratorSettings.of(tier, 42),
                new NullProgressMonitor());
        double generate = seconds(started);

        started = System.nanoTime();
        EventDataSource source = EventDataSource.embedded(work.resolve("project"));
        assertEquals("jdbc:duckdb:", source.url().substring(0, "jdbc:duckdb:".length()), "the default store");
        DataImporter importer = new DataImporter(source);
        importer.importFile(truth.files().get("users.csv"), ImportMapping.users("user_id", "signup_time").build(),
                new NullProgressMonitor());
        importer.importFile(truth.files().get("events.csv"), ImportMapping.events("user_id", "event", "time")
                .type("amount", ValueType.NUMBER).type("duration_s", ValueType.NUMBER).build(), new NullProgressMonitor());
        DataCatalog catalog = new CatalogService(source).read();
        double load = seconds(started);
        requireColumns(source, Set.of("events:p_amount", "events:p_experiment", "events:p_variant", "users:a_device"));

        LocalDate asOf = GeneratorSettings.DEFAULT_START.plusDays(GeneratorSettings.DEFAULT_DAYS - 1);
        List<Case> cases = cases(Engine.asOfInstant(asOf),
                DefinitionLookup.of(AnalysisProject.parse(AnalysisProject.DEFINITIONS)), DefinitionLookup.of(samples()));

        StringBuilder report = new StringBuilder(String.format(Locale.ROOT, """
                Analyses benchmark (%s, Java %s, %d cores, max heap %,d MB, load average %.2f at the start)
                tier %s: %,d users, %,d events in the default store (embedded DuckDB); as of %s;
                generated in %.0f s, imported with the catalog in %.0f s
                Sextant: request to stored result (fresh engine run: connection, fingerprint, queries, Java work, storing)
                baseline: a hand-written DuckDB query computing the same numbers, on an open connection
                median of %d runs each after one untimed run, alternating; Sextant's numbers equal the query's in every run

                %-20s %10s %10s %7s %6s %6s  %s
                """, LocalDate.now(), System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, loadAtStart, tier, count(source, "users"),
                count(source, "events"), asOf, generate, load, TIMED_RUNS, "analysis", "Sextant s", "query s", "ratio",
                "goal", "load", "numbers checked"));
        List<String> lines = new ArrayList<>();
        try (Repository repository = Repository.open(Repository.locationIn(work.resolve("project")),
                Identity.of("bench")); Connection connection = source.open()) {
            AnalysisRunner runner = new AnalysisRunner(AnalysisRegistry.read(), repository, Engine.on(source), "events",
                    catalog);
            for (Case c : cases) {
                AnalysisRequest request = new AnalysisRequest(c.analysis(), REQUESTS.get(c.analysis()), asOf,
                        c.definitions());
                // warm: one untimed run of each, checked
                SortedMap<String, Double> expected = baseline(connection, c).numbers();
                check(c, sextant(runner, repository, request, c).numbers(), expected);
                List<Double> sextant = new ArrayList<>();
                List<Double> query = new ArrayList<>();
                for (int i = 0; i < TIMED_RUNS; i++) {
                    Timed ours = sextant(runner, repository, request, c);
                    sextant.add(ours.seconds());
                    Timed theirs = baseline(connection, c);
                    query.add(theirs.seconds());
                    check(c, ours.numbers(), theirs.numbers());
                }
                double s = median(sextant);
                double b = median(query);
                double loadNow = loadAverage();
                String what = c.analysis() + " (" + SHORT.get(c.analysis()) + ")";
                report.append(String.format(Locale.ROOT, "%-20s %10.3f %10.3f %6.2fx %6s %6.2f  %d equal%n",
                        c.analysis(), s, b, s / b, GOAL < s / b ? "over" : "met", loadNow, expected.size()));
                lines.add(String.format(Locale.ROOT, "%s\t%s\t%.3f\t%.3f\t%.2f\thand-written DuckDB SQL\t<= %.2fx\t%.2f%n",
                        tier, what, s, b, s / b, GOAL, loadNow));
                System.out.printf(Locale.ROOT, "%s: Sextant %s s, query %s s%n", c.analysis(), sextant, query);
            }
        }
        report.append(String.format(Locale.ROOT, "(goal: each analysis at most %.2fx its query)%n", GOAL));
        report.append(String.format(Locale.ROOT, "load average at the end %.2f%n", loadAverage()));
        Path out = Path.of("target", "benchmarks", "analyses-" + tier + ".txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString());
        Files.writeString(out.resolveSibling("analyses.tsv"), String.join("", lines), StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        System.out.println(report);
        if (!Boolean.getBoolean("sextant.benchmark.keep")) {
            deleteRecursively(work);
        }
    }

    // ------------------------------------------------------------------ the hand-written queries

    /**
     * The analyses with their queries. {T} is the as-of instant (the start of the day after the as-of date):
     * nothing at or after it counts. {USERS} is the users of an analysis.
     */
    static List<Case> cases(LocalDateTime asOfInstant, DefinitionLookup definitions, DefinitionLookup samples) {
        String t = "TIMESTAMP '" + asOfInstant.toLocalDate() + " " + asOfInstant.toLocalTime() + ":00'";
        String users = "(SELECT * FROM users WHERE signup_time IS NULL OR signup_time < {T})";
        List<Case> cases = new ArrayList<>();

        // segment-value: members of Explorers, Stuck and Web; Revenue's, UpgradeConversion's and RevenuePerSession's
        // mean over each segment's members with a value and over everyone. Each window is [signup, signup + N days)
        // cut at T. A user without a signup time has no window (language reference): counts 0, the sum null,
        // the conversion null; the generator gives every user one, so this choice changes no number here.
        cases.add(new Case("segment-value", definitions, """
                WITH u AS {USERS},
                f AS (
                    SELECT u.user_id,
                        COUNT(*) FILTER (WHERE e.event_name = 'feature_viewed'
                            AND e.event_time < u.signup_time + INTERVAL 7 DAY) AS features_7d,
                        COUNT(*) FILTER (WHERE e.event_name = 'session_started'
                            AND e.event_time < u.signup_time + INTERVAL 14 DAY) AS sessions_14d,
                        COUNT(*) FILTER (WHERE e.event_name = 'task_completed'
                            AND e.event_time < u.signup_time + INTERVAL 14 DAY) AS tasks_14d,
                        COUNT(*) FILTER (WHERE e.event_name = 'session_started') AS sessions_30d,
                        SUM(e."p_amount") FILTER (WHERE e.event_name = 'purchase') AS revenue_30d,
                        COUNT(*) FILTER (WHERE e.event_name = 'plan_upgraded'
                            AND e.event_time < u.signup_time + INTERVAL 14 DAY) AS upgrades_14d
                    FROM u JOIN events e ON e.user_id = u.user_id
                    WHERE e.event_name IN ('feature_viewed', 'session_started', 'task_completed', 'purchase', 'plan_upgraded')
                        AND e.event_time >= u.signup_time AND e.event_time < u.signup_time + INTERVAL 30 DAY
                        AND e.event_time < {T}
                    GROUP BY u.user_id),
                v AS (
                    SELECT u.user_id,
                        COALESCE(f.features_7d, 0) >= 3 AS explorers,
                        COALESCE(f.sessions_14d, 0) >= 3 AND COALESCE(f.tasks_14d, 0) < 2 AS stuck,
                        COALESCE(u."a_device" = 'web', FALSE) AS web,
                        CASE WHEN u.signup_time IS NOT NULL THEN COALESCE(f.revenue_30d, 0) END AS revenue,
                        COALESCE(f.sessions_30d, 0) AS sessions,
                        CASE WHEN u.signup_time IS NOT NULL AND u.signup_time + INTERVAL 14 DAY <= {T}
                            THEN CASE WHEN f.upgrades_14d > 0 THEN 1 ELSE 0 END END AS upgraded
                    FROM u LEFT JOIN f ON f.user_id = u.user_id)
                SELECT s.segment, COUNT(*) AS members,
                    COUNT(revenue) AS revenue_users, AVG(revenue) AS revenue_mean,
                    COUNT(upgraded) AS upgrade_users, AVG(upgraded) AS upgrade_mean,
                    COUNT(*) FILTER (WHERE revenue IS NOT NULL) AS rps_users,
                    CAST(SUM(revenue) AS DOUBLE) / SUM(sessions) FILTER (WHERE revenue IS NOT NULL) AS rps
                FROM v JOIN (VALUES ('Explorers'), ('Stuck'), ('Web'), ('population')) s(segment)
                    ON CASE s.segment WHEN 'Explorers' THEN explorers WHEN 'Stuck' THEN stuck WHEN 'Web' THEN web
                        ELSE TRUE END
                GROUP BY s.segment
                """.replace("{USERS}", users).replace("{T}", t), results -> {
                    SortedMap<String, Double> numbers = new TreeMap<>();
                    TableResult sizes = table(results, "Segment size");
                    for (int i = 0; i < rows(sizes); i++) {
                        numbers.put(text(sizes, "segment", i) + ": members", number(sizes, "members", i));
                    }
                    TableResult value = table(results, "Segment value");
                    for (int i = 0; i < rows(value); i++) {
                        String key = text(value, "segment", i) + " / " + text(value, "metric", i);
                        numbers.put(key + ": users with a value", number(value, "users with a value", i));
                        numbers.put(key + ": mean", number(value, "mean", i));
                        numbers.put("population / " + text(value, "metric", i) + ": mean",
                                number(value, "population mean", i));
                    }
                    return numbers;
                }, rows -> {
                    SortedMap<String, Double> numbers = new TreeMap<>();
                    for (Map<String, Object> row : rows) {
                        String segment = (String) row.get("segment");
                        Map<String, String[]> metrics = Map.of("Revenue", new String[] { "revenue_users", "revenue_mean" },
                                "UpgradeConversion", new String[] { "upgrade_users", "upgrade_mean" },
                                "RevenuePerSession", new String[] { "rps_users", "rps" });
                        for (Map.Entry<String, String[]> metric : metrics.entrySet()) {
                            String key = segment + " / " + metric.getKey();
                            if (!segment.equals("population")) {
                                numbers.put(key + ": users with a value", value(row, metric.getValue()[0]));
                            }
                            numbers.put(key + ": mean", value(row, metric.getValue()[1]));
                        }
                        if (!segment.equals("population")) {
                            numbers.put(segment + ": members", value(row, "members"));
                        }
                    }
                    return numbers;
                }));

        // cohort-retention: cohorts by the ISO week (from Monday) of signup; period k of a user is
        // [signup + 7k days, signup + 7(k+1) days); a user is active in it with any event there; a cohort's period
        // counts the users whose period has ended by T. One pass over the events of the first 8 weeks gives each
        // user a bit per active week. The query returns every cohort (the curve is over all of them); the heatmap
        // shows the latest 12.
        cases.add(new Case("cohort-retention", definitions, """
                WITH u AS (
                    SELECT user_id, signup_time, strftime(date_trunc('week', signup_time), '%Y-%m-%d') AS cohort
                    FROM users WHERE signup_time < {T}),
                weeks AS (
                    SELECT u.user_id,
                        BIT_OR(1::BIGINT << ((epoch_us(e.event_time) - epoch_us(u.signup_time)) // 604800000000)) AS active
                    FROM u JOIN events e ON e.user_id = u.user_id
                    WHERE e.event_time >= u.signup_time AND e.event_time < u.signup_time + INTERVAL 56 DAY
                        AND e.event_time < {T}
                    GROUP BY u.user_id)
                SELECT u.cohort, p.k, COUNT(*) AS users,
                    COUNT(*) FILTER (WHERE u.signup_time + (p.k + 1) * INTERVAL 7 DAY <= {T}) AS observed,
                    COUNT(*) FILTER (WHERE u.signup_time + (p.k + 1) * INTERVAL 7 DAY <= {T}
                        AND (w.active >> p.k) & 1 = 1) AS retained
                FROM u CROSS JOIN range(8) p(k) LEFT JOIN weeks w ON w.user_id = u.user_id
                GROUP BY u.cohort, p.k
                """.replace("{T}", t), results -> {
                    SortedMap<String, Double> numbers = new TreeMap<>();
                    TableResult cohorts = table(results, "Cohorts");
                    for (int i = 0; i < rows(cohorts); i++) {
                        numbers.put("cohort " + text(cohorts, "cohort", i) + ": users", number(cohorts, "users", i));
                    }
                    MatrixResult matrix = (MatrixResult) result(results, "Cohort retention");
                    int columns = matrix.getColumnLabels().size();
                    for (int row = 0; row < matrix.getRowLabels().size(); row++) {
                        for (int k = 0; k < columns; k++) {
                            numbers.put("cohort " + matrix.getRowLabels().get(row) + ", week " + k + ": share",
                                    orNaN(matrix.getValues().get(row * columns + k)));
                        }
                    }
                    SeriesResult curve = (SeriesResult) result(results, "Retention curve");
                    for (int k = 0; k < curve.getX().size(); k++) {
                        numbers.put("all cohorts, week " + curve.getX().get(k).intValue() + ": share",
                                orNaN(curve.getY().get(k)));
                    }
                    return numbers;
                }, rows -> {
                    TreeMap<String, long[][]> cohorts = new TreeMap<>(); // cohort → users, observed, retained per k
                    long[] observed = new long[8];
                    long[] retained = new long[8];
                    for (Map<String, Object> row : rows) {
                        int k = (int) whole(row, "k");
                        long[][] counts = cohorts.computeIfAbsent((String) row.get("cohort"), x -> new long[3][8]);
                        counts[0][k] = whole(row, "users");
                        counts[1][k] = whole(row, "observed");
                        counts[2][k] = whole(row, "retained");
                        observed[k] += counts[1][k];
                        retained[k] += counts[2][k];
                    }
                    SortedMap<String, Double> numbers = new TreeMap<>();
                    List<String> latest = new ArrayList<>(cohorts.keySet());
                    for (String cohort : latest.subList(Math.max(0, latest.size() - 12), latest.size())) {
                        long[][] counts = cohorts.get(cohort);
                        numbers.put("cohort " + cohort + ": users", (double) counts[0][0]);
                        for (int k = 0; k < 8; k++) {
                            numbers.put("cohort " + cohort + ", week " + k + ": share",
                                    counts[1][k] == 0 ? Double.NaN : (double) counts[2][k] / counts[1][k]);
                        }
                    }
                    for (int k = 0; k < 8; k++) {
                        numbers.put("all cohorts, week " + k + ": share",
                                observed[k] == 0 ? Double.NaN : (double) retained[k] / observed[k]);
                    }
                    return numbers;
                }));

        // funnel: a user enters at their first signed_up; each later step is the first event of its name strictly
        // after the step before, and before the entry + 14 days (and T). Users per step and the median hours from
        // entering (whole seconds / 3600, the analysis' resolution; DuckDB's median interpolates as the analysis does).
        cases.add(new Case("funnel", definitions, """
                WITH s1 AS (
                    SELECT e.user_id, MIN(e.event_time) AS t1
                    FROM events e JOIN {USERS} u ON u.user_id = e.user_id
                    WHERE e.event_name = 'signed_up' AND e.event_time < {T}
                    GROUP BY e.user_id),
                s2 AS (
                    SELECT s1.user_id, s1.t1, MIN(e.event_time) AS t2
                    FROM s1 JOIN events e ON e.user_id = s1.user_id
                    WHERE e.event_name = 'feature_viewed' AND e.event_time > s1.t1
                        AND e.event_time < s1.t1 + INTERVAL 14 DAY AND e.event_time < {T}
                    GROUP BY s1.user_id, s1.t1),
                s3 AS (
                    SELECT s2.user_id, s2.t1, MIN(e.event_time) AS t3
                    FROM s2 JOIN events e ON e.user_id = s2.user_id
                    WHERE e.event_name = 'plan_upgraded' AND e.event_time > s2.t2
                        AND e.event_time < s2.t1 + INTERVAL 14 DAY AND e.event_time < {T}
                    GROUP BY s2.user_id, s2.t1)
                SELECT 1 AS step, COUNT(*) AS users, MEDIAN(0.0::DOUBLE) AS median_hours FROM s1
                UNION ALL
                SELECT 2, COUNT(*), MEDIAN(((epoch_us(t2) - epoch_us(t1)) // 1000000) / 3600.0::DOUBLE) FROM s2
                UNION ALL
                SELECT 3, COUNT(*), MEDIAN(((epoch_us(t3) - epoch_us(t1)) // 1000000) / 3600.0::DOUBLE) FROM s3
                """.replace("{USERS}", users).replace("{T}", t), results -> {
                    SortedMap<String, Double> numbers = new TreeMap<>();
                    TableResult funnel = table(results, "Funnel");
                    for (int i = 0; i < rows(funnel); i++) {
                        String key = "step " + (i + 1) + " " + text(funnel, "step", i);
                        numbers.put(key + ": users", number(funnel, "users", i));
                        numbers.put(key + ": median hours", number(funnel, "median time to reach", i));
                    }
                    return numbers;
                }, rows -> {
                    List<String> steps = List.of("signed_up", "feature_viewed", "plan_upgraded");
                    SortedMap<String, Double> numbers = new TreeMap<>();
                    for (Map<String, Object> row : rows) {
                        int step = (int) whole(row, "step");
                        String key = "step " + step + " " + steps.get(step - 1);
                        numbers.put(key + ": users", value(row, "users"));
                        numbers.put(key + ": median hours", value(row, "median_hours"));
                    }
                    return numbers;
                }));

        // behaviour-outcome: the users whose first 7 days have ended and who have an outcome value, i.e. whose
        // 14-day conversion window ended by T; the outcome: a plan_upgraded in [signup, signup + 14 days); a
        // behaviour: at least k events of a name in [signup, signup + 7 days), for every event but the outcome's
        // own (plan_upgraded). Per behaviour the users with it and the upgraders among them, and the totals; a
        // behaviour everyone or no one has is not a comparison (left out, as the analysis does).
        cases.add(new Case("behaviour-outcome", definitions, """
                WITH u AS (
                    SELECT u.user_id, u.signup_time,
                        EXISTS (SELECT 1 FROM events o WHERE o.user_id = u.user_id AND o.event_name = 'plan_upgraded'
                            AND o.event_time >= u.signup_time AND o.event_time < u.signup_time + INTERVAL 14 DAY) AS hit
                    FROM users u WHERE u.signup_time + INTERVAL 14 DAY <= {T}),
                counts AS (
                    SELECT u.user_id, ANY_VALUE(u.hit) AS hit, e.event_name, COUNT(*) AS n
                    FROM u JOIN events e ON e.user_id = u.user_id
                    WHERE e.event_name <> 'plan_upgraded' AND e.event_time >= u.signup_time
                        AND e.event_time < u.signup_time + INTERVAL 7 DAY
                    GROUP BY u.user_id, e.event_name),
                totals AS (SELECT COUNT(*) AS users, COUNT(*) FILTER (WHERE hit) AS hits FROM u)
                SELECT c.event_name, k.k, COUNT(*) AS with_users, COUNT(*) FILTER (WHERE c.hit) AS with_hits,
                    ANY_VALUE(totals.users) AS users, ANY_VALUE(totals.hits) AS hits
                FROM counts c JOIN (VALUES (1), (2), (3), (5), (10)) k(k) ON c.n >= k.k CROSS JOIN totals
                GROUP BY c.event_name, k.k
                """.replace("{T}", t), results -> {
                    SortedMap<String, Double> numbers = new TreeMap<>();
                    TableResult behaviours = table(results, "Behaviour → outcome");
                    for (int i = 0; i < rows(behaviours); i++) {
                        String key = text(behaviours, "behaviour", i);
                        for (String column : List.of("users with", "rate with", "users without", "rate without")) {
                            numbers.put(key + ": " + column, number(behaviours, column, i));
                        }
                    }
                    return numbers;
                }, rows -> {
                    SortedMap<String, Double> numbers = new TreeMap<>();
                    for (Map<String, Object> row : rows) {
                        long n1 = whole(row, "with_users");
                        long h1 = whole(row, "with_hits");
                        long n0 = whole(row, "users") - n1;
                        long h0 = whole(row, "hits") - h1;
                        if (n1 == 0 || n0 == 0) {
                            continue;
                        }
                        String key = String.format(Locale.ROOT, "%s at least %d× in the first %d days",
                                row.get("event_name"), whole(row, "k"), 7);
                        numbers.put(key + ": users with", (double) n1);
                        numbers.put(key + ": rate with", (double) h1 / n1);
                        numbers.put(key + ": users without", (double) n0);
                        numbers.put(key + ": rate without", (double) h0 / n0);
                    }
                    return numbers;
                }));

        // paths: from a user's first signed_up, the next events strictly after it and before it + 14 days (and
        // T), page_viewed left out, repeats in a row counted once, the first 3; the path ends at the first
        // plan_upgraded, which marks it as reaching. Events at the same instant are taken in the order of their
        // names (the engine's order: user, time, name), so events are compared as (time, name): one at the
        // outcome's instant counts before it when its name sorts before 'plan_upgraded'. The steps are found one
        // at a time, each the least (time, name) after the step before with another name (the events between
        // are repeats of that step): three grouped passes and no sort, quicker on DuckDB than numbering the
        // events with LAG and an ordered LIST. The query counts users and reachers of every path; the analysis
        // shows the 10 most common (ties by path), and among paths of 30 users or more the 10 that reach most and
        // the 10 that stall most: their conversions are compared rank by rank (ties in conversion may be listed
        // in either order, their values are the same).
        cases.add(new Case("paths", definitions, """
                WITH a AS (
                    SELECT e.user_id, MIN(e.event_time) AS t
                    FROM events e JOIN {USERS} u ON u.user_id = e.user_id
                    WHERE e.event_name = 'signed_up' AND e.event_time < {T}
                    GROUP BY e.user_id),
                w AS MATERIALIZED (
                    SELECT a.user_id, {'t': e.event_time, 'n': e.event_name} AS e
                    FROM a JOIN events e ON e.user_id = a.user_id
                    WHERE e.event_time > a.t AND e.event_time < a.t + INTERVAL 14 DAY AND e.event_time < {T}
                        AND e.event_name <> 'page_viewed'),
                o AS (SELECT user_id, MIN(e) AS o FROM w WHERE e.n = 'plan_upgraded' GROUP BY user_id),
                c AS MATERIALIZED (
                    SELECT w.user_id, w.e FROM w LEFT JOIN o ON o.user_id = w.user_id WHERE o.o IS NULL OR w.e < o.o),
                s1 AS (SELECT user_id, MIN(e) AS s FROM c GROUP BY user_id),
                s2 AS (
                    SELECT c.user_id, MIN(c.e) AS s FROM c JOIN s1 ON s1.user_id = c.user_id
                    WHERE c.e > s1.s AND c.e.n <> s1.s.n GROUP BY c.user_id),
                s3 AS (
                    SELECT c.user_id, MIN(c.e) AS s FROM c JOIN s2 ON s2.user_id = c.user_id
                    WHERE c.e > s2.s AND c.e.n <> s2.s.n GROUP BY c.user_id)
                SELECT 'signed_up → ' || COALESCE(NULLIF(concat_ws(' → ', s1.s.n, s2.s.n, s3.s.n), ''), '(nothing)') AS path,
                    COUNT(*) AS users, COUNT(o.o) AS reached
                FROM a LEFT JOIN s1 ON s1.user_id = a.user_id LEFT JOIN s2 ON s2.user_id = a.user_id
                    LEFT JOIN s3 ON s3.user_id = a.user_id LEFT JOIN o ON o.user_id = a.user_id
                GROUP BY path
                ORDER BY users DESC, path
                """.replace("{USERS}", users).replace("{T}", t), results -> {
                    SortedMap<String, Double> numbers = new TreeMap<>();
                    TableResult common = table(results, "Most common paths");
                    for (int i = 0; i < rows(common); i++) {
                        String key = String.format(Locale.ROOT, "most common #%02d %s", i + 1, text(common, "path", i));
                        numbers.put(key + ": users", number(common, "users", i));
                        numbers.put(key + ": reached", number(common, "reached", i));
                    }
                    TableResult reaching = table(results, "Paths that reach plan_upgraded");
                    for (int i = 0; i < rows(reaching); i++) {
                        numbers.put(String.format(Locale.ROOT, "reaching #%02d: conversion", i + 1),
                                number(reaching, "conversion", i));
                    }
                    TableResult stalling = table(results, "Paths that stall");
                    for (int i = 0; i < rows(stalling); i++) {
                        numbers.put(String.format(Locale.ROOT, "stalling #%02d: conversion", i + 1),
                                number(stalling, "conversion", i));
                    }
                    return numbers;
                }, rows -> {
                    List<String> paths = new ArrayList<>();
                    List<long[]> counts = new ArrayList<>();
                    for (Map<String, Object> row : rows) {
                        paths.add((String) row.get("path"));
                        counts.add(new long[] { whole(row, "users"), whole(row, "reached") });
                    }
                    SortedMap<String, Double> numbers = new TreeMap<>();
                    // ordered by users, then path; the query's text order is DuckDB's (bytes), the analysis' Java's
                    // (UTF-16 units): the same for these names and arrows
                    for (int i = 0; i < Math.min(10, paths.size()); i++) {
                        String key = String.format(Locale.ROOT, "most common #%02d %s", i + 1, paths.get(i));
                        numbers.put(key + ": users", (double) counts.get(i)[0]);
                        numbers.put(key + ": reached", (double) counts.get(i)[1]);
                    }
                    List<Double> solid = new ArrayList<>();
                    for (long[] c : counts) {
                        if (c[0] >= Estimate.SMALL_SAMPLE) {
                            solid.add((double) c[1] / c[0]);
                        }
                    }
                    // a path reaches or stalls, never both: of n paths of 30 users or more the better half (at
                    // most 10) reach, the worst of the rest (at most 10) stall
                    solid.sort(Comparator.reverseOrder());
                    for (int i = 0; i < Math.min(10, (solid.size() + 1) / 2); i++) {
                        numbers.put(String.format(Locale.ROOT, "reaching #%02d: conversion", i + 1), solid.get(i));
                    }
                    for (int i = 0; i < Math.min(10, solid.size() / 2); i++) {
                        numbers.put(String.format(Locale.ROOT, "stalling #%02d: conversion", i + 1),
                                solid.get(solid.size() - 1 - i));
                    }
                    return numbers;
                }));

        // experiment (OnboardingTour): a user's variant is the variant property of their first experiment_assigned
        // with experiment = 'onboarding_tour' before T (at the same instant an event without a variant first,
        // then by the variant's text); left out: users whose events name two variants, whose first names none,
        // or whose variant is neither control nor tour. Per variant the users, and per metric the users with a
        // value and the mean: UpgradeConversion (a plan_upgraded in [signup, signup + 14 days), users whose
        // window ended by T), Retention7 (a session_started in [signup + 7 days, signup + 8 days), users whose
        // day 7 ended by T), CostToServe (api_call 0.002 and export_created 0.05 each in [T - 30 days, T), every user).
        // Each metric is its own selective subquery (a join over the whole history of the assigned users' events,
        // aggregated with FILTERs, took twice as long).
        cases.add(new Case("experiment", samples, """
                WITH a AS (
                    SELECT e.user_id,
                        FIRST(e."p_variant" ORDER BY e.event_time, e."p_variant" NULLS FIRST) AS variant,
                        COUNT(DISTINCT e."p_variant") AS variants
                    FROM events e JOIN {USERS} u ON u.user_id = e.user_id
                    WHERE e.event_name = 'experiment_assigned' AND e."p_experiment" = 'onboarding_tour'
                        AND e.event_time < {T}
                    GROUP BY e.user_id),
                v AS (
                    SELECT a.user_id, a.variant, u.signup_time FROM a JOIN users u ON u.user_id = a.user_id
                    WHERE a.variants = 1 AND a.variant IN ('control', 'tour')),
                upgraded AS (
                    SELECT DISTINCT v.user_id FROM v JOIN events e ON e.user_id = v.user_id
                    WHERE e.event_name = 'plan_upgraded' AND e.event_time >= v.signup_time
                        AND e.event_time < v.signup_time + INTERVAL 14 DAY),
                retained AS (
                    SELECT DISTINCT v.user_id FROM v JOIN events e ON e.user_id = v.user_id
                    WHERE e.event_name = 'session_started' AND e.event_time >= v.signup_time + INTERVAL 7 DAY
                        AND e.event_time < v.signup_time + INTERVAL 8 DAY),
                cost AS (
                    SELECT user_id, SUM(CASE event_name WHEN 'api_call' THEN 0.002 ELSE 0.05 END) AS cost
                    FROM events
                    WHERE event_name IN ('api_call', 'export_created') AND event_time >= {T} - INTERVAL 30 DAY
                        AND event_time < {T}
                    GROUP BY user_id),
                per_user AS (
                    SELECT v.variant,
                        CASE WHEN v.signup_time + INTERVAL 14 DAY <= {T}
                            THEN CASE WHEN up.user_id IS NULL THEN 0 ELSE 1 END END AS upgraded,
                        CASE WHEN v.signup_time + INTERVAL 8 DAY <= {T}
                            THEN CASE WHEN r.user_id IS NULL THEN 0 ELSE 1 END END AS retained,
                        COALESCE(c.cost, 0) AS cost
                    FROM v LEFT JOIN upgraded up ON up.user_id = v.user_id LEFT JOIN retained r ON r.user_id = v.user_id
                        LEFT JOIN cost c ON c.user_id = v.user_id)
                SELECT variant, COUNT(*) AS users,
                    COUNT(upgraded) AS upgrade_users, AVG(upgraded) AS upgrade_rate,
                    COUNT(retained) AS retention_users, AVG(retained) AS retention_rate,
                    COUNT(cost) AS cost_users, AVG(cost) AS cost_mean
                FROM per_user GROUP BY variant
                """.replace("{USERS}", users).replace("{T}", t), results -> {
                    SortedMap<String, Double> numbers = new TreeMap<>();
                    TableResult ratio = table(results, "Sample ratio");
                    for (int i = 0; i < rows(ratio); i++) {
                        numbers.put(text(ratio, "variant", i) + ": users", number(ratio, "users", i));
                    }
                    TableResult variants = table(results, "Variants");
                    for (int i = 0; i < rows(variants); i++) {
                        String key = text(variants, "metric", i) + " / " + text(variants, "variant", i);
                        numbers.put(key + ": users with a value", number(variants, "users", i));
                        numbers.put(key + ": value", number(variants, "value", i));
                    }
                    return numbers;
                }, rows -> {
                    SortedMap<String, Double> numbers = new TreeMap<>();
                    for (Map<String, Object> row : rows) {
                        String variant = (String) row.get("variant");
                        numbers.put(variant + ": users", value(row, "users"));
                        Map<String, String[]> metrics = Map.of("UpgradeConversion",
                                new String[] { "upgrade_users", "upgrade_rate" }, "Retention7",
                                new String[] { "retention_users", "retention_rate" }, "CostToServe",
                                new String[] { "cost_users", "cost_mean" });
                        for (Map.Entry<String, String[]> metric : metrics.entrySet()) {
                            String key = metric.getKey() + " / " + variant;
                            numbers.put(key + ": users with a value", value(row, metric.getValue()[0]));
                            numbers.put(key + ": value", value(row, metric.getValue()[1]));
                        }
                    }
                    return numbers;
                }));
        return cases;
    }

    // ------------------------------------------------------------------ running and checking

    record Timed(double seconds, SortedMap<String, Double> numbers) {
    }

    /** One run of the analysis, from request to stored result; its numbers read back from the repository. */
    private static Timed sextant(AnalysisRunner runner, Repository repository, AnalysisRequest request, Case c)
            throws Exception {
        long start = System.nanoTime();
        AnalysisRun run = runner.run(request, new NullProgressMonitor());
        double took = seconds(start);
        assertEquals(RunStatus.SUCCEEDED, run.getStatus(), c.analysis() + ": " + run.getError());
        List<Result> stored = repository.runs().run(run.getId()).orElseThrow().getResults();
        return new Timed(took, c.sextant().read(stored));
    }

    /** The query alone: executed and its rows read; the numbers taken from them after the clock stops. */
    private static Timed baseline(Connection connection, Case c) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            long start = System.nanoTime();
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery(c.sql())) {
                int width = result.getMetaData().getColumnCount();
                while (result.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= width; i++) {
                        row.put(result.getMetaData().getColumnLabel(i), result.getObject(i));
                    }
                    rows.add(row);
                }
            }
            double took = seconds(start);
            return new Timed(took, c.baseline().read(rows));
        }
    }

    /** Equal numbers under the same names, or both printed and the benchmark fails. */
    private static void check(Case c, SortedMap<String, Double> sextant, SortedMap<String, Double> baseline) {
        Set<String> names = new TreeSet<>(sextant.keySet());
        names.addAll(baseline.keySet());
        List<String> differences = new ArrayList<>();
        for (String name : names) {
            Double ours = sextant.get(name);
            Double theirs = baseline.get(name);
            if (ours == null || theirs == null || !same(ours, theirs)) {
                differences.add(String.format(Locale.ROOT, "  %s: Sextant %s, query %s", name, ours, theirs));
            }
        }
        if (sextant.isEmpty() || !differences.isEmpty()) {
            StringBuilder message = new StringBuilder(c.analysis() + ": Sextant's numbers differ from the query's ("
                    + differences.size() + " of " + names.size() + ")\n");
            differences.forEach(d -> message.append(d).append('\n'));
            message.append("Sextant:\n");
            sextant.forEach((k, v) -> message.append("  ").append(k).append(" = ").append(v).append('\n'));
            message.append("query:\n");
            baseline.forEach((k, v) -> message.append("  ").append(k).append(" = ").append(v).append('\n'));
            message.append("the query:\n").append(c.sql());
            System.out.println(message);
            fail(message.toString());
        }
    }

    private static boolean same(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Double.isNaN(a) && Double.isNaN(b);
        }
        return Math.abs(a - b) <= TOLERANCE * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
    }

    // ------------------------------------------------------------------ reading results and rows

    private static Result result(List<Result> results, String name) {
        return results.stream().filter(r -> r.getName().equals(name)).findFirst().orElseThrow(() -> new AssertionError(
                "no result '" + name + "' in " + results.stream().map(Result::getName).toList()));
    }

    private static TableResult table(List<Result> results, String name) {
        return (TableResult) result(results, name);
    }

    private static Column column(TableResult table, String name) {
        return table.getColumns().stream().filter(c -> c.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no column '" + name + "' in " + table.getName()));
    }

    private static int rows(TableResult table) {
        Column first = table.getColumns().get(0);
        return Math.max(first.getTexts().size(), first.getNumbers().size());
    }

    private static String text(TableResult table, String column, int row) {
        return column(table, column).getTexts().get(row);
    }

    private static double number(TableResult table, String column, int row) {
        return orNaN(column(table, column).getNumbers().get(row));
    }

    private static double orNaN(Double value) {
        return value == null ? Double.NaN : value;
    }

    /** A number of a row, NaN for SQL NULL. */
    private static double value(Map<String, Object> row, String column) {
        Object value = column(row, column);
        return value == null ? Double.NaN : ((Number) value).doubleValue();
    }

    /** A whole number of a row (a count). */
    private static long whole(Map<String, Object> row, String column) {
        return ((Number) column(row, column)).longValue();
    }

    private static Object column(Map<String, Object> row, String column) {
        if (!row.containsKey(column)) {
            throw new AssertionError("the query has no column " + column + ": " + row.keySet());
        }
        return row.get(column);
    }

    /** The sample project's definitions (bundles/io.sextant.project/samples), parsed together. */
    private static List<Definition> samples() throws Exception {
        Path samples = null;
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("bundles/io.sextant.project/samples/growth.seg"))) {
                samples = p.resolve("bundles/io.sextant.project/samples");
                break;
            }
        }
        if (samples == null) {
            throw new IllegalStateException("no bundles/io.sextant.project/samples above " + Path.of("").toAbsolutePath());
        }
        XtextResourceSet resources = new SegStandaloneSetup().createInjectorAndDoEMFRegistration()
                .getInstance(XtextResourceSet.class);
        List<XtextResource> loaded = new ArrayList<>();
        for (String name : List.of("core.seg", "growth.seg")) {
            XtextResource resource = (XtextResource) resources.createResource(URI.createURI("sample:/" + name));
            resource.load(new ByteArrayInputStream(Files.readAllBytes(samples.resolve(name))), null);
            if (!resource.getErrors().isEmpty()) {
                throw new IllegalStateException(name + ": " + resource.getErrors());
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

    /** The queries name the property columns as the import creates them; a different layout is said at once. */
    private static void requireColumns(EventDataSource source, Set<String> columns) throws SQLException {
        Set<String> present = new TreeSet<>();
        try (Connection connection = source.open(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT table_name, column_name FROM information_schema.columns")) {
            while (rows.next()) {
                present.add(rows.getString(1) + ":" + rows.getString(2));
            }
        }
        for (String column : columns) {
            if (!present.contains(column)) {
                throw new IllegalStateException("the store has no column " + column + "; the queries need "
                        + columns + " (present: " + present + ")");
            }
        }
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static long count(EventDataSource source, String table) throws Exception {
        try (Connection connection = source.open(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
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
