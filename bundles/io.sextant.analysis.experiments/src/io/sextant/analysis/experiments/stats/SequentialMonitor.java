package io.sextant.analysis.experiments.stats;

/**
 * Always-valid confidence intervals for the absolute lift, so an experiment may be looked at as often as
 * wanted: the chance that the interval misses the true lift at ANY look is at most alpha.
 * <p>
 * The interval is the normal-mixture confidence sequence (Robbins 1970; the mixture sequential probability
 * ratio test of Johari, Pekelis, Walsh 2017, "Always valid inference: continuous monitoring of A/B tests";
 * with the variance estimated from the data it is the asymptotic confidence sequence of Waudby-Smith,
 * Arbour, Sinha, Kennedy, Ramdas 2023, "Time-uniform central limit theory and asymptotic confidence
 * sequences", eq. for the Gaussian mixture): for an estimate with variance V and mixing variance tau²,
 * <pre>
 *   estimate ± sqrt( V (V + tau²) / tau² · ( 2 ln(1/alpha) + ln((V + tau²) / V) ) )
 * </pre>
 * With V = sigma²/t and tau² = rho² sigma² this is Waudby-Smith et al.'s
 * sqrt(2 (t rho² + 1) / (t² rho²) · ln(sqrt(t rho² + 1) / alpha)) · sigma. tau² only moves where the interval
 * is narrowest; {@link #tunedFor} picks the tau² that makes it narrowest at the planned sample size (their
 * rho² = (-2 ln alpha + ln(1 - 2 ln alpha)) / n*, as GrowthBook does). The price of looking any time: the
 * interval is wider than the fixed-horizon one (at alpha 0.05, 1.55 times at the planned size, more before and
 * after it).
 */
public final class SequentialMonitor {

    private final double alpha;
    private final double mixingVariance;

    /**
     * @param alpha          two-sided level: intervals have time-uniform coverage 1 - alpha
     * @param mixingVariance tau², in the squared unit of the lift, > 0
     */
    public SequentialMonitor(double alpha, double mixingVariance) {
        Lifts.requireAlpha(alpha);
        if (!(mixingVariance > 0) || Double.isInfinite(mixingVariance)) {
            throw new IllegalArgumentException("the mixing variance must be positive, not " + mixingVariance);
        }
        this.alpha = alpha;
        this.mixingVariance = mixingVariance;
    }

    /**
     * The monitor whose intervals are narrowest when each variant has {@code plannedUsersPerVariant} users,
     * for a metric with per-user standard deviation {@code standardDeviation} (for a rate: sqrt(p (1 - p)))
     * in both variants. Choose these before the experiment starts, not from its data.
     */
    public static SequentialMonitor tunedFor(double alpha, double standardDeviation, long plannedUsersPerVariant) {
        Lifts.requireAlpha(alpha);
        if (!(standardDeviation > 0) || plannedUsersPerVariant < 1) {
            throw new IllegalArgumentException("the standard deviation and the planned users must be positive");
        }
        double plannedVariance = 2 * standardDeviation * standardDeviation / plannedUsersPerVariant;
        double l = -2 * Math.log(alpha);
        return new SequentialMonitor(alpha, plannedVariance * (l + Math.log(1 + l)));
    }

    public double alpha() {
        return alpha;
    }

    public double mixingVariance() {
        return mixingVariance;
    }

    /** The always-valid interval around {@code estimate} whose variance is {@code variance}. */
    public Interval interval(double estimate, double variance) {
        if (!(variance > 0)) {
            throw new IllegalArgumentException("the estimate's variance must be positive, not " + variance);
        }
        double t2 = mixingVariance;
        double half = Math.sqrt(variance * (variance + t2) / t2
                * (2 * Math.log(1 / alpha) + Math.log((variance + t2) / variance)));
        return Interval.around(estimate, half, 1 - alpha);
    }

    /**
     * The always-valid p-value of "no difference" at this look: min(1, 1 / mixture likelihood ratio). Its
     * running minimum over the looks is the p-value to report; it is below alpha exactly when the interval
     * excludes 0.
     */
    public double pValue(double estimate, double variance) {
        double t2 = mixingVariance;
        double logRatio = 0.5 * Math.log(variance / (variance + t2))
                + t2 * estimate * estimate / (2 * variance * (variance + t2));
        return Math.min(1, Math.exp(-logRatio));
    }

    /** The comparison's absolute lift with an always-valid interval instead of the fixed-horizon one. */
    public SequentialComparison monitor(Comparison comparison) {
        double v = comparison.standardError() * comparison.standardError();
        return new SequentialComparison(comparison, interval(comparison.absoluteLift(), v),
                pValue(comparison.absoluteLift(), v), mixingVariance);
    }

    /**
     * @param fixedHorizon   the comparison as if this were the only look
     * @param alwaysValid    the always-valid interval of the absolute lift
     * @param alwaysValidP   the always-valid p-value at this look
     * @param mixingVariance the monitor's tau²
     */
    public record SequentialComparison(Comparison fixedHorizon, Interval alwaysValid, double alwaysValidP,
            double mixingVariance) {

        public boolean significant() {
            return alwaysValid.excludes(0);
        }
    }
}
