package io.sextant.analysis.experiments.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sextant.analysis.experiments.stats.Comparison;
import io.sextant.analysis.experiments.stats.Conversions;
import io.sextant.analysis.experiments.stats.CupedComparison;
import io.sextant.analysis.experiments.stats.DifferenceInDifferences;
import io.sextant.analysis.experiments.stats.Interval;
import io.sextant.analysis.experiments.stats.Lifts;
import io.sextant.analysis.experiments.stats.MultipleTesting;
import io.sextant.analysis.experiments.stats.PairSums;
import io.sextant.analysis.experiments.stats.PowerAnalysis;
import io.sextant.analysis.experiments.stats.RatioSample;
import io.sextant.analysis.experiments.stats.Sample;
import io.sextant.analysis.experiments.stats.SampleRatio;
import io.sextant.analysis.experiments.stats.SampleRatioResult;
import io.sextant.analysis.experiments.stats.SequentialMonitor;
import io.sextant.analysis.experiments.stats.ValueSums;

/**
 * The statistics agree with scipy: seeded generated cases (means with equal and unequal variances, skewed and
 * offset values, proportions, ratios, CUPED, tiny and huge samples, the sample ratio check, Holm and
 * Benjamini-Hochberg, power, difference-in-differences, the always-valid interval) are computed here and by
 * releng/scripts/experiment_reference.py with /usr/bin/python3; every number agrees to 1e-9 relative. The
 * means, ratios, CUPED and difference-in-differences cases are computed twice: from the per-user values, and
 * (ids ending in "-sums") from the sufficient statistics a database sums in two passes ({@link ValueSums},
 * {@link PairSums}), as the analyses read them.
 */
class AgreementTest {

    static final double TOLERANCE = 1e-9;
    static final String PYTHON = "/usr/bin/python3";

    private final Random random = new Random(20261124L);
    private final List<Case> cases = new ArrayList<>();

    /** A case: its header line, its data lines, and what the Java code computed. */
    record Case(String id, String header, Map<String, double[]> data, Map<String, Double> java) {
    }

    @Test
    void agreesWithScipyToOneBillionth(@TempDir Path dir) throws Exception {
        generateCases();
        assertTrue(cases.size() >= 30, "at least 30 cases, not " + cases.size());
        Path in = dir.resolve("cases.txt");
        Path out = dir.resolve("reference.txt");
        write(in);
        Map<String, Map<String, Double>> reference = runReference(in, out);

        double maxError = 0;
        String worst = "";
        double maxSumsError = 0;
        String worstSums = "";
        List<String> disagreements = new ArrayList<>();
        int values = 0;
        for (Case c : cases) {
            Map<String, Double> ref = reference.get(c.id());
            if (ref == null) {
                fail("the reference computed nothing for case " + c.id());
            }
            assertEquals(c.java().keySet(), ref.keySet(), "the same quantities in case " + c.id());
            for (Map.Entry<String, Double> e : c.java().entrySet()) {
                double a = e.getValue();
                double b = ref.get(e.getKey());
                double error = relativeError(a, b);
                values++;
                if (error > maxError) {
                    maxError = error;
                    worst = c.id() + "." + e.getKey();
                }
                if (c.id().endsWith("-sums") && error > maxSumsError) {
                    maxSumsError = error;
                    worstSums = c.id() + "." + e.getKey();
                }
                if (!(error <= TOLERANCE)) {
                    disagreements.add(c.id() + "." + e.getKey() + ": Java " + a + ", scipy " + b + " (relative error "
                            + error + ")");
                }
            }
        }
        Figures.record(String.format("agreement with scipy: %d cases, %d values, max relative error %.2e (%s),"
                + " from two-pass sums %.2e (%s), tolerance %.0e", cases.size(), values, maxError, worst, maxSumsError,
                worstSums, TOLERANCE));
        assertTrue(disagreements.isEmpty(), "disagreements with scipy:\n" + String.join("\n", disagreements));
    }

    static double relativeError(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Double.isNaN(a) && Double.isNaN(b) ? 0 : Double.POSITIVE_INFINITY;
        }
        if (a == b) {
            return 0;
        }
        return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
    }

    private Map<String, Map<String, Double>> runReference(Path in, Path out) throws Exception {
        Path script = Figures.repositoryRoot().resolve("releng/scripts/experiment_reference.py");
        assertTrue(Files.isRegularFile(script), "missing " + script);
        if (!Files.isExecutable(Path.of(PYTHON))) {
            fail(PYTHON + " is missing: the reference needs Debian's Python with scipy:"
                    + " apt-get install python3-scipy python3-numpy");
        }
        Path log = in.resolveSibling("reference.log");
        Process p = new ProcessBuilder(PYTHON, script.toString(), in.toString(), out.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("the scipy reference did not finish in 120 s");
        }
        String output = Files.readString(log);
        if (p.exitValue() == 3 || output.contains("No module named")) {
            fail("scipy is missing for " + PYTHON + ": apt-get install python3-scipy python3-numpy\n" + output);
        }
        assertEquals(0, p.exitValue(), "the scipy reference failed:\n" + output);
        Map<String, Map<String, Double>> reference = new LinkedHashMap<>();
        for (String line : Files.readAllLines(out)) {
            String[] parts = line.trim().split(" ");
            Map<String, Double> values = new LinkedHashMap<>();
            for (int i = 1; i < parts.length; i++) {
                int eq = parts[i].indexOf('=');
                values.put(parts[i].substring(0, eq), parse(parts[i].substring(eq + 1)));
            }
            reference.put(parts[0], values);
        }
        return reference;
    }

    private static double parse(String python) {
        return switch (python) {
            case "nan" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(python);
        };
    }

    private void write(Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
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
    }

    // ---- the cases ----

    private void generateCases() {
        // means: tiny, unbalanced, unequal variances, skewed with many zeros, a large offset, huge
        welch("welch-tiny", 0.05, normal(2, 10, 1), normal(3, 10.5, 1));
        welch("welch-unequal-var", 0.05, normal(5, 3, 1), normal(8, 4, 10));
        welch("welch-n30", 0.1, normal(30, 1, 2), normal(45, 1.4, 2));
        welch("welch-revenue-zeros", 0.05, revenue(200, 0.7), revenue(180, 0.65));
        welch("welch-offset", 0.05, normal(1000, 1e4, 1), normal(1500, 1e4 + 0.1, 1));
        welch("welch-unequal-5000", 0.01, normal(5000, 2, 1), normal(5000, 2.05, 3));
        welch("welch-huge", 0.05, normal(200_000, 5, 1), normal(200_000, 5.01, 1));
        welch("welch-huge-strong", 0.05, normal(100_000, 5, 1), normal(100_000, 5.09, 1));
        welch("welch-counts", 0.05, counts(50, 2), counts(60, 2.5));
        welch("welch-3-vs-1000", 0.05, normal(3, 0, 1), normal(1000, 0.2, 1));
        // proportions: small, typical, huge, strong, high rates, equal, unbalanced
        prop("prop-small", 0.05, 3, 20, 7, 25);
        prop("prop-typical", 0.05, 120, 1000, 150, 1000);
        prop("prop-huge", 0.05, 1_000_000, 10_000_000, 1_003_000, 10_000_000);
        prop("prop-strong", 0.05, 5000, 50_000, 5600, 50_000);
        prop("prop-high-rate", 0.1, 48, 50, 45, 50);
        prop("prop-equal", 0.05, 30, 400, 30, 400);
        prop("prop-unbalanced", 0.01, 2500, 1_000_000, 2700, 1_200_000);
        // ratios of sums: revenue per session
        ratio("ratio-small", 0.05, 40, 50);
        ratio("ratio-mid", 0.05, 500, 600);
        ratio("ratio-large", 0.05, 20_000, 20_000);
        ratio("ratio-huge", 0.01, 100_000, 90_000);
        // CUPED
        cuped("cuped-small", 0.05, 100, 120, 0.5);
        cuped("cuped-mid", 0.05, 2000, 2000, 0.3);
        cuped("cuped-large", 0.05, 50_000, 50_000, 0.05);
        // sample ratio
        srm("srm-balanced", new long[] { 5021, 4979 }, new double[] { 50, 50 });
        srm("srm-tier-s", new long[] { 221, 166 }, new double[] { 0.5, 0.5 });
        srm("srm-three", new long[] { 3400, 3300, 3200 }, new double[] { 34, 33, 33 });
        srm("srm-tier-m", new long[] { 10_685, 9147 }, new double[] { 1, 1 });
        // multiple testing
        correction("holm-6", MultipleTesting.Correction.HOLM, "holm", new double[] { 0.01, 0.04, 0.03, 0.005, 0.5, 0.2 });
        correction("holm-ties", MultipleTesting.Correction.HOLM, "holm", new double[] { 0.02, 0.02, 0.001, 0.9 });
        correction("bh-8", MultipleTesting.Correction.BENJAMINI_HOCHBERG, "bh",
                new double[] { 0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205 });
        correction("bh-ties", MultipleTesting.Correction.BENJAMINI_HOCHBERG, "bh",
                new double[] { 0.03, 0.03, 0.5, 0.01, 0.2 });
        // power
        power("power-mean", 0.05, 0.8, 1, 0.1, 0.5, 0.5);
        power("power-rate", 0.01, 0.9, Math.sqrt(0.1 * 0.9), 0.02 * 0.1, 0.34, 0.33);
        power("power-uneven", 0.05, 0.8, 50, 2.5, 0.2, 0.8);
        // difference-in-differences
        did("did-parallel", 0.05, 200, 300, 6, 3, 0.0, 0.5);
        did("did-one-pre", 0.05, 150, 150, 4, 1, 0.0, 0.3);
        did("did-diverging", 0.05, 400, 400, 8, 4, 0.2, 0.0);
        // always-valid interval
        sequential("seq-early", 0.05, 0.02, 0.03, 0.01);
        sequential("seq-late", 0.1, 0.002, 0.004, 0.0001);
    }

    private void welch(String id, double alpha, double[] c, double[] t) {
        welch(id, alpha, c, t, Lifts.welch("m", "USD", new Sample("control", c), new Sample("treatment", t), alpha));
        // the same values as the analysis reads them from the database: two-pass sums per variant
        welch(id + "-sums", alpha, c, t, Lifts.welch("m", "USD", Sample.Summary.of("control", ValueSums.of(c)),
                Sample.Summary.of("treatment", ValueSums.of(t)), alpha));
    }

    private void welch(String id, double alpha, double[] c, double[] t, Comparison r) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("mc", r.control().value());
        m.put("mt", r.treatment().value());
        m.put("vc", r.control().variance());
        m.put("vt", r.treatment().variance());
        m.put("diff", r.absoluteLift());
        m.put("se", r.standardError());
        m.put("df", r.degreesOfFreedom());
        m.put("t", r.statistic());
        m.put("p", r.pValue());
        interval(m, "", r.absoluteInterval());
        m.put("rel", r.relativeLift());
        interval(m, "r", r.relativeInterval());
        cases.add(new Case(id, "welch " + id + " " + alpha, data("c", c, "t", t), m));
    }

    private void prop(String id, double alpha, long xc, long nc, long xt, long nt) {
        Comparison r = Lifts.proportions("m", new Conversions("control", xc, nc), new Conversions("treatment", xt, nt),
                alpha);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("diff", r.absoluteLift());
        m.put("z", r.statistic());
        m.put("p", r.pValue());
        interval(m, "", r.absoluteInterval());
        m.put("rel", r.relativeLift());
        interval(m, "r", r.relativeInterval());
        cases.add(new Case(id, "prop " + id + " " + alpha + " " + xc + " " + nc + " " + xt + " " + nt, Map.of(), m));
    }

    private void ratio(String id, double alpha, int nc, int nt) {
        double[] cd = sessions(nc, 3);
        double[] cn = revenuePerSessions(cd, 2.0);
        double[] td = sessions(nt, 3.2);
        double[] tn = revenuePerSessions(td, 2.1);
        ratio(id, alpha, cn, cd, tn, td, Lifts.ratio("m", "USD per session", new RatioSample("control", cn, cd),
                new RatioSample("treatment", tn, td), alpha));
        ratio(id + "-sums", alpha, cn, cd, tn, td, Lifts.ratio("m", "USD per session",
                RatioSample.Summary.of("control", PairSums.of(cn, cd)),
                RatioSample.Summary.of("treatment", PairSums.of(tn, td)), alpha));
    }

    private void ratio(String id, double alpha, double[] cn, double[] cd, double[] tn, double[] td, Comparison r) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("rc", r.control().value());
        m.put("rt", r.treatment().value());
        m.put("diff", r.absoluteLift());
        m.put("se", r.standardError());
        m.put("z", r.statistic());
        m.put("p", r.pValue());
        interval(m, "", r.absoluteInterval());
        m.put("rel", r.relativeLift());
        interval(m, "r", r.relativeInterval());
        Map<String, double[]> d = new LinkedHashMap<>();
        d.put("cn", cn);
        d.put("cd", cd);
        d.put("tn", tn);
        d.put("td", td);
        cases.add(new Case(id, "ratio " + id + " " + alpha, d, m));
    }

    private void cuped(String id, double alpha, int nc, int nt, double effect) {
        double[] cx = normal(nc, 10, 3);
        double[] tx = normal(nt, 10, 3);
        double[] c = new double[nc];
        double[] t = new double[nt];
        for (int i = 0; i < nc; i++) {
            c[i] = 2 + 0.8 * cx[i] + 2 * random.nextGaussian();
        }
        for (int i = 0; i < nt; i++) {
            t[i] = 2 + effect + 0.8 * tx[i] + 2 * random.nextGaussian();
        }
        cuped(id, alpha, c, cx, t, tx, Lifts.cuped("m", "USD", new Sample("control", c), cx,
                new Sample("treatment", t), tx, alpha));
        cuped(id + "-sums", alpha, c, cx, t, tx, Lifts.cuped("m", "USD", "control", PairSums.of(c, cx), "treatment",
                PairSums.of(t, tx), alpha));
    }

    private void cuped(String id, double alpha, double[] c, double[] cx, double[] t, double[] tx, CupedComparison r) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("theta", r.theta());
        m.put("diff", r.adjusted().absoluteLift());
        m.put("se", r.adjusted().standardError());
        m.put("t", r.adjusted().statistic());
        m.put("p", r.adjusted().pValue());
        interval(m, "", r.adjusted().absoluteInterval());
        m.put("vr", r.varianceReduction());
        Map<String, double[]> d = new LinkedHashMap<>();
        d.put("c", c);
        d.put("cx", cx);
        d.put("t", t);
        d.put("tx", tx);
        cases.add(new Case(id, "cuped " + id + " " + alpha, d, m));
    }

    private void srm(String id, long[] observed, double[] planned) {
        Map<String, Long> obs = new LinkedHashMap<>();
        Map<String, Double> plan = new LinkedHashMap<>();
        double[] o = new double[observed.length];
        for (int i = 0; i < observed.length; i++) {
            obs.put("v" + i, observed[i]);
            plan.put("v" + i, planned[i]);
            o[i] = observed[i];
        }
        SampleRatioResult r = SampleRatio.check(obs, plan);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("chi2", r.chiSquare());
        m.put("p", r.pValue());
        cases.add(new Case(id, "srm " + id, data("obs", o, "planned", planned), m));
    }

    private void correction(String id, MultipleTesting.Correction correction, String kind, double[] p) {
        double[] adjusted = MultipleTesting.adjust(p, correction);
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < adjusted.length; i++) {
            m.put("a" + i, adjusted[i]);
        }
        cases.add(new Case(id, kind + " " + id, data("p", p), m));
    }

    private void power(String id, double alpha, double power, double sd, double effect, double wc, double wt) {
        PowerAnalysis.Plan plan = PowerAnalysis.forMean(1, sd, PowerAnalysis.Effect.absolute(effect), alpha, power, wc,
                wt);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("n", (double) plan.totalUsers());
        m.put("achieved", PowerAnalysis.achievedPower(plan.totalUsers(), sd, effect, alpha, wc, wt));
        cases.add(new Case(id, "power " + id + " " + alpha + " " + power + " " + sd + " " + effect + " " + wc + " " + wt,
                Map.of(), m));
    }

    private void did(String id, double alpha, int treatedUsers, int comparisonUsers, int periods, int firstPost,
            double treatedExtraTrend, double effect) {
        double[][] treated = panel(treatedUsers, periods, firstPost, treatedExtraTrend, effect);
        double[][] comparison = panel(comparisonUsers, periods, firstPost, 0, 0);
        did(id, alpha, periods, firstPost, treated, comparison, DifferenceInDifferences.estimate("m", "USD", treated,
                comparison, firstPost, alpha));
        // each user's change and slope, then two-pass sums per group, as the analysis has the database do
        did(id + "-sums", alpha, periods, firstPost, treated, comparison, DifferenceInDifferences.estimate("m", "USD",
                Sample.Summary.of("treated", ValueSums.of(changes(treated, firstPost))),
                Sample.Summary.of("comparison", ValueSums.of(changes(comparison, firstPost))),
                firstPost < 2 ? null : Sample.Summary.of("treated", ValueSums.of(slopes(treated, firstPost))),
                firstPost < 2 ? null : Sample.Summary.of("comparison", ValueSums.of(slopes(comparison, firstPost))),
                alpha, DifferenceInDifferences.DEFAULT_TREND_ALPHA));
    }

    /** Each user's mean over the post-periods minus the mean over the pre-periods. */
    static double[] changes(double[][] panel, int firstPost) {
        double[] d = new double[panel.length];
        for (int i = 0; i < panel.length; i++) {
            double pre = 0;
            double post = 0;
            for (int k = 0; k < panel[i].length; k++) {
                if (k < firstPost) {
                    pre += panel[i][k];
                } else {
                    post += panel[i][k];
                }
            }
            d[i] = post / (panel[i].length - firstPost) - pre / firstPost;
        }
        return d;
    }

    /** Each user's least-squares slope over the pre-periods. */
    static double[] slopes(double[][] panel, int firstPost) {
        double meanK = (firstPost - 1) / 2.0;
        double sxx = 0;
        for (int k = 0; k < firstPost; k++) {
            sxx += (k - meanK) * (k - meanK);
        }
        double[] s = new double[panel.length];
        for (int i = 0; i < panel.length; i++) {
            double sxy = 0;
            for (int k = 0; k < firstPost; k++) {
                sxy += (k - meanK) * panel[i][k];
            }
            s[i] = sxy / sxx;
        }
        return s;
    }

    private void did(String id, double alpha, int periods, int firstPost, double[][] treated, double[][] comparison,
            DifferenceInDifferences.Result r) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("est", r.estimate());
        m.put("se", r.standardError());
        m.put("p", r.pValue());
        interval(m, "", r.interval());
        if (r.preTrendsChecked()) {
            m.put("tdiff", r.preTrend().absoluteLift());
            m.put("tp", r.preTrend().pValue());
        }
        cases.add(new Case(id, "did " + id + " " + alpha + " " + periods + " " + firstPost,
                data("t", flatten(treated), "c", flatten(comparison)), m));
    }

    private void sequential(String id, double alpha, double tau2, double estimate, double variance) {
        SequentialMonitor monitor = new SequentialMonitor(alpha, tau2);
        Map<String, Double> m = new LinkedHashMap<>();
        interval(m, "", monitor.interval(estimate, variance));
        m.put("p", monitor.pValue(estimate, variance));
        cases.add(new Case(id, "seq " + id + " " + alpha + " " + tau2 + " " + estimate + " " + variance, Map.of(), m));
    }

    private static void interval(Map<String, Double> m, String prefix, Interval i) {
        m.put(prefix + "lo", i.lower());
        m.put(prefix + "hi", i.upper());
    }

    private static Map<String, double[]> data(Object... namesAndValues) {
        Map<String, double[]> d = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            d.put((String) namesAndValues[i], (double[]) namesAndValues[i + 1]);
        }
        return d;
    }

    // ---- data ----

    double[] normal(int n, double mean, double sd) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = mean + sd * random.nextGaussian();
        }
        return v;
    }

    /** Revenue per user: zero for a share of users, log-normal for the rest. */
    double[] revenue(int n, double zeroShare) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextDouble() < zeroShare ? 0 : Math.exp(3 + random.nextGaussian());
        }
        return v;
    }

    /** Small non-negative integers with roughly the given mean (geometric). */
    double[] counts(int n, double mean) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = Math.floor(Math.log(1 - random.nextDouble()) / Math.log(mean / (mean + 1)));
        }
        return v;
    }

    double[] sessions(int n, double mean) {
        double[] s = counts(n, mean - 1);
        for (int i = 0; i < n; i++) {
            s[i] += 1;
        }
        return s;
    }

    double[] revenuePerSessions(double[] sessions, double perSession) {
        double[] v = new double[sessions.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = sessions[i] * perSession * Math.exp(0.5 * random.nextGaussian() - 0.125);
        }
        return v;
    }

    /** Users × periods: a user level, a common trend, an extra trend for this group, an effect after firstPost. */
    double[][] panel(int users, int periods, int firstPost, double extraTrend, double effect) {
        double[][] p = new double[users][periods];
        for (int i = 0; i < users; i++) {
            double level = 10 + 3 * random.nextGaussian();
            for (int k = 0; k < periods; k++) {
                p[i][k] = level + (0.3 + extraTrend) * k + (k >= firstPost ? effect : 0) + random.nextGaussian();
            }
        }
        return p;
    }

    static double[] flatten(double[][] panel) {
        int periods = panel[0].length;
        double[] f = new double[panel.length * periods];
        for (int i = 0; i < panel.length; i++) {
            System.arraycopy(panel[i], 0, f, i * periods, periods);
        }
        return f;
    }
}
