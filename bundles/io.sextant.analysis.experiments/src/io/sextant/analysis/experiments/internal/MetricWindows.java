package io.sextant.analysis.experiments.internal;

import io.sextant.dsl.seg.AggregateMetric;
import io.sextant.dsl.seg.ConversionMetric;
import io.sextant.dsl.seg.CostToServeMetric;
import io.sextant.dsl.seg.Metric;
import io.sextant.dsl.seg.MetricDefinition;
import io.sextant.dsl.seg.RatioMetric;
import io.sextant.dsl.seg.Window;

/**
 * Whether a metric measures from an anchor (signup or a user's first event), as an experiment's metrics should:
 * the analysis computes each metric as its definition says, so a window that is not anchored (the last N days
 * before the as-of date, or all time) can count a user's events from before their assignment.
 */
final class MetricWindows {

    private MetricWindows() {
    }

    /** Null when every window of the metric is anchored; otherwise what its window is, in words. */
    static String unanchored(Metric metric) {
        return unanchored(metric, 0);
    }

    private static String unanchored(Metric metric, int depth) {
        MetricDefinition definition = metric.getDefinition();
        if (depth > 8 || definition == null) {
            return null; // a cycle or a broken definition: the engine reports those
        }
        return switch (definition) {
            case AggregateMetric aggregate -> unanchored(aggregate.getWindow());
            case ConversionMetric conversion -> unanchored(conversion.getWindow());
            case CostToServeMetric cost -> unanchored(cost.getWindow());
            case RatioMetric ratio -> {
                String numerator = ratio.getNumerator() == null ? null : unanchored(ratio.getNumerator(), depth + 1);
                yield numerator != null ? numerator
                        : ratio.getDenominator() == null ? null : unanchored(ratio.getDenominator(), depth + 1);
            }
            default -> null; // retention is after its anchor, lifetime value after signup
        };
    }

    private static String unanchored(Window window) {
        if (window == null) {
            return "has no window (all events before the as-of date)";
        }
        if (window.getAnchor() == null) {
            return "counts the last " + window.getLength().stripTrailingZeros().toPlainString() + " "
                    + window.getUnit() + " before the as-of date";
        }
        if (window.getDirection() == io.sextant.dsl.seg.WindowDirection.BEFORE) {
            return "counts the " + window.getLength().stripTrailingZeros().toPlainString() + " " + window.getUnit()
                    + " before its anchor";
        }
        return null;
    }
}
