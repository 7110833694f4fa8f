package io.sextant.analysis.experiments.stats;

import io.sextant.analysis.experiments.stats.internal.Normal;
import io.sextant.dsl.power.SampleSize;

/**
 * Power and sample size of a comparison of means (a rate is the mean of 0/1 values), by the normal
 * approximation the language's power warning uses (dsl/language-reference.md, {@link SampleSize}):
 * N = (z(1 - alpha/2) + z(power))² · sd² · (1/w_control + 1/w_treatment) / effect² users in all, w being the
 * variants' shares of the traffic. The sample size is computed by {@link SampleSize} itself, so the IDE and
 * the validation warning never disagree.
 */
public final class PowerAnalysis {

    private PowerAnalysis() {
    }

    /**
     * The minimum effect to detect.
     *
     * @param value    the effect
     * @param relative true: a fraction of the baseline (0.02 = 2 %, the language's {@code minimum effect 2 %});
     *                 false: in the metric's unit
     */
    public record Effect(double value, boolean relative) {

        public static Effect absolute(double value) {
            return new Effect(value, false);
        }

        public static Effect relative(double fraction) {
            return new Effect(fraction, true);
        }

        public double absoluteAt(double baseline) {
            return relative ? value * baseline : value;
        }
    }

    /**
     * A plan.
     *
     * @param baseline          the control's mean or rate
     * @param standardDeviation the per-user standard deviation used
     * @param absoluteEffect    the effect in the metric's unit
     * @param alpha             two-sided level
     * @param power             the power wanted
     * @param controlShare      the control's share of the traffic
     * @param treatmentShare    the (smallest) treatment's share
     * @param totalUsers        users needed in the whole experiment
     * @param controlUsers      of which in the control (totalUsers · controlShare, rounded up)
     * @param treatmentUsers    of which in the treatment
     */
    public record Plan(double baseline, double standardDeviation, double absoluteEffect, double alpha, double power,
            double controlShare, double treatmentShare, long totalUsers, long controlUsers, long treatmentUsers) {
    }

    public static Plan forMean(double baselineMean, double standardDeviation, Effect effect, double alpha,
            double power, double controlShare, double treatmentShare) {
        double delta = effect.absoluteAt(baselineMean);
        long total = SampleSize.requiredTotal(alpha, power, standardDeviation, delta, controlShare, treatmentShare);
        return new Plan(baselineMean, standardDeviation, delta, alpha, power, controlShare, treatmentShare, total,
                (long) Math.ceil(total * controlShare), (long) Math.ceil(total * treatmentShare));
    }

    /** A conversion rate: sd = sqrt(p (1 - p)) of the baseline rate. */
    public static Plan forRate(double baselineRate, Effect effect, double alpha, double power, double controlShare,
            double treatmentShare) {
        if (!(baselineRate > 0 && baselineRate < 1)) {
            throw new IllegalArgumentException("the baseline rate must be between 0 and 1, not " + baselineRate);
        }
        return forMean(baselineRate, Math.sqrt(baselineRate * (1 - baselineRate)), effect, alpha, power,
                controlShare, treatmentShare);
    }

    /**
     * The power reached with {@code totalUsers} in all, by the same approximation:
     * Φ(|effect| / (sd · sqrt((1/w_c + 1/w_t) / N)) - z(1 - alpha/2)) (the far tail neglected, as in the formula).
     */
    public static double achievedPower(long totalUsers, double standardDeviation, double absoluteEffect, double alpha,
            double controlShare, double treatmentShare) {
        Lifts.requireAlpha(alpha);
        if (totalUsers < 1 || !(standardDeviation > 0)) {
            throw new IllegalArgumentException("users and the standard deviation must be positive");
        }
        double se = standardDeviation * Math.sqrt((1 / controlShare + 1 / treatmentShare) / totalUsers);
        return Normal.STANDARD.cumulativeProbability(Math.abs(absoluteEffect) / se - Normal.upperQuantile(alpha / 2));
    }

    /** The smallest absolute effect detectable with {@code power} given {@code totalUsers} in all. */
    public static double minimumDetectableEffect(long totalUsers, double standardDeviation, double alpha, double power,
            double controlShare, double treatmentShare) {
        Lifts.requireAlpha(alpha);
        double se = standardDeviation * Math.sqrt((1 / controlShare + 1 / treatmentShare) / totalUsers);
        return (Normal.upperQuantile(alpha / 2) + Normal.STANDARD.inverseCumulativeProbability(power)) * se;
    }
}
