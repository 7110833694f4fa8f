package io.sextant.charts.internal;

import java.awt.Color;

import org.eclipse.birt.chart.model.Chart;
import org.eclipse.birt.chart.model.ChartWithAxes;
import org.eclipse.birt.chart.model.attribute.LineStyle;
import org.eclipse.birt.chart.model.attribute.Marker;
import org.eclipse.birt.chart.model.attribute.MarkerType;
import org.eclipse.birt.chart.model.attribute.Position;
import org.eclipse.birt.chart.model.attribute.impl.ColorDefinitionImpl;
import org.eclipse.birt.chart.model.component.Axis;
import org.eclipse.birt.chart.model.component.MarkerLine;
import org.eclipse.birt.chart.model.component.impl.MarkerLineImpl;
import org.eclipse.birt.chart.model.data.impl.NumberDataElementImpl;
import org.eclipse.birt.chart.model.data.impl.NumberDataSetImpl;
import org.eclipse.birt.chart.model.type.BarSeries;
import org.eclipse.birt.chart.model.type.LineSeries;
import org.eclipse.birt.chart.model.type.impl.BarSeriesImpl;
import org.eclipse.birt.chart.model.type.impl.LineSeriesImpl;

import io.sextant.charts.ChartKind;

/**
 * Estimates with intervals (ranked lift, segment value with intervals, the forest plot of experiments) as a BIRT
 * chart model: a horizontal chart whose category axis holds the labels, top to bottom in the given order.
 * BIRT's range series (stock) only lays out vertically, so an interval is a stacked bar: a transparent offset
 * from 0 to the interval's near end, then the coloured interval. BIRT stacks positive and negative values apart,
 * so the interval's positive and negative parts are separate series and an interval straddling 0 is drawn
 * whole. The estimate is a marker-only line series; a dashed marker line marks 0. Rows that do not fit at
 * {@link #MIN_ROW} pixels are left out and the title says how many are shown ("top 12 of 25" of ranked rows).
 */
final class IntervalChart {

    static final int MIN_ROW = 16;

    /** The series in the order they are added to the value axis. */
    static final int POSITIVE_OFFSET = 0, POSITIVE_INTERVAL = 1, NEGATIVE_OFFSET = 2, NEGATIVE_INTERVAL = 3,
            ESTIMATE = 4;

    private static final Color INTERVAL = new Color(158, 192, 222);
    private static final Color FOREST_INTERVAL = new Color(90, 90, 90);

    private IntervalChart() {
    }

    /** The pixels the title, the value axis and the margins take. */
    private static final int FRAME = 70;

    /** The pixels a row takes: a label of several lines needs more room. */
    private static int rowHeight(ChartSpec.Bars spec, int width) {
        int maxChars = maxChars(width);
        int lines = 1;
        for (String label : spec.labels()) {
            lines = Math.max(lines, Labels.fit(label, maxChars, Labels.MAX_LINES).split("\n").length);
        }
        return MIN_ROW + (lines - 1) * 9;
    }

    private static int maxChars(int width) {
        return Math.max(12, (int) (width * 0.4 / 5.5));
    }

    /** The height (at scale 1) at which the chart shows its first {@code rows} rows, all of them when fewer. */
    static int height(ChartSpec.Bars spec, int width, int rows) {
        return FRAME + Math.min(rows, spec.labels().size()) * rowHeight(spec, width) + 1;
    }

    static Chart of(ChartSpec.Bars spec, int width, int height) {
        boolean forest = spec.kind() == ChartKind.FOREST;
        int total = spec.labels().size();
        int maxChars = maxChars(width);
        int n = Math.max(1, Math.min(total, (height - FRAME) / rowHeight(spec, width)));
        // ranked rows are the best first: the chart shows the top of the ranking
        String title = spec.title() + (n < total ? " (" + (forest ? "first " : "top ") + n + " of " + total + ")" : "");
        ChartWithAxes chart = BirtCharts.base(title);
        chart.setTransposed(true);
        // the forest plot's intervals are thin whiskers, the ranked bars' are bands
        chart.setUnitSpacing(forest ? 80 : 35);

        String[] labels = new String[n];
        double[] positiveOffset = new double[n];
        double[] positiveInterval = new double[n];
        double[] negativeOffset = new double[n];
        double[] negativeInterval = new double[n];
        double[] estimates = new double[n];
        double min = 0;
        double max = 0;
        for (int i = 0; i < n; i++) {
            // BIRT draws categories bottom-up: the first row goes last
            int at = n - 1 - i;
            labels[at] = Labels.fit(spec.labels().get(i), maxChars, Labels.MAX_LINES);
            double estimate = spec.values()[i];
            double lower = bound(spec.lower(), i, estimate);
            double upper = bound(spec.upper(), i, estimate);
            double low = Math.min(lower, upper);
            double high = Math.max(lower, upper);
            estimates[at] = estimate;
            min = Math.min(min, Math.min(low, estimate));
            max = Math.max(max, Math.max(high, estimate));
            positiveOffset[at] = Math.max(0, low);
            positiveInterval[at] = Math.max(0, high) - Math.max(0, low);
            negativeOffset[at] = Math.min(0, high);
            negativeInterval[at] = Math.min(0, low) - Math.min(0, high);
        }
        Axis category = BirtCharts.categoryAxis(chart, labels);
        Axis value = BirtCharts.valueAxis(chart, category, spec.unit());
        // room for the estimates' labels beside the outermost ones
        NiceScale.apply(value, min, max, forest ? 0.02 : 0.08, spec.unit());
        Color band = forest ? FOREST_INTERVAL : INTERVAL;
        BirtCharts.add(value, stacked(positiveOffset, null), Color.WHITE);
        BirtCharts.add(value, stacked(positiveInterval, band), band);
        BirtCharts.add(value, stacked(negativeOffset, null), Color.WHITE);
        BirtCharts.add(value, stacked(negativeInterval, band), band);
        BirtCharts.add(value, estimate(estimates, spec.unit(), forest), Palette.BAR);
        // an offset is transparent: its palette entry must be too (the white above only stands for "none")
        for (int s : new int[] { POSITIVE_OFFSET, NEGATIVE_OFFSET }) {
            value.getSeriesDefinitions().get(s).getSeriesPalette().getEntries().set(0, ColorDefinitionImpl.TRANSPARENT());
        }

        MarkerLine zero = MarkerLineImpl.create(value, NumberDataElementImpl.create(0),
                BirtCharts.color(Palette.MUTED));
        zero.getLineAttributes().setStyle(LineStyle.DASHED_LITERAL);
        zero.getLineAttributes().setThickness(1);
        zero.getLabel().setVisible(false);
        return chart;
    }

    private static BarSeries stacked(double[] values, Color outline) {
        BarSeries series = (BarSeries) BarSeriesImpl.create();
        series.setDataSet(NumberDataSetImpl.create(values));
        series.setStacked(true);
        series.getLabel().setVisible(false);
        series.setRiserOutline(outline == null ? ColorDefinitionImpl.TRANSPARENT() : BirtCharts.color(outline));
        return series;
    }

    private static LineSeries estimate(double[] values, String unit, boolean forest) {
        LineSeries line = (LineSeries) LineSeriesImpl.create();
        line.setDataSet(NumberDataSetImpl.create(values));
        line.getLineAttributes().setVisible(false);
        for (Marker marker : line.getMarkers()) {
            marker.setType(forest ? MarkerType.BOX_LITERAL : MarkerType.DIAMOND_LITERAL);
            marker.setSize(forest ? 4 : 5);
            marker.setVisible(true);
        }
        // the ranked bars say their estimate; a forest plot is read against the zero line
        line.getLabel().setVisible(!forest);
        line.setLabelPosition(Position.ABOVE_LITERAL);
        line.getLabel().getCaption().getFont().setSize(8);
        BirtCharts.format(line, unit);
        return line;
    }

    /** A missing bound is drawn at the estimate: no interval on that side. */
    private static double bound(double[] bounds, int i, double estimate) {
        return bounds == null || !Double.isFinite(bounds[i]) ? estimate : bounds[i];
    }

    static String shorten(String label, int maxChars) {
        return Labels.fit(label, maxChars, 1);
    }
}
