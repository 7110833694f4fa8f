package io.sextant.analysis.experiments.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.sextant.analysis.experiments.stats.Comparison;
import io.sextant.analysis.experiments.stats.Conversions;
import io.sextant.analysis.experiments.stats.DifferenceInDifferences;
import io.sextant.analysis.experiments.stats.ExperimentResult;
import io.sextant.analysis.experiments.stats.Lifts;
import io.sextant.analysis.experiments.stats.MultipleTesting.Correction;
import io.sextant.analysis.experiments.stats.PowerAnalysis;
import io.sextant.analysis.experiments.stats.Sample;
import io.sextant.analysis.experiments.stats.SampleRatio;
import io.sextant.analysis.experiments.stats.SampleRatioResult;
import io.sextant.analysis.experiments.stats.SegmentBreakdown;
import io.sextant.analysis.experiments.stats.SequentialMonitor;
import io.sextant.dsl.power.SampleSize;

/** What the results say beyond their numbers: flags, warnings, assumptions, and the power formula's round trip. */
class BehaviourTest {

    @Test
    void aMismatchMakesTheWholeResultUntrustworthy() {
        SampleRatioResult srm = SampleRatio.check(Map.of("control", 10_685L, "redesign", 9147L),
                Map.of("control", 50.0, "redesign", 50.0));
        assertTrue(srm.mismatch(), srm.message());
        Comparison c = Lifts.proportions("upgrades", new Conversions("control", 1000, 10_685),
                new Conversions("redesign", 1000, 9147), 0.05);
        ExperimentResult result = ExperimentResult.of(srm, List.of(c));
        assertFalse(result.trustworthy());
        assertTrue(result.warnings().get(0).startsWith("untrustworthy: sample ratio mismatch"), result.warnings().toString());
        assertEquals(Correction.HOLM, result.correction());

        SampleRatioResult fine = SampleRatio.check(Map.of("a", 3400L, "b", 3300L, "c", 3250L),
                Map.of("a", 34.0, "b", 33.0, "c", 33.0));
        assertFalse(fine.mismatch(), fine.message());
        assertTrue(ExperimentResult.of(fine, List.of(c)).trustworthy());
        assertThrows(IllegalArgumentException.class,
                () -> SampleRatio.check(Map.of("a", 5L, "z", 5L), Map.of("a", 50.0, "b", 50.0)));
    }

    @Test
    void holmControlsTheFamilyAndBenjaminiHochbergIsLessStrict() {
        Comparison strong = comparison(0.3, 400);
        Comparison weak = comparison(0.12, 400);
        ExperimentResult holm = ExperimentResult.of(SampleRatio.check(Map.of("control", 400L, "treatment", 400L),
                Map.of("control", 1.0, "treatment", 1.0)), List.of(strong, weak, comparison(0, 400)));
        for (ExperimentResult.CorrectedComparison cc : holm.comparisons()) {
            assertTrue(cc.adjustedPValue() >= cc.comparison().pValue());
        }
        ExperimentResult bh = ExperimentResult.of(holm.sampleRatio(), List.of(strong, weak, comparison(0, 400)),
                Correction.BENJAMINI_HOCHBERG);
        for (int i = 0; i < 3; i++) {
            assertTrue(bh.comparisons().get(i).adjustedPValue() <= holm.comparisons().get(i).adjustedPValue());
        }
    }

    @Test
    void powerRoundTripsThroughTheLanguagesSampleSize() {
        PowerAnalysis.Plan plan = PowerAnalysis.forRate(0.12, PowerAnalysis.Effect.relative(0.1), 0.05, 0.8, 0.5, 0.5);
        assertEquals(SampleSize.requiredTotal(0.05, 0.8, Math.sqrt(0.12 * 0.88), 0.012, 0.5, 0.5), plan.totalUsers());
        double sd = plan.standardDeviation();
        assertTrue(PowerAnalysis.achievedPower(plan.totalUsers(), sd, 0.012, 0.05, 0.5, 0.5) >= 0.8);
        assertTrue(PowerAnalysis.achievedPower(plan.totalUsers() - 2, sd, 0.012, 0.05, 0.5, 0.5) < 0.8);
        double mde = PowerAnalysis.minimumDetectableEffect(plan.totalUsers(), sd, 0.05, 0.8, 0.5, 0.5);
        assertTrue(mde <= 0.012 && mde > 0.0119, "minimum detectable effect " + mde);
    }

    @Test
    void differenceInDifferencesStatesAndChecksItsAssumptions() {
        Random r = new Random(9);
        double[][] comparison = panel(r, 500, 6, 0, 0, 3);
        DifferenceInDifferences.Result parallel = DifferenceInDifferences.estimate("revenue", "USD",
                panel(r, 500, 6, 0, 1.0, 3), comparison, 3, 0.05);
        assertTrue(parallel.preTrendsChecked());
        assertFalse(parallel.parallelTrendsRejected(), parallel.warnings().toString());
        assertTrue(parallel.interval().contains(1.0), parallel.interval().toString());
        assertEquals(DifferenceInDifferences.ASSUMPTIONS, parallel.assumptions());

        DifferenceInDifferences.Result diverging = DifferenceInDifferences.estimate("revenue", "USD",
                panel(r, 500, 6, 0.5, 0, 3), comparison, 3, 0.05);
        assertTrue(diverging.parallelTrendsRejected());
        assertTrue(diverging.warnings().stream().anyMatch(w -> w.startsWith("parallel pre-trends rejected")));

        // slopes without any variation: no test is possible, and slopes that differ are rejected for certain
        double[][] steep = { { 1, 3, 5, 9 }, { 2, 4, 6, 7 }, { 0, 2, 4, 9 } };
        double[][] flat = { { 1, 2, 3, 4 }, { 5, 6, 7, 8 }, { 0, 1, 2, 3 } };
        DifferenceInDifferences.Result exact = DifferenceInDifferences.estimate("sessions", "events", steep, flat, 3,
                0.05);
        assertTrue(exact.parallelTrendsRejected());
        assertTrue(exact.warnings().stream().anyMatch(w -> w.contains("every user's pre-period slope is the same")),
                exact.warnings().toString());
        assertFalse(DifferenceInDifferences.estimate("sessions", "events", flat, flat, 3, 0.05).parallelTrendsRejected());

        DifferenceInDifferences.Result onePre = DifferenceInDifferences.estimate("revenue", "USD",
                panel(r, 100, 3, 0, 0, 1), panel(r, 100, 3, 0, 0, 1), 1, 0.05);
        assertNull(onePre.preTrend());
        assertTrue(onePre.warnings().contains("only one pre-period: parallel pre-trends cannot be checked"));
    }

    @Test
    void smallSegmentsAreFlagged() {
        Random r = new Random(10);
        Map<String, Sample> control = new LinkedHashMap<>();
        Map<String, Sample> treatment = new LinkedHashMap<>();
        control.put("desktop", new Sample("control", SimulationTest.skewed(r, 800, 10, 3)));
        treatment.put("desktop", new Sample("treatment", SimulationTest.skewed(r, 800, 10.5, 3)));
        control.put("tablet", new Sample("control", SimulationTest.skewed(r, 40, 10, 3)));
        treatment.put("tablet", new Sample("treatment", SimulationTest.skewed(r, 35, 10.5, 3)));
        control.put("tv", new Sample("control", new double[] { 1 }));
        SegmentBreakdown b = SegmentBreakdown.means("revenue", "USD", control, treatment, 0.05);
        assertEquals(2, b.segments().size());
        assertFalse(b.segments().get(0).smallSample());
        assertTrue(b.segments().get(1).smallSample());
        assertTrue(b.warnings().stream().anyMatch(w -> w.contains("not compared") && w.contains("tv")), b.warnings().toString());
    }

    @Test
    void degenerateInputsSayWhy() {
        assertThrows(IllegalArgumentException.class,
                () -> Lifts.welch("m", "USD", new Sample("c", new double[] { 1 }), new Sample("t", new double[] { 1, 2 }), 0.05));
        Comparison all = Lifts.proportions("m", new Conversions("c", 50, 50), new Conversions("t", 40, 40), 0.05);
        assertTrue(Double.isNaN(all.pValue()));
        assertTrue(all.warnings().contains("every user converted or none did: no test is possible"));
        Comparison tiny = Lifts.welch("m", "USD", new Sample("c", new double[] { 1, 2, 3 }),
                new Sample("t", new double[] { 2, 3, 5 }), 0.05);
        assertTrue(tiny.warnings().stream().anyMatch(w -> w.contains("fewer than 30")));
        assertThrows(IllegalArgumentException.class,
                () -> new Sample("c", new double[] { 1, Double.NaN }));
    }

    @Test
    void theAlwaysValidIntervalIsWiderThanTheFixedOneAndAgreesWithItsPValue() {
        Comparison c = comparison(0.3, 2000);
        SequentialMonitor monitor = SequentialMonitor.tunedFor(0.05, 3, 2000);
        SequentialMonitor.SequentialComparison s = monitor.monitor(c);
        // at the planned size (2000 per variant, sd 3) the price of looking any time is about 1.55 times the width
        double ratio = s.alwaysValid().width() / c.absoluteInterval().width();
        assertTrue(ratio > 1.5 && ratio < 1.6, "width ratio " + ratio);
        assertEquals(s.significant(), s.alwaysValidP() < 0.05);
        assertEquals(c.absoluteLift(), (s.alwaysValid().lower() + s.alwaysValid().upper()) / 2, 1e-12);
    }

    private static Comparison comparison(double effect, int n) {
        Random r = new Random(Double.hashCode(effect) + n);
        return Lifts.welch("m", "USD", new Sample("control", SimulationTest.skewed(r, n, 10, 3)),
                new Sample("treatment", SimulationTest.skewed(r, n, 10 + effect, 3)), 0.05);
    }

    private static double[][] panel(Random r, int users, int periods, double extraTrend, double effect, int firstPost) {
        double[][] p = new double[users][periods];
        for (int i = 0; i < users; i++) {
            double level = 20 + 4 * r.nextGaussian();
            for (int k = 0; k < periods; k++) {
                p[i][k] = level + (0.2 + extraTrend) * k + (k >= firstPost ? effect : 0) + r.nextGaussian();
            }
        }
        return p;
    }
}
