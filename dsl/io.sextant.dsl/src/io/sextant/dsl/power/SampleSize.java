package io.sextant.dsl.power;

import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * Sample size of a two-arm comparison of means (a rate is a mean of 0/1 values) by the normal
 * approximation: N = (z(1-alpha/2) + z(power))^2 * sd^2 * (1/w_control + 1/w_treatment) / effect^2 users in
 * all, where w are the arms' shares of the traffic. Used by the language's power warning.
 */
public final class SampleSize {

    private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

    private SampleSize() {
    }

    /**
     * @param alpha             two-sided significance level, in (0, 1)
     * @param power             wanted power, in (0, 1)
     * @param standardDeviation per-user standard deviation of the metric, > 0
     * @param absoluteEffect    the smallest difference of means to detect, != 0
     * @param controlShare      the control's share of the experiment's users, in (0, 1)
     * @param treatmentShare    the compared treatment's share, in (0, 1)
     * @return users needed in the whole experiment (all arms), rounded up
     */
    public static long requiredTotal(double alpha, double power, double standardDeviation, double absoluteEffect,
            double controlShare, double treatmentShare) {
        requireOpenUnit(alpha, "alpha");
        requireOpenUnit(power, "power");
        requireOpenUnit(controlShare, "control share");
        requireOpenUnit(treatmentShare, "treatment share");
        if (!(standardDeviation > 0)) {
            throw new IllegalArgumentException("the standard deviation must be > 0, not " + standardDeviation);
        }
        if (absoluteEffect == 0 || Double.isNaN(absoluteEffect)) {
            throw new IllegalArgumentException("the effect to detect must not be 0");
        }
        double z = STANDARD_NORMAL.inverseCumulativeProbability(1 - alpha / 2)
                + STANDARD_NORMAL.inverseCumulativeProbability(power);
        double n = z * z * standardDeviation * standardDeviation * (1 / controlShare + 1 / treatmentShare)
                / (absoluteEffect * absoluteEffect);
        return (long) Math.ceil(n);
    }

    private static void requireOpenUnit(double value, String what) {
        if (!(value > 0 && value < 1)) {
            throw new IllegalArgumentException(what + " must be between 0 and 1, not " + value);
        }
    }
}
