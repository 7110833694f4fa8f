package io.sextant.charts.internal;

import java.util.Optional;

import org.eclipse.birt.chart.model.Chart;

/**
 * The BIRT chart model each chart spec is drawn with. Every chart is a BIRT chart; only a message (no chart) is
 * an image written directly.
 */
public final class ChartModels {

    private ChartModels() {
    }

    /** The chart model for a picture of width × height pixels; empty for a message. */
    public static Optional<Chart> of(ChartSpec spec, int width, int height) {
        return switch (spec) {
            case ChartSpec.Message message -> Optional.empty();
            case ChartSpec.Heatmap heatmap -> Optional.of(HeatmapChart.of(heatmap, width, height));
            case ChartSpec.Bars bars when bars.lower() != null -> Optional.of(IntervalChart.of(bars, width, height));
            case ChartSpec.Bars bars -> Optional.of(BirtCharts.bars(bars));
            case ChartSpec.Line line -> Optional.of(BirtCharts.line(line));
            case ChartSpec.Grouped grouped -> Optional.of(BirtCharts.grouped(grouped));
        };
    }
}
