package io.sextant.analysis.experiments.stats.internal;

/**
 * Means, variances and covariances of per-user values, by two passes (the mean first, then the squared
 * deviations from it), which keeps the variance accurate when the mean is large against the spread.
 */
public final class Moments {

    private Moments() {
    }

    public static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        double mean = sum / values.length;
        // one correction pass: the mean of the residuals is the rounding error of the first pass
        double residual = 0;
        for (double v : values) {
            residual += v - mean;
        }
        return mean + residual / values.length;
    }

    /** The sample variance (divisor n - 1). */
    public static double variance(double[] values, double mean) {
        return covariance(values, mean, values, mean);
    }

    /** The sample covariance (divisor n - 1). */
    public static double covariance(double[] x, double meanX, double[] y, double meanY) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("paired values differ in length: " + x.length + " and " + y.length);
        }
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += (x[i] - meanX) * (y[i] - meanY);
        }
        return sum / (x.length - 1);
    }

    /** The values of several arrays as one. */
    public static double[] concat(double[]... parts) {
        int n = 0;
        for (double[] p : parts) {
            n += p.length;
        }
        double[] all = new double[n];
        int at = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    public static void requireFinite(double[] values, String what) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(what + ": value " + i + " is not a finite number: " + values[i]);
            }
        }
    }
}
