package io.sextant.analysis.experiments.stats;

/**
 * A comparison with CUPED variance reduction, and the same comparison without it.
 *
 * @param adjusted          the comparison on the adjusted values (report this one)
 * @param unadjusted        the same data without the adjustment
 * @param theta             cov(covariate, metric) / var(covariate) over the pooled users
 * @param covariateMean     the pooled covariate mean the adjustment centres on
 * @param varianceReduction 1 - Var(adjusted lift) / Var(unadjusted lift), a fraction (0.4 = 40 % less);
 *                          the share of users an experiment saves for the same precision
 */
public record CupedComparison(Comparison adjusted, Comparison unadjusted, double theta, double covariateMean,
        double varianceReduction) {
}
