package io.sextant.dsl.context;

/**
 * What a metric measured per user at its last run, for power calculations.
 *
 * @param mean              the mean per user (a rate for conversion and retention)
 * @param standardDeviation its standard deviation per user
 */
public record MetricBaseline(double mean, double standardDeviation) {
}
