package io.sextant.analysis.experiments.stats;

/**
 * The sufficient statistics of one per-user value over a group of users, as a database computes them in two
 * passes: the group's mean first (the shift, e.g. {@code AVG(x) OVER (PARTITION BY variant)}), then the sums of
 * the deviations from it. Deviations keep the variance accurate when the mean is large against the spread (the
 * one-pass Σx² − (Σx)²/n loses about log10(mean² / variance) digits); the sum of the deviations, the first pass's
 * rounding error, corrects the mean as {@link io.sextant.analysis.experiments.stats.internal.Moments#mean} does
 * and the squares as Σ(x − mean)² = Σ(x − m)² − (Σ(x − m))² / n. The smallest and largest value make a group
 * whose values are all equal exactly constant (variance 0), which rounded sums alone cannot promise.
 *
 * @param users      n
 * @param shift      m, the value the deviations are taken from (the first pass's mean; NaN when n is 0)
 * @param deviations Σ (x − m)
 * @param squares    Σ (x − m)²
 * @param min        the smallest value
 * @param max        the largest value
 */
public record ValueSums(long users, double shift, double deviations, double squares, double min, double max) {

    public ValueSums {
        if (users < 0) {
            throw new IllegalArgumentException("a count of users is not negative: " + users);
        }
        if (users > 0 && !(Double.isFinite(shift) && Double.isFinite(deviations) && Double.isFinite(squares)
                && Double.isFinite(min) && Double.isFinite(max))) {
            throw new IllegalArgumentException("the sums of " + users + " values are not finite numbers: shift "
                    + shift + ", deviations " + deviations + ", squares " + squares + ", min " + min + ", max " + max);
        }
    }

    /** No users. */
    public static ValueSums empty() {
        return new ValueSums(0, Double.NaN, 0, 0, Double.NaN, Double.NaN);
    }

    /**
     * The sums of the values as a database's two passes make them: the mean as Σx / n, then the deviations from
     * it. For tests and for values held in memory.
     */
    public static ValueSums of(double[] values) {
        if (values.length == 0) {
            return empty();
        }
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double shift = sum / values.length;
        double deviations = 0;
        double squares = 0;
        for (double v : values) {
            deviations += v - shift;
            squares += (v - shift) * (v - shift);
        }
        return new ValueSums(values.length, shift, deviations, squares, min, max);
    }

    /** Whether every value is the same (or there is none). */
    public boolean constant() {
        return users == 0 || min == max;
    }

    /** The mean; NaN without users. */
    public double mean() {
        if (users == 0) {
            return Double.NaN;
        }
        return min == max ? min : shift + deviations / users;
    }

    /** Σ (x − mean)², never negative; 0 when every value is the same. */
    public double centredSquares() {
        if (constant()) {
            return 0;
        }
        return Math.max(0, squares - deviations * deviations / users);
    }

    /** The sample variance (divisor n − 1); NaN with fewer than two users. */
    public double variance() {
        return users > 1 ? centredSquares() / (users - 1) : Double.NaN;
    }

    /**
     * The sums of this group and another together (Chan, Golub and LeVeque's pairwise update), shifted by the
     * combined mean: what two groups a database summed separately would have given as one.
     */
    public ValueSums plus(ValueSums other) {
        if (other.users == 0) {
            return this;
        }
        if (users == 0) {
            return other;
        }
        long n = users + other.users;
        double meanA = mean();
        double meanB = other.mean();
        double delta = meanB - meanA;
        double mean = meanA + delta * other.users / n;
        double squares = centredSquares() + other.centredSquares() + delta * delta * users * other.users / n;
        return new ValueSums(n, mean, 0, squares, Math.min(min, other.min), Math.max(max, other.max));
    }
}
