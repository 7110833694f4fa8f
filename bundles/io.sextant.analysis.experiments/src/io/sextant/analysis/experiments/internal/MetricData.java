package io.sextant.analysis.experiments.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.sextant.analysis.experiments.stats.Comparison;
import io.sextant.analysis.experiments.stats.Conversions;
import io.sextant.analysis.experiments.stats.Lifts;
import io.sextant.analysis.experiments.stats.MetricKind;
import io.sextant.analysis.experiments.stats.RatioSample;
import io.sextant.analysis.experiments.stats.Sample;
import io.sextant.dsl.seg.ConversionMetric;
import io.sextant.dsl.seg.Metric;
import io.sextant.dsl.seg.RetentionMetric;
import io.sextant.engine.MetricValues;

/**
 * One metric's per-user values split by variant: the users of each variant who have a value (a user without
 * one, e.g. whose conversion window has not ended, is not counted), in the order the engine returned them.
 * Which test applies follows from the metric's kind: conversion and retention are rates of users (two
 * proportions), a ratio metric is a ratio of sums (delta method), every other metric a mean (Welch's t).
 */
final class MetricData {

    final Metric metric;
    final String name;
    final String unit;
    final MetricKind kind;
    /** variant → user ids with a value, in engine order. */
    final Map<String, List<String>> users = new LinkedHashMap<>();
    /** variant → values (numerators for a ratio). */
    final Map<String, double[]> values = new LinkedHashMap<>();
    /** variant → denominators, for a ratio. */
    final Map<String, double[]> denominators = new LinkedHashMap<>();
    /** Assigned users without a value. */
    long withoutValue;

    private MetricData(Metric metric, MetricKind kind) {
        this.metric = metric;
        this.name = metric.getName();
        this.unit = metric.getUnit() == null ? (kind == MetricKind.PROPORTION ? "share of users" : "") : metric.getUnit();
        this.kind = kind;
    }

    static MetricKind kindOf(Metric metric, MetricValues values) {
        if (values.isRatio()) {
            return MetricKind.RATIO;
        }
        if (metric.getDefinition() instanceof ConversionMetric || metric.getDefinition() instanceof RetentionMetric) {
            return MetricKind.PROPORTION;
        }
        return MetricKind.MEAN;
    }

    /** The values of the users {@code assignments} counts, by variant; {@code keep} picks a subset (a segment). */
    static MetricData of(Metric metric, MetricValues engineValues, Assignments assignments, Predicate<String> keep) {
        MetricData data = new MetricData(metric, kindOf(metric, engineValues));
        Map<String, List<double[]>> rows = new LinkedHashMap<>();
        for (String variant : assignments.users().keySet()) {
            data.users.put(variant, new ArrayList<>());
            rows.put(variant, new ArrayList<>());
        }
        for (Map.Entry<String, String> entry : assignments.variantOf().entrySet()) {
            if (!keep.test(entry.getKey())) {
                continue;
            }
            BigDecimal value = engineValues.values().get(entry.getKey());
            BigDecimal denominator = engineValues.isRatio() ? engineValues.denominators().get(entry.getKey())
                    : BigDecimal.ONE;
            if (value == null || denominator == null) {
                data.withoutValue++;
                continue;
            }
            data.users.get(entry.getValue()).add(entry.getKey());
            rows.get(entry.getValue()).add(new double[] { value.doubleValue(), denominator.doubleValue() });
        }
        for (Map.Entry<String, List<double[]>> entry : rows.entrySet()) {
            List<double[]> list = entry.getValue();
            double[] v = new double[list.size()];
            double[] d = new double[list.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = list.get(i)[0];
                d[i] = list.get(i)[1];
            }
            data.values.put(entry.getKey(), v);
            data.denominators.put(entry.getKey(), d);
        }
        return data;
    }

    long users(String variant) {
        return values.get(variant).length;
    }

    /**
     * Treatment against control by the metric's test.
     *
     * @throws IllegalArgumentException when the test cannot be made (too few users), with the reason
     */
    Comparison compare(String control, String treatment, double alpha) {
        return switch (kind) {
            case PROPORTION -> Lifts.proportions(name, conversions(control), conversions(treatment), alpha);
            case RATIO -> Lifts.ratio(name, unit, new RatioSample(control, values.get(control), denominators.get(control)),
                    new RatioSample(treatment, values.get(treatment), denominators.get(treatment)), alpha);
            case MEAN -> Lifts.welch(name, unit, sample(control), sample(treatment), alpha);
        };
    }

    Sample sample(String variant) {
        return new Sample(variant, values.get(variant));
    }

    private Conversions conversions(String variant) {
        long converted = 0;
        for (double value : values.get(variant)) {
            if (value > 0) {
                converted++;
            }
        }
        return new Conversions(variant, converted, values.get(variant).length);
    }
}
