package io.sextant.charts.internal;

import java.io.ByteArrayOutputStream;

import org.eclipse.birt.chart.api.ChartEngine;
import org.eclipse.birt.chart.device.IDeviceRenderer;
import org.eclipse.birt.chart.device.IDisplayServer;
import org.eclipse.birt.chart.exception.ChartException;
import org.eclipse.birt.chart.factory.GeneratedChartState;
import org.eclipse.birt.chart.factory.Generator;
import org.eclipse.birt.chart.factory.RunTimeContext;
import org.eclipse.birt.chart.model.Chart;
import org.eclipse.birt.chart.model.ChartWithAxes;
import org.eclipse.birt.chart.model.attribute.AxisType;
import org.eclipse.birt.chart.model.attribute.Bounds;
import org.eclipse.birt.chart.model.attribute.ChartDimension;
import org.eclipse.birt.chart.model.attribute.ColorDefinition;
import org.eclipse.birt.chart.model.attribute.DataPointComponent;
import org.eclipse.birt.chart.model.attribute.LineStyle;
import org.eclipse.birt.chart.model.attribute.Marker;
import org.eclipse.birt.chart.model.attribute.MarkerType;
import org.eclipse.birt.chart.model.attribute.Position;
import org.eclipse.birt.chart.model.attribute.TickStyle;
import org.eclipse.birt.chart.model.attribute.impl.BoundsImpl;
import org.eclipse.birt.chart.model.attribute.impl.ColorDefinitionImpl;
import org.eclipse.birt.chart.model.attribute.impl.JavaNumberFormatSpecifierImpl;
import org.eclipse.birt.chart.model.component.Axis;
import org.eclipse.birt.chart.model.component.MarkerLine;
import org.eclipse.birt.chart.model.component.Series;
import org.eclipse.birt.chart.model.component.impl.MarkerLineImpl;
import org.eclipse.birt.chart.model.component.impl.SeriesImpl;
import org.eclipse.birt.chart.model.data.SeriesDefinition;
import org.eclipse.birt.chart.model.data.impl.NumberDataElementImpl;
import org.eclipse.birt.chart.model.data.impl.NumberDataSetImpl;
import org.eclipse.birt.chart.model.data.impl.SeriesDefinitionImpl;
import org.eclipse.birt.chart.model.data.impl.TextDataSetImpl;
import org.eclipse.birt.chart.model.impl.ChartWithAxesImpl;
import org.eclipse.birt.chart.model.type.BarSeries;
import org.eclipse.birt.chart.model.type.LineSeries;
import org.eclipse.birt.chart.model.type.impl.BarSeriesImpl;
import org.eclipse.birt.chart.model.type.impl.LineSeriesImpl;
import org.eclipse.birt.core.framework.Platform;
import org.eclipse.birt.core.framework.PlatformConfig;

import com.ibm.icu.util.ULocale;


/**
 * Chart models of BIRT's chart engine for bars and lines, the helpers the other models share (axes, series,
 * colours), and the rendering of any chart model to PNG.
 */
final class BirtCharts {

    /** Pixels per inch of the PNG at scale 1; bounds are given to BIRT in points (1/72 inch). */
    private static final int DPI = 96;

    private static boolean started;

    private BirtCharts() {
    }

    /** Horizontal bars (funnel, plain), top to bottom in the given order. */
    static Chart bars(ChartSpec.Bars spec) {
        ChartWithAxes chart = base(spec.title());
        // transposed: categories on the vertical axis, which BIRT draws bottom-up, so the rows go in reversed
        chart.setTransposed(true);
        int n = spec.labels().size();
        String[] labels = new String[n];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            labels[n - 1 - i] = Labels.fit(spec.labels().get(i), 40, Labels.MAX_LINES);
            values[n - 1 - i] = spec.values()[i];
        }
        Axis category = categoryAxis(chart, labels);
        Axis value = valueAxis(chart, category, spec.unit());
        BarSeries bars = (BarSeries) BarSeriesImpl.create();
        bars.setDataSet(NumberDataSetImpl.create(values));
        bars.getLabel().setVisible(true);
        bars.setLabelPosition(Position.OUTSIDE_LITERAL);
        bars.getLabel().getCaption().getFont().setSize(8);
        if (spec.notes() != null) {
            // the funnel's labels say users and conversion; BIRT's label shows the bar's value, so the
            // note goes into the category label instead
            for (int i = 0; i < n; i++) {
                labels[n - 1 - i] = spec.labels().get(i) + "\n" + spec.notes().get(i);
            }
            ((Series) category.getSeriesDefinitions().get(0).getSeries().get(0))
                    .setDataSet(TextDataSetImpl.create(labels));
            bars.getLabel().setVisible(false);
        } else {
            format(bars, spec.unit());
        }
        add(value, bars, Palette.BAR);
        // the values are written beyond the bars' ends (not the funnel's, whose notes are in the labels)
        NiceScale.apply(value, min(spec.values()), max(spec.values()), spec.notes() == null ? 0.12 : 0, spec.unit());
        if (hasNegative(spec)) {
            MarkerLine zero = MarkerLineImpl.create(value, NumberDataElementImpl.create(0), color(Palette.MUTED));
            zero.getLineAttributes().setStyle(LineStyle.DASHED_LITERAL);
            zero.getLabel().setVisible(false);
        }
        return chart;
    }

    /** Bars side by side per label (observed against planned), top to bottom in the given order, with a legend. */
    static Chart grouped(ChartSpec.Grouped spec) {
        ChartWithAxes chart = base(spec.title());
        chart.setTransposed(true);
        chart.getLegend().setVisible(true);
        chart.getLegend().setPosition(Position.BELOW_LITERAL);
        chart.getLegend().getText().getFont().setSize(8);
        int n = spec.labels().size();
        String[] labels = new String[n];
        for (int i = 0; i < n; i++) {
            labels[n - 1 - i] = Labels.fit(spec.labels().get(i), 40, Labels.MAX_LINES);
        }
        Axis category = categoryAxis(chart, labels);
        category.getSeriesDefinitions().get(0).getSeriesPalette().getEntries().clear();
        Axis value = valueAxis(chart, category, spec.unit());
        double low = 0;
        double high = 0;
        java.awt.Color[] colours = { Palette.BAR, Palette.MUTED };
        for (int s = 0; s < spec.series().size(); s++) {
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                double v = spec.series().get(s)[i];
                values[n - 1 - i] = Double.isFinite(v) ? v : 0;
                low = Math.min(low, values[n - 1 - i]);
                high = Math.max(high, values[n - 1 - i]);
            }
            BarSeries bars = (BarSeries) BarSeriesImpl.create();
            bars.setSeriesIdentifier(spec.seriesNames().get(s));
            bars.setDataSet(NumberDataSetImpl.create(values));
            bars.getLabel().setVisible(true);
            bars.setLabelPosition(Position.OUTSIDE_LITERAL);
            bars.getLabel().getCaption().getFont().setSize(8);
            format(bars, spec.unit());
            add(value, bars, colours[s % colours.length]);
        }
        NiceScale.apply(value, low, high, 0.12, spec.unit());
        return chart;
    }

    /** A line of the values with the interval bounds as thin dashed lines. */
    static Chart line(ChartSpec.Line spec) {
        ChartWithAxes chart = base(spec.title());
        String[] labels = new String[spec.x().length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = Formats.number(spec.x()[i], null);
        }
        Axis category = categoryAxis(chart, labels);
        if (spec.xUnit() != null) {
            category.getTitle().getCaption().setValue(spec.xUnit());
            category.getTitle().getCaption().getFont().setSize(9);
            category.getTitle().setVisible(true);
        }
        Axis value = valueAxis(chart, category, spec.yUnit());
        if ("share".equals(spec.yUnit())) {
            // a share's axis runs from 0 to at most 100 %, never to BIRT's rounded 110 %
            double top = Math.max(max(spec.y()), spec.upper() == null ? 0 : max(spec.upper()));
            NiceScale.apply(value, 0, top, 0, spec.yUnit());
        }
        if (spec.lower() != null && spec.upper() != null) {
            add(value, boundLine(fill(spec.lower(), spec.y())), Palette.BOUND);
            add(value, boundLine(fill(spec.upper(), spec.y())), Palette.BOUND);
        }
        LineSeries line = (LineSeries) LineSeriesImpl.create();
        line.setDataSet(NumberDataSetImpl.create(spec.y()));
        line.getLineAttributes().setThickness(2);
        line.getLineAttributes().setColor(color(Palette.BAR));
        line.setPaletteLineColor(false);
        for (Marker marker : line.getMarkers()) {
            marker.setType(MarkerType.CIRCLE_LITERAL);
            marker.setSize(3);
        }
        add(value, line, Palette.BAR);
        return chart;
    }

    private static LineSeries boundLine(double[] values) {
        LineSeries bound = (LineSeries) LineSeriesImpl.create();
        bound.setDataSet(NumberDataSetImpl.create(values));
        bound.getLineAttributes().setStyle(LineStyle.DASHED_LITERAL);
        bound.getLineAttributes().setColor(color(Palette.BOUND));
        bound.setPaletteLineColor(false);
        for (Marker marker : bound.getMarkers()) {
            marker.setVisible(false);
        }
        return bound;
    }

    /** A missing bound is drawn at the value itself (BIRT's data sets have no gaps). */
    private static double[] fill(double[] bounds, double[] values) {
        double[] result = bounds.clone();
        for (int i = 0; i < result.length; i++) {
            if (!Double.isFinite(result[i])) {
                result[i] = values[i];
            }
        }
        return result;
    }

    private static double min(double[] values) {
        return java.util.Arrays.stream(values).filter(Double::isFinite).min().orElse(0);
    }

    private static double max(double[] values) {
        return java.util.Arrays.stream(values).filter(Double::isFinite).max().orElse(0);
    }

    private static boolean hasNegative(ChartSpec.Bars spec) {
        for (int i = 0; i < spec.values().length; i++) {
            if (spec.values()[i] < 0 || (spec.lower() != null && spec.lower()[i] < 0)) {
                return true;
            }
        }
        return false;
    }

    static ChartWithAxes base(String title) {
        ChartWithAxes chart = ChartWithAxesImpl.create();
        chart.setDimension(ChartDimension.TWO_DIMENSIONAL_LITERAL);
        chart.setScript(ChartEvents.class.getName());
        chart.getTitle().getLabel().getCaption().setValue(title);
        chart.getTitle().getLabel().getCaption().getFont().setSize(11);
        chart.getTitle().getLabel().getCaption().getFont().setBold(true);
        chart.getLegend().setVisible(false);
        chart.getBlock().setBackground(ColorDefinitionImpl.WHITE());
        chart.getPlot().getClientArea().setBackground(ColorDefinitionImpl.WHITE());
        return chart;
    }

    static Axis categoryAxis(ChartWithAxes chart, String[] labels) {
        Axis axis = chart.getPrimaryBaseAxes()[0];
        axis.setType(AxisType.TEXT_LITERAL);
        axis.getLabel().getCaption().getFont().setSize(8);
        axis.getMajorGrid().setTickStyle(TickStyle.BELOW_LITERAL);
        Series categories = SeriesImpl.create();
        categories.setDataSet(TextDataSetImpl.create(labels));
        SeriesDefinition definition = SeriesDefinitionImpl.create();
        definition.getSeries().add(categories);
        axis.getSeriesDefinitions().add(definition);
        return axis;
    }

    static Axis valueAxis(ChartWithAxes chart, Axis category, String unit) {
        Axis axis = chart.getPrimaryOrthogonalAxis(category);
        axis.setType(AxisType.LINEAR_LITERAL);
        axis.setFormatSpecifier(JavaNumberFormatSpecifierImpl.create(Formats.pattern(unit)));
        axis.getLabel().getCaption().getFont().setSize(8);
        axis.getMajorGrid().setTickStyle(TickStyle.LEFT_LITERAL);
        axis.getMajorGrid().getLineAttributes().setVisible(true);
        axis.getMajorGrid().getLineAttributes().setColor(ColorDefinitionImpl.create(225, 225, 225));
        if (unit != null && !"share".equals(unit)) {
            axis.getTitle().getCaption().setValue(unit);
            axis.getTitle().getCaption().getFont().setSize(8);
            axis.getTitle().setVisible(true);
        }
        return axis;
    }

    static void format(Series series, String unit) {
        for (DataPointComponent component : series.getDataPoint().getComponents()) {
            // a bar's value as its table writes it: shares with one decimal, money (a currency code) with two
            component.setFormatSpecifier(JavaNumberFormatSpecifierImpl.create("share".equals(unit) ? "0.0%"
                    : unit != null && unit.matches("[A-Z]{3}") ? "#,##0.00" : Formats.pattern(unit)));
        }
    }

    static void add(Axis axis, Series series, java.awt.Color colour) {
        SeriesDefinition definition = SeriesDefinitionImpl.create();
        definition.getSeriesPalette().getEntries().clear();
        definition.getSeriesPalette().getEntries().add(color(colour));
        definition.getSeries().add(series);
        axis.getSeriesDefinitions().add(definition);
    }

    static ColorDefinition color(java.awt.Color colour) {
        return ColorDefinitionImpl.create(colour.getRed(), colour.getGreen(), colour.getBlue());
    }

    /** Renders the chart to a PNG of exactly width × height pixels, text and lines scale times their screen size. */
    static synchronized byte[] png(Chart chart, int width, int height, double scale) {
        int dpi = (int) Math.round(DPI * scale);
        String title = chart.getTitle().getLabel().getCaption().getValue();
        try {
            IDeviceRenderer renderer = engine().getRenderer("dv.PNG");
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                renderer.setProperty(IDeviceRenderer.FILE_IDENTIFIER, out);
                renderer.setProperty(IDeviceRenderer.DPI_RESOLUTION, dpi);
                IDisplayServer display = renderer.getDisplayServer();
                display.setDpiResolution(dpi);
                // without block bounds BIRT silently draws nothing
                Bounds bounds = BoundsImpl.create(0, 0, width * 72d / dpi, height * 72d / dpi);
                chart.getBlock().setBounds(bounds);
                Generator generator = Generator.instance();
                GeneratedChartState state = generator.build(display, chart, bounds, null, runTimeContext(), null);
                generator.render(renderer, state);
                return out.toByteArray();
            } finally {
                renderer.dispose();
            }
        } catch (ChartException | RuntimeException e) {
            throw new IllegalStateException("BIRT could not draw the chart '" + title + "': " + e.getMessage(), e);
        }
    }

    /**
     * BIRT loads a chart's Java event handler ({@link Chart#getScript()} holds its class name) with the context's
     * class loader; BIRT's own bundle cannot see this bundle's classes, so the loader hands them over.
     */
    private static RunTimeContext runTimeContext() {
        RunTimeContext context = new RunTimeContext();
        context.setULocale(ULocale.ENGLISH);
        context.setScriptClassLoader((name, parent) -> {
            if (name.equals(ChartEvents.class.getName())) {
                return ChartEvents.class;
            }
            return Class.forName(name, false, parent);
        });
        return context;
    }

    private static synchronized ChartEngine engine() throws ChartException {
        if (!started) {
            try {
                Platform.startup(new PlatformConfig());
            } catch (org.eclipse.birt.core.exception.BirtException e) {
                throw new IllegalStateException("BIRT's platform does not start: " + e.getMessage(), e);
            }
            started = true;
        }
        return ChartEngine.instance();
    }
}
