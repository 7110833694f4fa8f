package io.sextant.charts;

/**
 * One row of a forest plot: a label, an estimate and its interval. NaN marks a missing value; a row whose
 * estimate is missing is left out of the chart, a missing bound draws no whisker on that side.
 */
public record Effect(String label, double estimate, double lower, double upper) {
}
