package io.sextant.charts.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.eclipse.birt.chart.computation.DataPointHints;
import org.eclipse.birt.chart.model.Chart;
import org.eclipse.birt.chart.model.attribute.ColorDefinition;
import org.eclipse.birt.chart.model.attribute.ExtendedProperty;
import org.eclipse.birt.chart.model.attribute.Fill;
import org.eclipse.birt.chart.model.attribute.impl.ColorDefinitionImpl;
import org.eclipse.birt.chart.model.component.Axis;
import org.eclipse.birt.chart.model.component.Label;
import org.eclipse.birt.chart.script.ChartEventHandlerAdapter;
import org.eclipse.birt.chart.script.IChartScriptContext;

/**
 * The Java event handler of every chart (BIRT creates it by the class name in {@link Chart#getScript()}, one per
 * chart build). In a heatmap it colours each cell (a stacked bar segment) and writes its text, from the chart's
 * extended properties ({@link HeatmapChart#CELL}), as BIRT draws it. On every axis and data label it writes a
 * value that rounds to zero but lies a hair below it ("-0%", "-0.0%") as zero.
 */
public final class ChartEvents extends ChartEventHandlerAdapter {

    private static final Pattern NEGATIVE_ZERO = Pattern.compile("-0([.,]0+)?%?");

    private Map<String, String[]> cells;

    @Override
    public void beforeDrawDataPoint(DataPointHints hints, Fill fill, IChartScriptContext context) {
        String[] cell = cell(hints, context);
        if (cell != null && fill instanceof ColorDefinition colour) {
            colour.set(Integer.parseInt(cell[0]), Integer.parseInt(cell[1]), Integer.parseInt(cell[2]));
        }
    }

    @Override
    public void beforeDrawDataPointLabel(DataPointHints hints, Label label, IChartScriptContext context) {
        String[] cell = cell(hints, context);
        if (cell != null) {
            label.getCaption().setValue(cell[6]);
            label.getCaption().setColor(ColorDefinitionImpl.create(Integer.parseInt(cell[3]),
                    Integer.parseInt(cell[4]), Integer.parseInt(cell[5])));
        } else {
            positiveZero(label);
        }
    }

    @Override
    public void beforeDrawAxisLabel(Axis axis, Label label, IChartScriptContext context) {
        positiveZero(label);
    }

    /** "-0%", "-0.0%": a value that rounds to zero is written without a sign. */
    private static void positiveZero(Label label) {
        String text = label.getCaption().getValue();
        if (text != null && NEGATIVE_ZERO.matcher(text).matches()) {
            label.getCaption().setValue(text.substring(1));
        }
    }

    private String[] cell(DataPointHints hints, IChartScriptContext context) {
        if (cells == null) {
            cells = read(context.getChartInstance());
        }
        return cells.get(HeatmapChart.CELL + hints.getIndex() + "." + hints.getSeriesValue());
    }

    private static Map<String, String[]> read(Chart chart) {
        Map<String, String[]> result = new HashMap<>();
        for (ExtendedProperty property : chart.getExtendedProperties()) {
            if (property.getName() != null && property.getName().startsWith(HeatmapChart.CELL)) {
                // the text is last and may itself hold commas
                result.put(property.getName(), property.getValue().split(",", 7));
            }
        }
        return result;
    }
}
