package io.sextant.charts.internal;

import java.util.List;

import io.sextant.charts.ChartKind;

/** What a chart shows, taken out of a result and checked: every value finite, at least one row. */
public sealed interface ChartSpec {

    String title();

    /** Rows × columns of values; NaN where a cell is empty (a cohort's period not yet ended). */
    record Heatmap(String title, String unit, List<String> rows, List<String> columns, double[][] values)
            implements ChartSpec {
    }

    /**
     * Bars (funnel, ranked, plain) or a forest plot: one row per label. {@code lower}/{@code upper} are null
     * when there are no intervals; a NaN bound draws no whisker. {@code notes} (may be null) label the bars.
     */
    record Bars(ChartKind kind, String title, String unit, List<String> labels, double[] values, double[] lower,
            double[] upper, List<String> notes) implements ChartSpec {
    }

    /** A line over x with optional interval bounds (null: none; NaN: missing at that x). */
    record Line(String title, String xUnit, String yUnit, double[] x, double[] y, double[] lower, double[] upper)
            implements ChartSpec {
    }

    /**
     * Several values per label side by side (observed against planned): one series per name, each as many
     * values as labels, with a legend naming the series.
     */
    record Grouped(String title, String unit, List<String> labels, List<String> seriesNames, List<double[]> series)
            implements ChartSpec {
    }

    /** No chart: an image with the title and why. */
    record Message(String title, String message) implements ChartSpec {
    }
}
