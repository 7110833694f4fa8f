package io.sextant.analysis.experiments.stats;

import io.sextant.analysis.experiments.stats.internal.Moments;

/**
 * One variant's per-user numerators and denominators of a ratio metric (revenue and sessions per user, for
 * revenue per session = sum of revenue / sum of sessions). Users are the unit of randomisation, so the
 * ratio's variance comes from the delta method over users, not from treating sessions as independent.
 *
 * @param variant      the variant's name
 * @param numerators   one numerator per user
 * @param denominators one denominator per user, same order
 */
public record RatioSample(String variant, double[] numerators, double[] denominators) {

    public RatioSample {
        if (numerators.length != denominators.length) {
            throw new IllegalArgumentException(variant + ": " + numerators.length + " numerators but "
                    + denominators.length + " denominators");
        }
        Moments.requireFinite(numerators, variant + " numerators");
        Moments.requireFinite(denominators, variant + " denominators");
    }

    public Summary summary() {
        double mn = Moments.mean(numerators);
        double md = Moments.mean(denominators);
        int n = numerators.length;
        return new Summary(variant, n, mn, md, n > 1 ? Moments.variance(numerators, mn) : Double.NaN,
                n > 1 ? Moments.variance(denominators, md) : Double.NaN,
                n > 1 ? Moments.covariance(numerators, mn, denominators, md) : Double.NaN);
    }

    /**
     * What the delta method needs of a variant (per-user means, sample variances and the covariance, divisor
     * n - 1).
     */
    public record Summary(String variant, long users, double numeratorMean, double denominatorMean,
            double numeratorVariance, double denominatorVariance, double covariance) {

        /**
         * From the sufficient statistics of the variant's numerators (first) and denominators (second), e.g.
         * summed by a database.
         */
        public static Summary of(String variant, PairSums sums) {
            return new Summary(variant, sums.users(), sums.first().mean(), sums.second().mean(),
                    sums.first().variance(), sums.second().variance(), sums.covariance());
        }

        public double ratio() {
            return numeratorMean / denominatorMean;
        }

        /**
         * The variance of the linearised per-user value (num - ratio * den) / mean(den): the delta method's
         * Var(ratio) is this over n.
         */
        public double linearisedVariance() {
            double r = ratio();
            return (numeratorVariance - 2 * r * covariance + r * r * denominatorVariance)
                    / (denominatorMean * denominatorMean);
        }
    }
}
