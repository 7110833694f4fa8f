package io.sextant.charts.internal;

import java.awt.Color;

import org.eclipse.birt.chart.model.Chart;
import org.eclipse.birt.chart.model.ChartWithAxes;
import org.eclipse.birt.chart.model.attribute.ExtendedProperty;
import org.eclipse.birt.chart.model.attribute.Position;
import org.eclipse.birt.chart.model.attribute.impl.AttributeFactoryImpl;
import org.eclipse.birt.chart.model.attribute.impl.ColorDefinitionImpl;
import org.eclipse.birt.chart.model.component.Axis;
import org.eclipse.birt.chart.model.data.impl.NumberDataElementImpl;
import org.eclipse.birt.chart.model.data.impl.NumberDataSetImpl;
import org.eclipse.birt.chart.model.type.BarSeries;
import org.eclipse.birt.chart.model.type.impl.BarSeriesImpl;

/**
 * A heatmap as a BIRT chart model. BIRT has no heatmap type, so it is a horizontal stacked bar chart: one
 * category per row (cohort), one series per column (period) whose every value is 1, so that the cells are equal.
 * Each cell's colour and text are kept in the chart's extended properties and applied while BIRT draws the cell
 * by the charts' Java event handler {@link ChartEvents}. A first, white row carries the column labels; empty
 * cells (a period not yet ended, a suppressed value) are grey without text.
 */
final class HeatmapChart {

    /** Extended property of one cell: name {@code CELL + category index + "." + column}, value {@link #encode}. */
    static final String CELL = "sextant.heatmap.cell.";

    private static final int FONT_SIZE = 8;

    private HeatmapChart() {
    }

    static Chart of(ChartSpec.Heatmap spec, int width, int height) {
        double[][] values = spec.values();
        int rows = values.length;
        int columns = values[0].length;
        double[] range = range(values);
        String unit = spec.unit();
        String key = Double.isFinite(range[0]) ? " (pale " + Formats.number(range[0], unit) + " → deep "
                + Formats.number(range[1], unit) + ")" : "";
        ChartWithAxes chart = BirtCharts.base(spec.title() + key);
        chart.setTransposed(true);
        chart.setUnitSpacing(0);

        // BIRT draws categories bottom-up: the last row first, the header row (column labels) last, on top
        String[] labels = new String[rows + 1];
        for (int r = 0; r < rows; r++) {
            labels[rows - 1 - r] = spec.rows().get(r);
        }
        labels[rows] = "";
        Axis category = BirtCharts.categoryAxis(chart, labels);
        category.getMajorGrid().getTickAttributes().setVisible(false);
        category.getLineAttributes().setVisible(false);
        Axis value = BirtCharts.valueAxis(chart, category, null);
        value.getScale().setMin(NumberDataElementImpl.create(0));
        value.getScale().setMax(NumberDataElementImpl.create(columns));
        value.getLabel().setVisible(false);
        value.getMajorGrid().getLineAttributes().setVisible(false);
        value.getMajorGrid().getTickAttributes().setVisible(false);
        value.getLineAttributes().setVisible(false);

        // values are written where a cell is wide and tall enough for "100%" in the label font
        double plotWidth = width * 0.72;
        double plotHeight = height - 50;
        boolean writeValues = plotWidth / columns >= 34 && plotHeight / (rows + 1) >= 12;
        int every = Math.max(1, (int) Math.ceil(30 / (plotWidth / columns)));
        for (int c = 0; c < columns; c++) {
            double[] ones = new double[rows + 1];
            java.util.Arrays.fill(ones, 1);
            BarSeries cells = (BarSeries) BarSeriesImpl.create();
            cells.setSeriesIdentifier(Integer.toString(c));
            cells.setDataSet(NumberDataSetImpl.create(ones));
            cells.setStacked(true);
            cells.setRiserOutline(ColorDefinitionImpl.WHITE());
            cells.getLabel().setVisible(true);
            cells.setLabelPosition(Position.INSIDE_LITERAL);
            cells.getLabel().getCaption().getFont().setSize(FONT_SIZE);
            BirtCharts.add(value, cells, Palette.EMPTY);
            for (int r = 0; r < rows; r++) {
                double v = values[r][c];
                Color fill = Double.isFinite(v) ? Palette.scale(position(v, range)) : Palette.EMPTY;
                String text = writeValues && Double.isFinite(v) ? Formats.number(v, unit) : "";
                property(chart, rows - 1 - r, c, encode(fill, Palette.textOn(fill), text));
            }
            String header = c % every == 0 ? spec.columns().get(c) : "";
            property(chart, rows, c, encode(Color.WHITE, Palette.MUTED, header));
        }
        return chart;
    }

    private static void property(Chart chart, int category, int column, String value) {
        ExtendedProperty property = AttributeFactoryImpl.eINSTANCE.createExtendedProperty();
        property.setName(CELL + category + "." + column);
        property.setValue(value);
        chart.getExtendedProperties().add(property);
    }

    /** "r,g,b,r,g,b,text": the fill, the text colour, the text. */
    static String encode(Color fill, Color text, String label) {
        return fill.getRed() + "," + fill.getGreen() + "," + fill.getBlue() + "," + text.getRed() + ","
                + text.getGreen() + "," + text.getBlue() + "," + label;
    }

    /**
     * The range the colours span. A first column where every value is the same (a cohort is 100% active in
     * its signup period) is left out, so that it does not wash out the differences the other columns show;
     * its cells get the deepest colour.
     */
    static double[] range(double[][] values) {
        double[] range = range(values, firstColumnIsConstant(values) && values[0].length > 1 ? 1 : 0);
        return range[0] <= range[1] ? range : range(values, 0);
    }

    private static double[] range(double[][] values, int from) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] row : values) {
            for (int c = from; c < row.length; c++) {
                if (Double.isFinite(row[c])) {
                    min = Math.min(min, row[c]);
                    max = Math.max(max, row[c]);
                }
            }
        }
        return new double[] { min, max };
    }

    private static boolean firstColumnIsConstant(double[][] values) {
        double first = Double.NaN;
        for (double[] row : values) {
            if (Double.isFinite(row[0])) {
                if (Double.isNaN(first)) {
                    first = row[0];
                } else if (row[0] != first) {
                    return false;
                }
            }
        }
        return true;
    }

    private static double position(double value, double[] range) {
        return range[1] > range[0] ? (value - range[0]) / (range[1] - range[0]) : 1;
    }
}
