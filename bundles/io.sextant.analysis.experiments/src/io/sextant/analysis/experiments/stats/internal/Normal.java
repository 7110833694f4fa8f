package io.sextant.analysis.experiments.stats.internal;

import org.apache.commons.statistics.distribution.NormalDistribution;

/** The standard normal distribution of Commons Statistics, made once. */
public final class Normal {

    public static final NormalDistribution STANDARD = NormalDistribution.of(0, 1);

    private Normal() {
    }

    /** z with P(Z > z) = p. */
    public static double upperQuantile(double p) {
        return STANDARD.inverseSurvivalProbability(p);
    }

    /** P(|Z| >= |z|). */
    public static double twoSidedP(double z) {
        return Math.min(1, 2 * STANDARD.survivalProbability(Math.abs(z)));
    }
}
