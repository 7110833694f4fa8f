package io.sextant.analysis.experiments.stats;

/**
 * Two per-user values over the same users (a ratio metric's numerator and denominator, or a metric and its
 * CUPED covariate), each as {@link ValueSums}, with the sum of the products of their deviations
 * Σ (x − m<sub>x</sub>)(y − m<sub>y</sub>), shifted by the same m<sub>x</sub> and m<sub>y</sub> as their sums:
 * the sufficient statistics of a covariance, as a database computes them in two passes.
 *
 * @param first    the first value's sums (the numerator, or the metric)
 * @param second   the second value's sums (the denominator, or the covariate)
 * @param products Σ (x − first.shift) (y − second.shift)
 */
public record PairSums(ValueSums first, ValueSums second, double products) {

    public PairSums {
        if (first.users() != second.users()) {
            throw new IllegalArgumentException("paired values differ in their users: " + first.users() + " and "
                    + second.users());
        }
        if (first.users() > 0 && !Double.isFinite(products)) {
            throw new IllegalArgumentException("the sum of products is not a finite number: " + products);
        }
    }

    /** The sums of paired values held in memory, as a database's two passes make them (for tests). */
    public static PairSums of(double[] first, double[] second) {
        if (first.length != second.length) {
            throw new IllegalArgumentException("paired values differ in length: " + first.length + " and "
                    + second.length);
        }
        ValueSums x = ValueSums.of(first);
        ValueSums y = ValueSums.of(second);
        double products = 0;
        for (int i = 0; i < first.length; i++) {
            products += (first[i] - x.shift()) * (second[i] - y.shift());
        }
        return new PairSums(x, y, products);
    }

    public long users() {
        return first.users();
    }

    /** Σ (x − mean x)(y − mean y); 0 when either value is constant. */
    public double centredProducts() {
        if (first.constant() || second.constant()) {
            return 0;
        }
        return products - first.deviations() * second.deviations() / first.users();
    }

    /** The sample covariance (divisor n − 1); NaN with fewer than two users. */
    public double covariance() {
        return users() > 1 ? centredProducts() / (users() - 1) : Double.NaN;
    }
}
