package io.sextant.analysis.experiments.tests;

import static io.sextant.analysis.experiments.tests.ExperimentProject.column;
import static io.sextant.analysis.experiments.tests.ExperimentProject.number;
import static io.sextant.analysis.experiments.tests.ExperimentProject.parameters;
import static io.sextant.analysis.experiments.tests.ExperimentProject.row;
import static io.sextant.analysis.experiments.tests.ExperimentProject.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.emf.common.util.EList;
import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sextant.data.Dialects;
import io.sextant.data.EventDataSource;
import io.sextant.data.catalog.CatalogService;
import io.sextant.data.catalog.DataCatalog;
import io.sextant.dsl.seg.Experiment;
import io.sextant.dsl.seg.Metric;
import io.sextant.dsl.seg.Segment;
import io.sextant.engine.Engine;
import io.sextant.engine.EngineRun;
import io.sextant.engine.MetricValues;
import io.sextant.engine.tests.PostgresServer;
import io.sextant.model.AnalysisRun;
import io.sextant.model.Result;
import io.sextant.model.RunStatus;
import io.sextant.model.TableResult;

/**
 * The four analyses that compute in SQL and read back only aggregates (experiment, difference in differences,
 * behaviour → outcome, segment value) on the same data in H2, DuckDB and a real PostgreSQL server: every result
 * they store must be the same on the three engines (texts equal, numbers to 1e-9 relative). The data is seeded
 * and made to reach every branch: users whose assignment events name several variants, none or an unknown one,
 * a population, users without a value (windows not ended, an average without purchases), exact decimal amounts
 * (some of ten thousand beside cents), events at the very bounds of the periods, users in both groups of the
 * difference in differences (US users on the web).
 *
 * <p>Then the experiment's numbers computed from SQL sums are checked against scipy
 * (releng/scripts/experiment_reference.py) on the same users' values, read the way the analysis read them
 * before it computed in SQL: each user's variant from the assignment events by the language's rule, each
 * metric's per-user value from the engine.
 */
class EngineAgreementTest {

    static final double ENGINES_TOLERANCE = 1e-9;
    static final double SCIPY_TOLERANCE = AgreementTest.TOLERANCE;
    static final long SEED = 20261207L;
    static final int USERS = 700;
    static final LocalDate START = LocalDate.of(2026, 1, 5);
    static final LocalDate CHANGE = LocalDate.of(2026, 3, 2);
    static final LocalDate AS_OF = LocalDate.of(2026, 4, 30);
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT);

    static final String DEFINITIONS = """
            package agree

            metric Upgraded { owner "t" conversion did "plan_upgraded" within 14 days after signup }
            metric Revenue { owner "t" sum "purchase".amount within 30 days after signup unit "USD" }
            metric Sessions { owner "t" count "session_started" within 30 days after signup }
            metric RevenuePerSession { owner "t" ratio Revenue / Sessions unit "USD/session" }
            metric AveragePurchase { owner "t" avg "purchase".amount within 30 days after signup unit "USD" }
            metric EarlySessions { owner "t" count "session_started" within 7 days after signup }
            segment Web { owner "t" where user.device = "web" }
            segment Us { owner "t" where user.country = "US" }
            segment Germany { owner "t" where user.country = "DE" }
            segment GermanyOrWeb { owner "t" where user.country = "DE" or user.device = "web" }
            segment Buyers { owner "t" where did "purchase" }

            experiment Checkout {
                owner "t"
                variants { control 50 %, treatment 50 % }
                assignment "experiment_assigned" [experiment = "checkout"].variant
                primary Upgraded
                guardrails Revenue, RevenuePerSession, AveragePurchase
                covariate EarlySessions
                minimum effect 0.02
            }

            experiment CheckoutAmongBuyers {
                owner "t"
                population Buyers
                variants { control 50 %, treatment 50 % }
                assignment "experiment_assigned" [experiment = "checkout"].variant
                primary Revenue
                guardrails Upgraded, RevenuePerSession
            }
            """;

    /** The analyses run on every engine: a name for messages, the analysis and its parameters. */
    static final List<Object[]> RUNS = List.of(
            new Object[] { "experiment Checkout", "experiment", parameters("experiment", "Checkout", "segments",
                    "Web, Us") },
            new Object[] { "experiment Checkout, sequential", "experiment", parameters("experiment", "Checkout",
                    "sequential", "true", "correction", "bh") },
            new Object[] { "experiment CheckoutAmongBuyers", "experiment", parameters("experiment",
                    "CheckoutAmongBuyers", "segments", "Web") },
            new Object[] { "difference in differences, weeks", "difference-in-differences", parameters("treated", "Us",
                    "comparison", "GermanyOrWeb", "event", "session_started", "change", CHANGE.toString(), "pre", "4",
                    "post", "4") },
            new Object[] { "difference in differences, days", "difference-in-differences", parameters("treated", "Us",
                    "comparison", "Germany", "event", "purchase", "change", CHANGE.toString(), "period", "day", "pre",
                    "1", "post", "3") },
            new Object[] { "behaviour → outcome", "behaviour-outcome", parameters("outcome", "Upgraded", "days", "7") },
            new Object[] { "behaviour → outcome among Web", "behaviour-outcome", parameters("outcome", "Upgraded",
                    "days", "10", "segment", "Web", "exclude", "session_started") },
            new Object[] { "segment value", "segment-value", parameters("segments", "Web, Us, Germany, Buyers",
                    "metric", "Upgraded", "metrics", "Revenue, RevenuePerSession, AveragePurchase") });

    static PostgresServer postgres;
    static final Map<String, ExperimentProject> projects = new LinkedHashMap<>();

    @BeforeAll
    static void load() throws Exception {
        Path folder = Files.createTempDirectory("sextant-engine-agreement");
        Path users = folder.resolve("data/users.csv");
        Path events = folder.resolve("data/events.csv");
        write(new Random(SEED), users, events);
        postgres = PostgresServer.start();
        Map<String, EventDataSource> sources = new LinkedHashMap<>();
        sources.put("H2", EventDataSource.jdbc("jdbc:h2:file:" + folder.resolve("h2/events"), null, null,
                Dialects.H2, new org.h2.Driver()));
        sources.put("DuckDB", EventDataSource.jdbc("jdbc:duckdb:" + folder.resolve("events.duckdb"), null, null,
                Dialects.DUCKDB, new org.duckdb.DuckDBDriver()));
        sources.put("PostgreSQL", postgres.createDatabase("agreement"));
        DataCatalog catalog = null;
        for (Map.Entry<String, EventDataSource> source : sources.entrySet()) {
            // PostgreSQL gets H2's catalog of the same files: the data layer's catalog derivation fails there (it
            // counts the users' column as "SIGNUP_TIME", quoted, and PostgreSQL's is signup_time)
            boolean postgresql = source.getKey().equals("PostgreSQL");
            ExperimentProject project = new ExperimentProject(folder.resolve("project-" + source.getKey()),
                    source.getValue(), postgresql ? catalog : null, users, events, AS_OF,
                    Map.of("agree.seg", DEFINITIONS));
            if (source.getKey().equals("H2")) {
                catalog = new CatalogService(source.getValue()).read();
            }
            projects.put(source.getKey(), project);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void everyAnalysisStoresTheSameResultsOnH2DuckDBAndPostgreSQL() throws Exception {
        List<String> differences = new ArrayList<>();
        double[] worst = { 0 };
        int[] compared = { 0 };
        for (Object[] each : RUNS) {
            String what = (String) each[0];
            @SuppressWarnings("unchecked")
            Map<String, String> parameters = (Map<String, String>) each[2];
            Map<String, AnalysisRun> runs = new LinkedHashMap<>();
            for (Map.Entry<String, ExperimentProject> project : projects.entrySet()) {
                AnalysisRun run = project.getValue().run((String) each[1], parameters);
                assertEquals(RunStatus.SUCCEEDED, run.getStatus(), project.getKey() + ", " + what + ": " + run.getError());
                runs.put(project.getKey(), run);
            }
            AnalysisRun h2 = runs.get("H2");
            meaningful(what, h2);
            for (String engine : List.of("DuckDB", "PostgreSQL")) {
                List<Result> expected = h2.getResults();
                List<Result> actual = runs.get(engine).getResults();
                if (expected.size() != actual.size()) {
                    differences.add(what + ", " + engine + ": " + actual.stream().map(Result::getName).toList()
                            + " instead of " + expected.stream().map(Result::getName).toList());
                    continue;
                }
                for (int i = 0; i < expected.size(); i++) {
                    compare(what + ", " + engine + ", " + expected.get(i).getName(), expected.get(i), actual.get(i),
                            differences, worst, compared);
                }
            }
        }
        Figures.record(String.format(Locale.ROOT, "engine agreement: %d analyses on H2, DuckDB and PostgreSQL, %d"
                + " numbers compared, largest relative difference %.2e (tolerance %.0e)", RUNS.size(), compared[0],
                worst[0], ENGINES_TOLERANCE));
        assertTrue(differences.isEmpty(), differences.size() + " differences between the engines:\n"
                + String.join("\n", differences.subList(0, Math.min(20, differences.size()))));
    }

    /** What each analysis must have found, so that the engines' agreeing says something. */
    private static void meaningful(String what, AnalysisRun run) {
        switch (what) {
            case "experiment Checkout" -> {
                assertEquals(4, column(table(run, "Lifts"), "label").getTexts().size(), what);
                assertEquals(3, column(table(run, "CUPED"), "metric").getTexts().size(), what);
                assertEquals(2, column(table(run, "Segments"), "segment").getTexts().size(), what);
                assertTrue(ExperimentProject.summary(run, "left out: in several variants") > 0, what);
                assertTrue(ExperimentProject.summary(run, "left out: first assignment without a variant") > 0, what);
                assertTrue(ExperimentProject.summary(run, "left out: unknown variant") > 0, what);
                assertTrue(column(table(run, "Warnings"), "warning").getTexts().stream()
                        .anyMatch(w -> w.startsWith("Upgraded: ") && w.contains("have no value yet")), what);
            }
            case "experiment CheckoutAmongBuyers" -> {
                assertTrue(ExperimentProject.summary(run, "left out: outside the population") > 0, what);
                assertEquals(3, column(table(run, "Lifts"), "label").getTexts().size(), what);
            }
            case "difference in differences, weeks" -> {
                assertTrue(number(table(run, "Difference in differences"), "users in both, left out", 0) > 0, what);
                assertEquals(8, column(table(run, "Periods"), "period starting").getTexts().size(), what);
                assertTrue(number(table(run, "Parallel pre-trends"), "slope difference", 0) != 0, what);
            }
            case "behaviour → outcome" -> assertTrue(column(table(run, "Behaviour → outcome"), "behaviour").getTexts()
                    .size() >= 10, what);
            case "segment value" -> assertEquals(16, column(table(run, "Segment value"), "segment").getTexts().size(),
                    what);
            default -> {
                // the others: that they succeed and agree
            }
        }
    }

    /** Compares two stored model objects attribute by attribute (ids aside), numbers to the tolerance. */
    private static void compare(String where, EObject expected, EObject actual, List<String> differences,
            double[] worst, int[] compared) {
        for (EAttribute attribute : expected.eClass().getEAllAttributes()) {
            if (attribute.getName().equals("id")) {
                continue;
            }
            Object a = expected.eGet(attribute);
            Object b = actual.eGet(attribute);
            String at = where + "." + attribute.getName();
            if (a instanceof EList<?> listA && b instanceof EList<?> listB) {
                if (listA.size() != listB.size()) {
                    differences.add(at + ": " + listB.size() + " values instead of " + listA.size());
                    continue;
                }
                for (int i = 0; i < listA.size(); i++) {
                    compareValue(at + "[" + i + "]", listA.get(i), listB.get(i), differences, worst, compared);
                }
            } else {
                compareValue(at, a, b, differences, worst, compared);
            }
        }
        for (EReference reference : expected.eClass().getEAllContainments()) {
            Object a = expected.eGet(reference);
            Object b = actual.eGet(reference);
            if (a instanceof EList<?> listA && b instanceof EList<?> listB) {
                if (listA.size() != listB.size()) {
                    differences.add(where + "." + reference.getName() + ": " + listB.size() + " instead of "
                            + listA.size());
                    continue;
                }
                for (int i = 0; i < listA.size(); i++) {
                    EObject child = (EObject) listA.get(i);
                    Object name = child.eClass().getEStructuralFeature("name") == null ? i
                            : child.eGet(child.eClass().getEStructuralFeature("name"));
                    compare(where + "." + name, child, (EObject) listB.get(i), differences, worst, compared);
                }
            }
        }
    }

    private static void compareValue(String at, Object a, Object b, List<String> differences, double[] worst,
            int[] compared) {
        if (a instanceof Double x && b instanceof Double y) {
            compared[0]++;
            double error = AgreementTest.relativeError(x, y);
            if (Math.abs(x - y) <= 1e-15) {
                error = 0; // both (almost) zero: a difference of the last bits of a sum that cancels
            }
            worst[0] = Math.max(worst[0], error);
            if (!(error <= ENGINES_TOLERANCE)) {
                differences.add(at + ": " + y + " instead of " + x + " (relative difference " + error + ")");
            }
        } else if (!java.util.Objects.equals(a, b)) {
            differences.add(at + ": " + b + " instead of " + a);
        }
    }

    // ------------------------------------------------------------------ against scipy

    /** A comparison the reference computes: its case header, data, and what the analysis stored, by key. */
    record Case(String id, String header, Map<String, double[]> data, Map<String, Double> stored) {
    }

    @Test
    void theExperimentsNumbersFromSqlSumsAgreeWithScipyOnTheSameUsersValues() throws Exception {
        List<Case> cases = new ArrayList<>();
        ExperimentProject h2 = projects.get("H2");
        Engine engine = Engine.on(h2.source);
        for (Map.Entry<String, ExperimentProject> project : projects.entrySet()) {
            AnalysisRun checkout = project.getValue().run(parameters("experiment", "Checkout"));
            AnalysisRun buyers = project.getValue().run(parameters("experiment", "CheckoutAmongBuyers"));
            assertEquals(RunStatus.SUCCEEDED, checkout.getStatus(), checkout.getError());
            assertEquals(RunStatus.SUCCEEDED, buyers.getStatus(), buyers.getError());
            String tag = project.getKey().toLowerCase(Locale.ROOT);
            try (EngineRun run = engine.open(AS_OF)) {
                Experiment withCovariate = (Experiment) h2.lookup().find("Checkout").get(0);
                Map<String, double[]> covariate = null;
                for (Metric metric : List.of(metric(h2, "Upgraded"), metric(h2, "Revenue"),
                        metric(h2, "RevenuePerSession"), metric(h2, "AveragePurchase"))) {
                    PerUser values = PerUser.read(run, withCovariate, metric, null);
                    if (covariate == null) {
                        covariate = PerUser.covariate(run, withCovariate, metric(h2, "EarlySessions"));
                    }
                    cases.add(caseOf(tag + "-checkout-" + metric.getName(), checkout, metric, values,
                            metric.getName().equals("RevenuePerSession") ? null : values.with(covariate)));
                }
                Experiment amongBuyers = (Experiment) h2.lookup().find("CheckoutAmongBuyers").get(0);
                for (Metric metric : List.of(metric(h2, "Revenue"), metric(h2, "Upgraded"),
                        metric(h2, "RevenuePerSession"))) {
                    PerUser values = PerUser.read(run, amongBuyers, metric, (Segment) h2.lookup().find("Buyers").get(0));
                    cases.add(caseOf(tag + "-buyers-" + metric.getName(), buyers, metric, values, null));
                }
            }
        }
        Map<String, Map<String, Double>> reference = scipy(cases);
        double worst = 0;
        String worstAt = "";
        List<String> disagreements = new ArrayList<>();
        int values = 0;
        for (Case c : cases) {
            Map<String, Double> ref = reference.get(c.id());
            assertTrue(ref != null, "the reference computed nothing for " + c.id());
            for (Map.Entry<String, Double> stored : c.stored().entrySet()) {
                Double expected = ref.get(stored.getKey());
                assertTrue(expected != null, c.id() + ": the reference has no " + stored.getKey());
                double error = AgreementTest.relativeError(stored.getValue(), expected);
                values++;
                if (error > worst) {
                    worst = error;
                    worstAt = c.id() + "." + stored.getKey();
                }
                if (!(error <= SCIPY_TOLERANCE)) {
                    disagreements.add(c.id() + "." + stored.getKey() + ": stored " + stored.getValue() + ", scipy "
                            + expected + " (relative error " + error + ")");
                }
            }
        }
        Figures.record(String.format(Locale.ROOT, "experiment from SQL sums against scipy: %d comparisons on H2,"
                + " DuckDB and PostgreSQL, %d values, max relative error %.2e (%s), tolerance %.0e", cases.size(),
                values, worst, worstAt, SCIPY_TOLERANCE));
        assertTrue(disagreements.isEmpty(), "disagreements with scipy:\n" + String.join("\n", disagreements));
    }

    private static Metric metric(ExperimentProject project, String name) {
        return (Metric) project.lookup().find(name).get(0);
    }

    /**
     * The reference case of one metric's lift, the Lifts table's row (and the CUPED table's, with a covariate):
     * Welch's t for a mean, two proportions for a conversion, the delta method for a ratio, CUPED with a
     * covariate.
     */
    private static Case caseOf(String id, AnalysisRun run, Metric metric, PerUser values, double[][] covariate) {
        TableResult lifts = table(run, "Lifts");
        int row = row(lifts, Map.of("label", metric.getName() + ": treatment vs control"));
        Map<String, Double> stored = new LinkedHashMap<>();
        stored.put("diff", number(lifts, "absolute lift", row));
        stored.put("lo", number(lifts, "absolute lower", row));
        stored.put("hi", number(lifts, "absolute upper", row));
        stored.put("p", number(lifts, "p-value", row));
        Map<String, double[]> data = new LinkedHashMap<>();
        String header;
        double alpha = 0.05;
        if (covariate != null) {
            header = "cuped " + id + " " + alpha;
            data.put("c", values.values.get("control"));
            data.put("cx", covariate[0]);
            data.put("t", values.values.get("treatment"));
            data.put("tx", covariate[1]);
            TableResult cuped = table(run, "CUPED");
            int at = row(cuped, Map.of("metric", metric.getName()));
            stored.put("theta", number(cuped, "theta", at));
            stored.put("vr", number(cuped, "variance reduction", at));
        } else {
            stored.put("rel", number(lifts, "estimate", row) / 100);
            stored.put("rlo", number(lifts, "lower", row) / 100);
            stored.put("rhi", number(lifts, "upper", row) / 100);
            if (values.denominators != null) {
                header = "ratio " + id + " " + alpha;
                data.put("cn", values.values.get("control"));
                data.put("cd", values.denominators.get("control"));
                data.put("tn", values.values.get("treatment"));
                data.put("td", values.denominators.get("treatment"));
                stored.put("rc", number(lifts, "control", row));
                stored.put("rt", number(lifts, "treatment", row));
            } else if (metric.getName().equals("Upgraded")) {
                double[] c = values.values.get("control");
                double[] t = values.values.get("treatment");
                header = "prop " + id + " " + alpha + " " + positive(c) + " " + c.length + " " + positive(t) + " "
                        + t.length;
            } else {
                header = "welch " + id + " " + alpha;
                data.put("c", values.values.get("control"));
                data.put("t", values.values.get("treatment"));
                stored.put("mc", number(lifts, "control", row));
                stored.put("mt", number(lifts, "treatment", row));
            }
        }
        return new Case(id, header, data, stored);
    }

    private static long positive(double[] values) {
        return java.util.Arrays.stream(values).filter(v -> v > 0).count();
    }

    /**
     * One metric's per-user values by variant, read as the analysis read them before it computed in SQL: the
     * variant of each user's first assignment event (the rule of {@code AssignmentRuleTest}), the values from
     * {@link EngineRun#metricValues}, users without one left out.
     */
    static final class PerUser {
        final Map<String, double[]> values = new LinkedHashMap<>();
        Map<String, double[]> denominators;
        final Map<String, List<String>> users = new LinkedHashMap<>();

        static PerUser read(EngineRun run, Experiment experiment, Metric metric, Segment population) throws Exception {
            Map<String, String> variantOf = variants(run, experiment, population);
            MetricValues engineValues = run.metricValues(metric, population, new NullProgressMonitor());
            PerUser read = new PerUser();
            Map<String, List<double[]>> rows = new LinkedHashMap<>();
            for (String variant : List.of("control", "treatment")) {
                rows.put(variant, new ArrayList<>());
                read.users.put(variant, new ArrayList<>());
            }
            for (Map.Entry<String, String> entry : variantOf.entrySet()) {
                BigDecimal value = engineValues.values().get(entry.getKey());
                BigDecimal denominator = engineValues.isRatio() ? engineValues.denominators().get(entry.getKey())
                        : BigDecimal.ONE;
                if (value != null && denominator != null) {
                    rows.get(entry.getValue()).add(new double[] { value.doubleValue(), denominator.doubleValue() });
                    read.users.get(entry.getValue()).add(entry.getKey());
                }
            }
            read.denominators = engineValues.isRatio() ? new LinkedHashMap<>() : null;
            for (Map.Entry<String, List<double[]>> entry : rows.entrySet()) {
                read.values.put(entry.getKey(), entry.getValue().stream().mapToDouble(r -> r[0]).toArray());
                if (read.denominators != null) {
                    read.denominators.put(entry.getKey(), entry.getValue().stream().mapToDouble(r -> r[1]).toArray());
                }
            }
            return read;
        }

        /** The covariate of every assigned user; those without one get the others' mean (key "" holds it). */
        static Map<String, double[]> covariate(EngineRun run, Experiment experiment, Metric covariate)
                throws Exception {
            Map<String, String> variantOf = variants(run, experiment, null);
            MetricValues values = run.metricValues(covariate, null, new NullProgressMonitor());
            Map<String, double[]> byUser = new HashMap<>();
            double sum = 0;
            for (String user : variantOf.keySet()) {
                BigDecimal value = values.values().get(user);
                if (value != null) {
                    byUser.put(user, new double[] { value.doubleValue() });
                    sum += value.doubleValue();
                }
            }
            byUser.put("", new double[] { byUser.isEmpty() ? 0 : sum / byUser.size() });
            return byUser;
        }

        /** The covariate of this metric's users, control's then treatment's, in the order of their values. */
        double[][] with(Map<String, double[]> covariate) {
            double fill = covariate.get("")[0];
            double[][] x = new double[2][];
            int i = 0;
            for (String variant : List.of("control", "treatment")) {
                x[i++] = users.get(variant).stream()
                        .mapToDouble(u -> covariate.containsKey(u) ? covariate.get(u)[0] : fill).toArray();
            }
            return x;
        }

        /** User → variant by the language's rule, from the engine's stream of assignment events. */
        private static Map<String, String> variants(EngineRun run, Experiment experiment, Segment population)
                throws Exception {
            Set<String> members = population == null ? null : run.members(population, new NullProgressMonitor());
            Set<String> names = new LinkedHashSet<>(List.of("control", "treatment"));
            Map<String, String> variantOf = new LinkedHashMap<>();
            Map<String, List<String>> byUser = new LinkedHashMap<>();
            run.assignments(experiment, new NullProgressMonitor(), (user, time, variant) -> byUser
                    .computeIfAbsent(user, u -> new ArrayList<>()).add(variant));
            for (Map.Entry<String, List<String>> entry : byUser.entrySet()) {
                String first = entry.getValue().get(0);
                boolean several = entry.getValue().stream().filter(v -> v != null).distinct().count() > 1;
                if ((members == null || members.contains(entry.getKey())) && first != null && !several
                        && names.contains(first)) {
                    variantOf.put(entry.getKey(), first);
                }
            }
            return variantOf;
        }
    }

    /** Runs releng/scripts/experiment_reference.py on the cases; id → key → value. */
    private static Map<String, Map<String, Double>> scipy(List<Case> cases) throws Exception {
        Path dir = Files.createTempDirectory("sextant-scipy");
        Path in = dir.resolve("cases.txt");
        Path out = dir.resolve("reference.txt");
        try (BufferedWriter w = Files.newBufferedWriter(in, StandardCharsets.US_ASCII)) {
            for (Case c : cases) {
                w.write(c.header());
                w.newLine();
                for (Map.Entry<String, double[]> e : c.data().entrySet()) {
                    w.write(e.getKey());
                    for (double v : e.getValue()) {
                        w.write(' ');
                        w.write(Double.toString(v));
                    }
                    w.newLine();
                }
                w.write("end");
                w.newLine();
            }
        }
        Path script = Figures.repositoryRoot().resolve("releng/scripts/experiment_reference.py");
        Path log = dir.resolve("reference.log");
        Process p = new ProcessBuilder(AgreementTest.PYTHON, script.toString(), in.toString(), out.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("the scipy reference did not finish in 120 s");
        }
        assertEquals(0, p.exitValue(), "the scipy reference failed:\n" + Files.readString(log));
        Map<String, Map<String, Double>> reference = new LinkedHashMap<>();
        for (String line : Files.readAllLines(out)) {
            String[] parts = line.trim().split(" ");
            Map<String, Double> values = new LinkedHashMap<>();
            for (int i = 1; i < parts.length; i++) {
                int eq = parts[i].indexOf('=');
                String value = parts[i].substring(eq + 1);
                values.put(parts[i].substring(0, eq), value.equals("nan") ? Double.NaN : Double.parseDouble(value));
            }
            reference.put(parts[0], values);
        }
        return reference;
    }

    // ------------------------------------------------------------------ the data

    /**
     * Users in three countries and on three devices, signed up over ten weeks (the last ones' windows still open
     * at the as-of date); assignment events to the checkout experiment (most users one variant, some several, some
     * a first event without a variant, some an unknown variant, some a second event of the same variant, some
     * another experiment's), sessions every week (more for the US after the change, and for the treatment), some
     * at midnight on the bounds of the periods, purchases with exact cents, upgrades and feature views.
     */
    static void write(Random random, Path usersFile, Path eventsFile) throws Exception {
        Files.createDirectories(usersFile.getParent());
        StringBuilder users = new StringBuilder("user_id,signup_time,country,device\n");
        StringBuilder events = new StringBuilder("user_id,event,time,experiment,variant,amount\n");
        List<String> countries = List.of("US", "US", "DE", "DE", "FR");
        List<String> devices = List.of("web", "web", "ios", "android");
        LocalDateTime change = CHANGE.atStartOfDay();
        LocalDateTime periodsStart = change.minusWeeks(4);
        for (int u = 0; u < USERS; u++) {
            String id = "u" + u;
            String country = countries.get(random.nextInt(countries.size()));
            String device = devices.get(random.nextInt(devices.size()));
            LocalDateTime signup = START.atStartOfDay().plusMinutes(random.nextInt(60 * 24 * 7 * 10));
            if (u % 25 == 0) {
                signup = AS_OF.atStartOfDay().minusDays(random.nextInt(10)); // windows not ended at the as-of date
            }
            users.append(id).append(',').append(TIME.format(signup)).append(',').append(country).append(',')
                    .append(device).append('\n');
            int kind = random.nextInt(100);
            String variant = random.nextBoolean() ? "control" : "treatment";
            String other = variant.equals("control") ? "treatment" : "control";
            boolean treated = false;
            LocalDateTime assigned = signup.plusMinutes(5 + random.nextInt(120));
            if (kind < 88) {
                event(events, id, "experiment_assigned", assigned, "checkout", variant, null);
                treated = variant.equals("treatment");
                if (kind < 8) {
                    event(events, id, "experiment_assigned", assigned.plusDays(2), "checkout", variant, null);
                }
            } else if (kind < 92) {
                event(events, id, "experiment_assigned", assigned, "checkout", variant, null);
                event(events, id, "experiment_assigned", assigned.plusHours(3), "checkout", other, null);
            } else if (kind < 95) {
                event(events, id, "experiment_assigned", assigned, "checkout", "", null);
                event(events, id, "experiment_assigned", assigned.plusHours(1), "checkout", variant, null);
            } else if (kind < 97) {
                event(events, id, "experiment_assigned", assigned, "checkout", "beta", null);
            } else {
                event(events, id, "experiment_assigned", assigned, "search", variant, null);
            }
            double activity = 0.5 + random.nextDouble() * 2;
            // sessions from signup to the as-of date; more in the treatment, and for the US after the change
            LocalDateTime end = AS_OF.plusDays(1).atStartOfDay();
            for (LocalDateTime week = signup; week.isBefore(end); week = week.plusWeeks(1)) {
                double rate = activity * (treated ? 1.3 : 1) * (country.equals("US") && !week.isBefore(change) ? 1.6 : 1);
                int sessions = poisson(random, rate);
                for (int s = 0; s < sessions; s++) {
                    LocalDateTime time = week.plusMinutes(random.nextInt(60 * 24 * 7));
                    if (time.isBefore(end)) {
                        event(events, id, "session_started", time, null, null, null);
                    }
                }
            }
            // on the bounds of the periods: at midnight of a period's first day, and the instant before
            if (random.nextInt(6) == 0) {
                LocalDateTime bound = periodsStart.plusWeeks(random.nextInt(9));
                if (!bound.isBefore(signup)) {
                    event(events, id, "session_started", bound, null, null, null);
                    event(events, id, "session_started", bound.minusSeconds(1), null, null, null);
                    event(events, id, "purchase", bound, null, null, "0.01");
                }
            }
            int purchases = poisson(random, activity * (treated ? 1.2 : 1));
            for (int p = 0; p < purchases; p++) {
                long cents = Math.round(Math.exp(3 + random.nextGaussian()) * 100) + (random.nextInt(40) == 0 ? 1_000_000 : 0);
                event(events, id, "purchase", signup.plusMinutes(random.nextInt(60 * 24 * 40)), null, null,
                        BigDecimal.valueOf(cents, 2).toPlainString());
            }
            int features = poisson(random, activity * 2);
            for (int f = 0; f < features; f++) {
                event(events, id, "feature_viewed", signup.plusMinutes(random.nextInt(60 * 24 * 12)), null, null, null);
            }
            double upgrade = 0.08 + 0.05 * Math.min(features, 6) + (treated ? 0.05 : 0);
            if (random.nextDouble() < upgrade) {
                event(events, id, "plan_upgraded", signup.plusMinutes(random.nextInt(60 * 24 * 20)), null, null, null);
            }
        }
        Files.writeString(usersFile, users, StandardCharsets.UTF_8);
        Files.writeString(eventsFile, events, StandardCharsets.UTF_8);
    }

    private static void event(StringBuilder events, String user, String name, LocalDateTime time, String experiment,
            String variant, String amount) {
        events.append(user).append(',').append(name).append(',').append(TIME.format(time)).append(',')
                .append(experiment == null ? "" : experiment).append(',').append(variant == null ? "" : variant)
                .append(',').append(amount == null ? "" : amount).append('\n');
    }

    private static int poisson(Random random, double mean) {
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int n = 0;
        while (product > limit) {
            product *= random.nextDouble();
            n++;
        }
        return n;
    }
}
