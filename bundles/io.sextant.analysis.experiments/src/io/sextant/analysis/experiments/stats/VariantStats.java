package io.sextant.analysis.experiments.stats;

/**
 * One variant's value of one metric.
 *
 * @param variant       the variant's name
 * @param users         users in the variant
 * @param value         the mean (MEAN), the conversion rate (PROPORTION) or the ratio of sums (RATIO), in the
 *                      metric's unit (a rate is a fraction of users)
 * @param variance      the per-user variance, so that {@code standardError^2 = variance / users}: for a MEAN the
 *                      sample variance (divisor n - 1); for a PROPORTION p (1 - p); for a RATIO the variance of
 *                      the delta method's linearisation
 * @param standardError the standard error of {@code value}
 */
public record VariantStats(String variant, long users, double value, double variance, double standardError) {
}
