package io.sextant.analysis.experiments.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.apache.commons.statistics.distribution.BinomialDistribution;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.sextant.analysis.experiments.stats.Comparison;
import io.sextant.analysis.experiments.stats.Conversions;
import io.sextant.analysis.experiments.stats.CupedComparison;
import io.sextant.analysis.experiments.stats.Lifts;
import io.sextant.analysis.experiments.stats.RatioSample;
import io.sextant.analysis.experiments.stats.Sample;
import io.sextant.analysis.experiments.stats.SequentialMonitor;

/**
 * On seeded synthetic experiments with a known true effect, the 95 % intervals cover the truth in a share
 * consistent with 95 %; with no true effect, the share of p-values below 0.05 is consistent with 0.05.
 * "Consistent" is the exact binomial acceptance region at level 0.001: the count of hits k among N
 * simulations must lie between the 0.0005 and 0.9995 quantiles of Binomial(N, nominal), so a correct method
 * fails this seeded test with probability 0.1 % (and then on every run, being seeded) while a method that is
 * off by 2 points at N = 2000 fails it almost surely. Always-valid intervals promise coverage of AT LEAST 95 %
 * at every look at once, so for them only the lower bound is checked.
 */
class SimulationTest {

    static final double ALPHA = 0.05;
    static final int SIMULATIONS = 2000;
    static final int SEQUENTIAL_SIMULATIONS = 1000;

    /** What failed in the running test; each test asserts it is empty after recording all its figures. */
    private final List<String> failures = new ArrayList<>();

    @AfterEach
    void noneFailed() {
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void welchMeans() {
        Random r = new Random(101);
        double truth = 0.5;
        int cover = 0;
        int coverRelative = 0;
        int falsePositive = 0;
        for (int s = 0; s < SIMULATIONS; s++) {
            // unequal variances and sizes, skewed values (a shifted gamma-like sum of exponentials)
            Comparison c = Lifts.welch("m", "USD", new Sample("control", skewed(r, 150, 10, 3)),
                    new Sample("treatment", skewed(r, 250, 10 + truth, 5)), ALPHA);
            cover += c.absoluteInterval().contains(truth) ? 1 : 0;
            coverRelative += c.relativeInterval().contains(truth / 10) ? 1 : 0;
            Comparison null0 = Lifts.welch("m", "USD", new Sample("control", skewed(r, 150, 10, 3)),
                    new Sample("treatment", skewed(r, 250, 10, 5)), ALPHA);
            falsePositive += null0.pValue() < ALPHA ? 1 : 0;
        }
        coverage("plain Welch t (means, absolute lift)", cover, SIMULATIONS);
        coverage("plain Welch t (means, relative lift, delta method)", coverRelative, SIMULATIONS);
        falsePositives("plain Welch t (means)", falsePositive, SIMULATIONS);
    }

    @Test
    void proportions() {
        Random r = new Random(202);
        int cover = 0;
        int falsePositive = 0;
        for (int s = 0; s < SIMULATIONS; s++) {
            Comparison c = Lifts.proportions("m", conversions(r, "control", 2000, 0.10),
                    conversions(r, "treatment", 2000, 0.12), ALPHA);
            cover += c.absoluteInterval().contains(0.02) ? 1 : 0;
            Comparison null0 = Lifts.proportions("m", conversions(r, "control", 2000, 0.10),
                    conversions(r, "treatment", 2000, 0.10), ALPHA);
            falsePositive += null0.pValue() < ALPHA ? 1 : 0;
        }
        coverage("plain two proportions (Wald interval)", cover, SIMULATIONS);
        falsePositives("plain two proportions (pooled z)", falsePositive, SIMULATIONS);
    }

    @Test
    void ratios() {
        Random r = new Random(303);
        int cover = 0;
        int falsePositive = 0;
        for (int s = 0; s < SIMULATIONS; s++) {
            // revenue per session: 2.0 in the control, 2.2 in the treatment (per-session revenue has mean 1 x rate)
            Comparison c = Lifts.ratio("m", "USD per session", ratioSample(r, "control", 400, 2.0),
                    ratioSample(r, "treatment", 400, 2.2), ALPHA);
            cover += c.absoluteInterval().contains(0.2) ? 1 : 0;
            Comparison null0 = Lifts.ratio("m", "USD per session", ratioSample(r, "control", 400, 2.0),
                    ratioSample(r, "treatment", 400, 2.0), ALPHA);
            falsePositive += null0.pValue() < ALPHA ? 1 : 0;
        }
        coverage("plain delta method (ratio of sums)", cover, SIMULATIONS);
        falsePositives("plain delta method (ratio of sums)", falsePositive, SIMULATIONS);
    }

    @Test
    void cuped() {
        Random r = new Random(404);
        double truth = 0.4;
        int cover = 0;
        int falsePositive = 0;
        double reduction = 0;
        for (int s = 0; s < SIMULATIONS; s++) {
            CupedComparison c = cupedRun(r, 200, truth);
            cover += c.adjusted().absoluteInterval().contains(truth) ? 1 : 0;
            reduction += c.varianceReduction();
            falsePositive += cupedRun(r, 200, 0).adjusted().pValue() < ALPHA ? 1 : 0;
        }
        coverage("CUPED then Welch t", cover, SIMULATIONS);
        falsePositives("CUPED then Welch t", falsePositive, SIMULATIONS);
        // y = 0.8 x + noise with sd(x) = 3, sd(noise) = 2: corr² = 5.76 / 9.76 = 0.59
        double mean = reduction / SIMULATIONS;
        Figures.record(String.format("CUPED mean variance reduction %.3f (theory: corr(x, y)^2 = %.3f)", mean,
                5.76 / 9.76));
        if (Math.abs(mean - 5.76 / 9.76) > 0.02) {
            failures.add("CUPED's variance reduction " + mean + " is not the squared correlation " + 5.76 / 9.76);
        }
    }

    /**
     * Peeking 20 times (every 100 users per variant up to 2000): the always-valid interval must hold at all
     * looks at once; the fixed-horizon interval, looked at the same way, must not (that shows this check can
     * fail).
     */
    @Test
    void sequentialAlwaysValid() {
        Random r = new Random(505);
        double truth = 0.3;
        SequentialMonitor monitor = SequentialMonitor.tunedFor(ALPHA, 4, 2000);
        int coverAll = 0;
        int falsePositive = 0;
        int naiveFalsePositive = 0;
        for (int s = 0; s < SEQUENTIAL_SIMULATIONS; s++) {
            boolean[] effect = peek(r, monitor, truth);
            coverAll += effect[0] ? 1 : 0;
            boolean[] none = peek(r, monitor, 0);
            falsePositive += none[0] ? 0 : 1;
            naiveFalsePositive += none[1] ? 0 : 1;
        }
        coverageAtLeast("sequential always-valid (20 looks, all covered)", coverAll, SEQUENTIAL_SIMULATIONS);
        falsePositivesAtMost("sequential always-valid (20 looks, any rejection)", falsePositive,
                SEQUENTIAL_SIMULATIONS);
        double naive = (double) naiveFalsePositive / SEQUENTIAL_SIMULATIONS;
        Figures.record(String.format("  for contrast: fixed-horizon Welch looked at 20 times rejects a true null in"
                + " %.1f %% of %d experiments", 100 * naive, SEQUENTIAL_SIMULATIONS));
        if (!(naive > 2 * ALPHA)) {
            failures.add("peeking at the fixed-horizon interval should inflate the false positives, got " + naive);
        }
    }

    /** @return { always-valid interval covered the truth at every look, fixed-horizon one did } */
    private static boolean[] peek(Random r, SequentialMonitor monitor, double truth) {
        double[] c = skewed(r, 2000, 10, 3);
        double[] t = skewed(r, 2000, 10 + truth, 5);
        boolean always = true;
        boolean naive = true;
        for (int n = 100; n <= 2000; n += 100) {
            Comparison look = Lifts.welch("m", "USD", new Sample("control", java.util.Arrays.copyOf(c, n)),
                    new Sample("treatment", java.util.Arrays.copyOf(t, n)), ALPHA);
            SequentialMonitor.SequentialComparison seq = monitor.monitor(look);
            always &= seq.alwaysValid().contains(truth);
            naive &= look.absoluteInterval().contains(truth);
        }
        return new boolean[] { always, naive };
    }

    // ---- checks ----

    private void coverage(String method, int hits, int n) {
        BinomialDistribution b = BinomialDistribution.of(n, 1 - ALPHA);
        int lo = b.inverseCumulativeProbability(0.0005);
        int hi = b.inverseCumulativeProbability(0.9995);
        boolean ok = lo <= hits && hits <= hi;
        Figures.record(String.format("coverage %-52s %.2f %% of %d (accepted %d..%d) %s", method, 100.0 * hits / n, n,
                lo, hi, ok ? "ok" : "FAIL"));
        if (!ok) {
            failures.add(method + ": coverage " + hits + " of " + n + " outside " + lo + ".." + hi);
        }
    }

    private void coverageAtLeast(String method, int hits, int n) {
        int lo = BinomialDistribution.of(n, 1 - ALPHA).inverseCumulativeProbability(0.001);
        boolean ok = lo <= hits;
        Figures.record(String.format("coverage %-52s %.2f %% of %d (accepted >= %d) %s", method, 100.0 * hits / n, n,
                lo, ok ? "ok" : "FAIL"));
        if (!ok) {
            failures.add(method + ": coverage " + hits + " of " + n + " below " + lo);
        }
    }

    private void falsePositives(String method, int hits, int n) {
        BinomialDistribution b = BinomialDistribution.of(n, ALPHA);
        int lo = b.inverseCumulativeProbability(0.0005);
        int hi = b.inverseCumulativeProbability(0.9995);
        boolean ok = lo <= hits && hits <= hi;
        Figures.record(String.format("false positives %-45s %.2f %% of %d (accepted %d..%d) %s", method,
                100.0 * hits / n, n, lo, hi, ok ? "ok" : "FAIL"));
        if (!ok) {
            failures.add(method + ": false positives " + hits + " of " + n + " outside " + lo + ".." + hi);
        }
    }

    private void falsePositivesAtMost(String method, int hits, int n) {
        int hi = BinomialDistribution.of(n, ALPHA).inverseCumulativeProbability(0.999);
        boolean ok = hits <= hi;
        Figures.record(String.format("false positives %-45s %.2f %% of %d (accepted <= %d) %s", method,
                100.0 * hits / n, n, hi, ok ? "ok" : "FAIL"));
        if (!ok) {
            failures.add(method + ": false positives " + hits + " of " + n + " above " + hi);
        }
    }

    // ---- synthetic data ----

    /** Right-skewed values with the given mean and standard deviation (a gamma with shape 2, shifted). */
    static double[] skewed(Random r, int n, double mean, double sd) {
        double scale = sd / Math.sqrt(2);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double g = -scale * (Math.log(1 - r.nextDouble()) + Math.log(1 - r.nextDouble()));
            v[i] = mean - 2 * scale + g;
        }
        return v;
    }

    static Conversions conversions(Random r, String variant, int users, double rate) {
        int converted = 0;
        for (int i = 0; i < users; i++) {
            converted += r.nextDouble() < rate ? 1 : 0;
        }
        return new Conversions(variant, converted, users);
    }

    /** Sessions 1 + geometric (mean 3); revenue = sessions x rate x a log-normal factor of mean 1. */
    static RatioSample ratioSample(Random r, String variant, int users, double rate) {
        double[] sessions = new double[users];
        double[] revenue = new double[users];
        for (int i = 0; i < users; i++) {
            sessions[i] = 1 + Math.floor(Math.log(1 - r.nextDouble()) / Math.log(2.0 / 3.0));
            revenue[i] = sessions[i] * rate * Math.exp(0.5 * r.nextGaussian() - 0.125);
        }
        return new RatioSample(variant, revenue, sessions);
    }

    static CupedComparison cupedRun(Random r, int n, double effect) {
        double[] cx = new double[n];
        double[] tx = new double[n];
        double[] c = new double[n];
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            cx[i] = 10 + 3 * r.nextGaussian();
            c[i] = 2 + 0.8 * cx[i] + 2 * r.nextGaussian();
            tx[i] = 10 + 3 * r.nextGaussian();
            t[i] = 2 + effect + 0.8 * tx[i] + 2 * r.nextGaussian();
        }
        return Lifts.cuped("m", "USD", new Sample("control", c), cx, new Sample("treatment", t), tx, ALPHA);
    }
}
