package io.sextant.analysis.experiments.stats;

import java.util.List;

/**
 * A treatment against the control on one metric.
 *
 * @param metric           the metric's name
 * @param unit             the metric's unit (absolute lift and values are in it; "users" share for rates)
 * @param kind             how the metric is aggregated
 * @param method           the test and the intervals, in words
 * @param control          the control's value
 * @param treatment        the treatment's value
 * @param absoluteLift     treatment - control, in {@code unit}
 * @param standardError    the standard error of the absolute lift (unpooled), in {@code unit}
 * @param absoluteInterval its confidence interval, in {@code unit}
 * @param relativeLift     treatment / control - 1, a fraction (0.05 = +5 %)
 * @param relativeInterval its confidence interval by the delta method, a fraction
 * @param statistic        the test statistic (t or z)
 * @param degreesOfFreedom Welch's degrees of freedom for t; infinite for z
 * @param pValue           the two-sided p-value of "no difference"
 * @param alpha            the two-sided significance level the intervals are made for (level 1 - alpha)
 * @param warnings         what makes the numbers less trustworthy (small samples, no variation, ...)
 */
public record Comparison(String metric, String unit, MetricKind kind, String method, VariantStats control,
        VariantStats treatment, double absoluteLift, double standardError, Interval absoluteInterval, double relativeLift,
        Interval relativeInterval, double statistic, double degreesOfFreedom, double pValue, double alpha,
        List<String> warnings) {

    public Comparison {
        warnings = List.copyOf(warnings);
    }

    public boolean significant() {
        return pValue < alpha;
    }
}
