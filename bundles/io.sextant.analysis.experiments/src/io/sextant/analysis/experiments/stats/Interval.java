package io.sextant.analysis.experiments.stats;

/**
 * A two-sided confidence interval.
 *
 * @param lower the lower bound
 * @param upper the upper bound
 * @param level the confidence level, e.g. 0.95
 */
public record Interval(double lower, double upper, double level) {

    public static Interval around(double estimate, double halfWidth, double level) {
        return new Interval(estimate - halfWidth, estimate + halfWidth, level);
    }

    public boolean contains(double value) {
        return lower <= value && value <= upper;
    }

    /** Whether the interval lies wholly on one side of {@code value}. */
    public boolean excludes(double value) {
        return !contains(value);
    }

    public double width() {
        return upper - lower;
    }
}
