package io.sextant.analysis.experiments.stats;

/** How a metric is aggregated per variant, which decides the test. */
public enum MetricKind {
    /** The mean of a per-user value (revenue per user): Welch's t. */
    MEAN,
    /** The share of users who converted (0/1 per user): a two-proportion z test. */
    PROPORTION,
    /** A ratio of per-user sums (revenue per session = sum of revenue / sum of sessions): the delta method. */
    RATIO
}
