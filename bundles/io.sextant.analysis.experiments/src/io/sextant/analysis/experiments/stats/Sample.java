package io.sextant.analysis.experiments.stats;

import io.sextant.analysis.experiments.stats.internal.Moments;

/**
 * One variant's per-user values of a metric (one value per user, e.g. revenue in the analysis window).
 *
 * @param variant the variant's name
 * @param values  one value per user
 */
public record Sample(String variant, double[] values) {

    public Sample {
        Moments.requireFinite(values, variant);
    }

    /** n, mean and sample variance. */
    public Summary summary() {
        double mean = Moments.mean(values);
        return new Summary(variant, values.length, mean, values.length > 1 ? Moments.variance(values, mean) : Double.NaN);
    }

    /**
     * What the tests need of a variant, e.g. from an SQL aggregate.
     *
     * @param variant  the variant's name
     * @param users    n
     * @param mean     the mean per user
     * @param variance the sample variance (divisor n - 1)
     */
    public record Summary(String variant, long users, double mean, double variance) {

        /** From the sufficient statistics of the variant's values (e.g. summed by a database). */
        public static Summary of(String variant, ValueSums sums) {
            return new Summary(variant, sums.users(), sums.mean(), sums.variance());
        }
    }
}
