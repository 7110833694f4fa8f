package io.sextant.analysis;

import java.util.Collection;

import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.TDistribution;

/**
 * An estimate with its 95% confidence interval from n observations: the mean of values (Student's t interval),
 * a proportion (Wilson score interval, which stays inside [0, 1] and behaves for small n), or a ratio of sums
 * (delta method). Quantiles come from Apache Commons Statistics. Bounds are NaN when n is too small to say.
 */
public record Estimate(long n, double value, double lower, double upper) {

    /** Below this many observations an interval is shown with a warning. */
    public static final int SMALL_SAMPLE = 30;

    private static final double LEVEL = 0.95;

    /** The mean of the values with a t interval. */
    public static Estimate mean(Collection<? extends Number> values) {
        long n = values.size();
        if (n == 0) {
            return new Estimate(0, Double.NaN, Double.NaN, Double.NaN);
        }
        double sum = 0;
        for (Number value : values) {
            sum += value.doubleValue();
        }
        double mean = sum / n;
        if (n < 2) {
            return new Estimate(n, mean, Double.NaN, Double.NaN);
        }
        double squares = 0;
        for (Number value : values) {
            double d = value.doubleValue() - mean;
            squares += d * d;
        }
        return mean(n, mean, squares / (n - 1));
    }

    /**
     * The mean of n values with a t interval, from their mean and sample variance (divisor n − 1), e.g. summed by
     * a database: what {@link #mean(Collection)} gives for values with these statistics.
     */
    public static Estimate mean(long n, double mean, double variance) {
        if (n == 0) {
            return new Estimate(0, Double.NaN, Double.NaN, Double.NaN);
        }
        if (n < 2) {
            return new Estimate(n, mean, Double.NaN, Double.NaN);
        }
        double standardError = Math.sqrt(variance / n);
        double t = TDistribution.of(n - 1).inverseCumulativeProbability(0.5 + LEVEL / 2);
        return new Estimate(n, mean, mean - t * standardError, mean + t * standardError);
    }

    /** A proportion of {@code hits} in {@code n} with the Wilson score interval. */
    public static Estimate proportion(long hits, long n) {
        if (n == 0) {
            return new Estimate(0, Double.NaN, Double.NaN, Double.NaN);
        }
        double z = z();
        double p = (double) hits / n;
        double denominator = 1 + z * z / n;
        double centre = (p + z * z / (2.0 * n)) / denominator;
        double half = z * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / denominator;
        return new Estimate(n, p, Math.max(0, centre - half), Math.min(1, centre + half));
    }

    /**
     * The ratio of sums Σa / Σb over n users, with the delta method's interval:
     * var(R) ≈ (var(a) − 2R·cov(a, b) + R²·var(b)) / (n · mean(b)²).
     */
    public static Estimate ratio(double[] numerators, double[] denominators) {
        int n = numerators.length;
        double sumA = 0;
        double sumB = 0;
        for (int i = 0; i < n; i++) {
            sumA += numerators[i];
            sumB += denominators[i];
        }
        if (n == 0 || sumB == 0) {
            return new Estimate(n, Double.NaN, Double.NaN, Double.NaN);
        }
        double ratio = sumA / sumB;
        if (n < 2) {
            return new Estimate(n, ratio, Double.NaN, Double.NaN);
        }
        double meanA = sumA / n;
        double meanB = sumB / n;
        double varA = 0;
        double varB = 0;
        double cov = 0;
        for (int i = 0; i < n; i++) {
            double da = numerators[i] - meanA;
            double db = denominators[i] - meanB;
            varA += da * da;
            varB += db * db;
            cov += da * db;
        }
        varA /= n - 1;
        varB /= n - 1;
        cov /= n - 1;
        double variance = (varA - 2 * ratio * cov + ratio * ratio * varB) / (n * meanB * meanB);
        double half = z() * Math.sqrt(Math.max(0, variance));
        return new Estimate(n, ratio, ratio - half, ratio + half);
    }

    /**
     * The ratio of sums over n users with the delta method's interval, from the per-user means of the numerators
     * and denominators, their sample variances and covariance (divisor n − 1), e.g. summed by a database: what
     * {@link #ratio(double[], double[])} gives for values with these statistics.
     */
    public static Estimate ratio(long n, double numeratorMean, double denominatorMean, double numeratorVariance,
            double denominatorVariance, double covariance) {
        if (n == 0 || denominatorMean == 0) {
            return new Estimate(n, Double.NaN, Double.NaN, Double.NaN);
        }
        double ratio = numeratorMean / denominatorMean;
        if (n < 2) {
            return new Estimate(n, ratio, Double.NaN, Double.NaN);
        }
        double variance = (numeratorVariance - 2 * ratio * covariance + ratio * ratio * denominatorVariance)
                / (n * denominatorMean * denominatorMean);
        double half = z() * Math.sqrt(Math.max(0, variance));
        return new Estimate(n, ratio, ratio - half, ratio + half);
    }

    private static double z() {
        return NormalDistribution.of(0, 1).inverseCumulativeProbability(0.5 + LEVEL / 2);
    }

    /** Whether there are too few observations for the interval to be trusted. */
    public boolean smallSample() {
        return n < SMALL_SAMPLE;
    }
}
