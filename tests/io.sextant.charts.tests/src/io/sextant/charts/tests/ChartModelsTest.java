package io.sextant.charts.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.eclipse.birt.chart.model.Chart;
import org.eclipse.birt.chart.model.ChartWithAxes;
import org.eclipse.birt.chart.model.component.Axis;
import org.eclipse.birt.chart.model.component.Series;
import org.eclipse.birt.chart.model.data.NumberDataElement;
import org.eclipse.birt.chart.model.data.SeriesDefinition;
import org.eclipse.birt.chart.model.type.BarSeries;
import org.eclipse.birt.chart.model.type.LineSeries;
import org.junit.jupiter.api.Test;

import io.sextant.analysis.Results;
import io.sextant.charts.Charts;
import io.sextant.charts.Effect;
import io.sextant.charts.internal.ChartModels;
import io.sextant.charts.internal.ChartEvents;
import io.sextant.charts.internal.Labels;
import io.sextant.charts.internal.ResultShapes;
import io.sextant.model.MatrixResult;
import io.sextant.model.TableResult;

/**
 * Every chart is a BIRT chart model (heatmap, intervals, forest plot included), and the PNG BIRT draws from it
 * shows what it must: heatmap cells coloured by value, intervals that cover 0 when they straddle it.
 */
class ChartModelsTest {

    /** The ends of the heatmap's colour scale and the colour of empty cells. */
    private static final int PALE = rgb(247, 251, 255);
    private static final int DEEP = rgb(8, 48, 107);
    private static final int EMPTY = rgb(238, 238, 238);
    private static final int BAND = rgb(158, 192, 222);
    private static final int ESTIMATE = rgb(70, 120, 170);

    private static MatrixResult retention() {
        List<Double> values = new ArrayList<>(List.of(1.0, 0.62, 0.41, 0.30, 1.0, 0.55, 0.35, Double.NaN, 1.0, 0.48,
                Double.NaN, Double.NaN));
        return Results.matrix("Cohort retention", "", "share", List.of("2026-01-05", "2026-01-12", "2026-01-19"),
                List.of("0", "1", "2", "3"), values);
    }

    @Test
    void heatmapIsAStackedHorizontalBirtChartColouredPerCell() throws IOException {
        Chart chart = ChartModels.of(ResultShapes.chartOf(retention()), 640, 300).orElseThrow();
        ChartWithAxes axes = assertInstanceOf(ChartWithAxes.class, chart);
        assertTrue(axes.isTransposed(), "cohorts are rows");
        assertEquals(ChartEvents.class.getName(), chart.getScript(), "cells are coloured by the Java handler");
        List<Series> series = series(axes);
        assertEquals(4, series.size(), "one series per period");
        for (Series s : series) {
            assertTrue(assertInstanceOf(BarSeries.class, s).isStacked(), "cells are stacked bar segments");
        }

        BufferedImage image = image(Charts.png(retention(), 640, 300), 640, 300, "model-heatmap");
        // without the handler every cell would keep the series' grey: the scale's two ends prove it colours them
        assertTrue(count(image, DEEP) > 200, "the 100% cells are deep blue");
        assertTrue(count(image, EMPTY) > 200, "periods not yet ended are grey");
        assertTrue(distinctBlues(image) >= 5, "the other cells are shaded between: " + distinctBlues(image));
    }

    @Test
    void rankedBarsAreStackedIntervalsWithAnEstimateSeries() throws IOException {
        TableResult table = Results.table("Behaviours", "").text("behaviour", List.of(
                "viewed the pricing page at least three times in the first week after signing up", "invited a teammate"))
                .number("lift", "share", List.of(-0.05, 0.2)).number("lower", "share", List.of(-0.3, 0.0))
                .number("upper", "share", List.of(0.2, 0.4)).build();
        Chart chart = ChartModels.of(ResultShapes.chartOf(table), 700, 260).orElseThrow();
        ChartWithAxes axes = assertInstanceOf(ChartWithAxes.class, chart);
        assertTrue(axes.isTransposed(), "labels on the vertical axis");
        List<Series> series = series(axes);
        assertEquals(5, series.size(), "offset and interval, positive and negative, and the estimate");
        for (int i = 0; i < 4; i++) {
            assertTrue(assertInstanceOf(BarSeries.class, series.get(i)).isStacked());
        }
        assertInstanceOf(LineSeries.class, series.get(4));
        assertEquals(1, axes.getPrimaryOrthogonalAxis(axes.getPrimaryBaseAxes()[0]).getMarkerLines().size(),
                "a line at 0");
        String label = ((Series) axes.getPrimaryBaseAxes()[0].getSeriesDefinitions().get(0).getSeries().get(0))
                .getDataSet().getValues() instanceof String[] labels ? labels[1] : "";
        assertEquals("viewed the pricing page at least three times in the first week after signing up",
                label.replace('\n', ' '), "a long label is wrapped at its words, not cut: " + label);
        assertTrue(label.lines().allMatch(line -> line.length() <= 50), "each line fits: " + label);

        BufferedImage image = image(Charts.png(table, 700, 260), 700, 260, "model-ranked");
        int[][] rows = bandRows(image, BAND);
        assertEquals(2, rows.length, "two interval bands");
        // the second row's interval starts at 0: the first row's interval (−0.3 to 0.2) covers that x
        int zero = rows[1][0];
        assertTrue(rows[0][0] < zero - 20 && rows[0][1] > zero + 20, "the straddling interval covers 0: "
                + rows[0][0] + ".." + rows[0][1] + " around " + zero);
        // lengths follow the values: 0.5 wide against 0.4 wide
        double ratio = (rows[0][1] - rows[0][0]) / (double) (rows[1][1] - rows[1][0]);
        assertEquals(1.25, ratio, 0.1, "interval lengths in proportion");
        assertTrue(count(image, ESTIMATE) > 20, "the estimates are drawn");
    }

    @Test
    void rankedBarsShowTheTopRowsTheirHeightHoldsAndSaySo() {
        List<String> labels = new ArrayList<>();
        List<Double> estimates = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            labels.add((i % 2 == 0 ? "experiment_assigned" : "task_completed") + " at least " + (i + 1)
                    + "× in the first 7 days");
            estimates.add(0.3 - i * 0.01);
        }
        TableResult table = Results.table("Behaviour → outcome", "").text("behaviour", labels)
                .number("difference", "share", estimates)
                .number("lower", "share", estimates.stream().map(e -> e - 0.05).toList())
                .number("upper", "share", estimates.stream().map(e -> e + 0.05).toList()).build();
        int top = Charts.heightForRows(table, 1000, 1.5, 15).orElseThrow();
        Chart chart = ChartModels.of(ResultShapes.chartOf(table), 667, (int) Math.round(top / 1.5)).orElseThrow();
        assertTrue(chart.getTitle().getLabel().getCaption().getValue().endsWith("(top 15 of 25)"),
                chart.getTitle().getLabel().getCaption().getValue());
        String[] shown = categoryLabels(chart);
        assertEquals(15, shown.length, "the top 15 rows");
        assertEquals("experiment_assigned at least 1× in the first 7 days", shown[14].replace('\n', ' '),
                "the best first (BIRT draws bottom-up), wrapped at a space");
        assertTrue(java.util.Arrays.stream(shown).allMatch(l -> l.lines().allMatch(line -> line.length() <= 48)),
                "each label wrapped to the label area: " + List.of(shown));
        int all = Charts.heightForRows(table, 1000, 1.5, 25).orElseThrow();
        assertTrue(all > top, "more rows, a taller chart");
        Chart every = ChartModels.of(ResultShapes.chartOf(table), 667, (int) Math.round(all / 1.5)).orElseThrow();
        assertEquals(25, categoryLabels(every).length);
        assertTrue(!every.getTitle().getLabel().getCaption().getValue().contains(" of 25"), "all rows: no 'top'");
        assertTrue(Charts.heightForRows(Results.table("Plain", "").text("label", List.of("a", "b"))
                .number("users", "users", List.of(1.0, 2.0)).build(), 1000, 1.5, 15).isEmpty(), "plain bars: none");
    }

    private static String[] categoryLabels(Chart chart) {
        Object values = ((Series) ((ChartWithAxes) chart).getPrimaryBaseAxes()[0].getSeriesDefinitions().get(0)
                .getSeries().get(0)).getDataSet().getValues();
        return (String[]) values;
    }

    @Test
    void aLongNameWrapsAtTheWordsInsideItInsteadOfBeingCut() {
        String name = "UsersWhoViewedThreeOrMoreFeaturesInTheirFirstWeekAfterSignup";
        String label = Labels.fit(name, 40, Labels.MAX_LINES);
        assertEquals(name, label.replace("\n", ""), "the whole name, on lines: " + label);
        assertEquals(List.of("UsersWhoViewedThreeOrMoreFeaturesInTheir", "FirstWeekAfterSignup"), label.lines().toList());
        String qualified = Labels.fit("sample.wide." + name + " · tour", 40, Labels.MAX_LINES);
        assertEquals(List.of("sample.wide.UsersWhoViewedThreeOrMore", "FeaturesInTheirFirstWeekAfterSignup ·", "tour"),
                qualified.lines().toList(), "a word boundary inside the name or a space ends each line");
    }

    @Test
    void forestPlotIsABirtChartWithWhiskersOnBothSidesOfZero() throws IOException {
        List<Effect> effects = List.of(new Effect("B vs A", 0.02, 0.004, 0.038), new Effect("C vs A", -0.012, -0.03,
                0.006), new Effect("D vs A", -0.04, -0.06, -0.02));
        Chart chart = ChartModels.of(ResultShapes.forest("Lifts", "share", effects), 600, 240).orElseThrow();
        List<Series> series = series(assertInstanceOf(ChartWithAxes.class, chart));
        assertEquals(5, series.size());
        BufferedImage image = image(Charts.forestPng("Lifts", "share", effects, 600, 240), 600, 240, "model-forest");
        int[][] rows = bandRows(image, rgb(90, 90, 90));
        assertEquals(3, rows.length, "three whiskers");
        // the first row is wholly positive, the third wholly negative, the second straddles between them
        assertTrue(rows[2][1] < rows[0][0], "the negative interval lies left of the positive one");
        assertTrue(rows[1][0] < rows[0][0] && rows[1][1] > rows[2][1], "the straddling one reaches both sides");
    }

    @Test
    void aScaledChartKeepsItsPixelSizeWithLargerTextAndABadScaleIsRefused() throws IOException {
        MatrixResult matrix = retention();
        BufferedImage plain = image(Charts.png(matrix, 640, 300), 640, 300, "scale-1");
        BufferedImage scaled = image(Charts.png(matrix, 640, 300, 2), 640, 300, "scale-2");
        // the same cells with the title and labels twice as tall take room from the grid: fewer grid pixels
        assertTrue(count(scaled, DEEP) < count(plain, DEEP), "larger text leaves less room for the cells");
        IllegalArgumentException bad = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Charts.png(matrix, 640, 300, 10));
        assertTrue(bad.getMessage().contains("scale") && bad.getMessage().contains("10"), bad.getMessage());
    }

    @Test
    void valueAxesRunOnRoundStepsFromZeroWithRoomForLabels() {
        TableResult positive = Results.table("Sizes", "").text("segment", List.of("a", "b", "c"))
                .number("members", "users", List.of(3.0, 47.0, 12.0)).build();
        Axis axis = valueAxis(ChartModels.of(ResultShapes.chartOf(positive), 600, 300).orElseThrow());
        // 0 to 47 and 12% room for the labels: steps of 10 up to 60, starting at 0 (not one step below)
        assertEquals(0, ((NumberDataElement) axis.getScale().getMin()).getValue(), 1e-9);
        assertEquals(60, ((NumberDataElement) axis.getScale().getMax()).getValue(), 1e-9);
        assertEquals(10, axis.getScale().getStep(), 1e-9);

        TableResult mixed = Results.table("Lift", "").text("segment", List.of("a", "b"))
                .number("lift", "share", List.of(-0.687, 2.986)).build();
        axis = valueAxis(ChartModels.of(ResultShapes.chartOf(mixed), 600, 300).orElseThrow());
        double min = ((NumberDataElement) axis.getScale().getMin()).getValue();
        double max = ((NumberDataElement) axis.getScale().getMax()).getValue();
        assertTrue(min < -0.687 - 0.3 && max > 2.986 + 0.3, "room beyond both ends: " + min + " to " + max);
        assertEquals(0, Math.IEEEremainder(min, axis.getScale().getStep()), 1e-9, "0 is a tick");

        // a lift of -86.6 % beside one of +248.4 %: its label needs room beyond -100 %, left of the bar's end,
        // or it is written over the category label
        TableResult halves = Results.table("Out of sample", "").text("segment", List.of("Explorers", "Stuck", "NewUsers"))
                .number("lift, first half", "share", List.of(2.484, -0.866, -0.852)).build();
        axis = valueAxis(ChartModels.of(ResultShapes.chartOf(halves), 667, 240).orElseThrow());
        min = ((NumberDataElement) axis.getScale().getMin()).getValue();
        max = ((NumberDataElement) axis.getScale().getMax()).getValue();
        assertTrue(-0.866 - min >= 0.12 * (2.484 + 0.866), "room for the label left of -86.6 %: " + min + " to " + max);
        TableResult small = Results.table("Lift", "").text("segment", List.of("a", "b"))
                .number("lift", "share", List.of(-0.3, 0.2)).build();
        axis = valueAxis(ChartModels.of(ResultShapes.chartOf(small), 667, 240).orElseThrow());
        assertTrue(((NumberDataElement) axis.getScale().getMin()).getValue() >= -1, "no axis below -100 % without need");
    }

    private static Axis valueAxis(Chart chart) {
        ChartWithAxes axes = (ChartWithAxes) chart;
        return axes.getPrimaryOrthogonalAxis(axes.getPrimaryBaseAxes()[0]);
    }

    private static List<Series> series(ChartWithAxes chart) {
        Axis value = chart.getPrimaryOrthogonalAxis(chart.getPrimaryBaseAxes()[0]);
        List<Series> result = new ArrayList<>();
        for (SeriesDefinition definition : value.getSeriesDefinitions()) {
            result.addAll(definition.getSeries());
        }
        return result;
    }

    /** Horizontal runs of the colour, top to bottom, merged per band: {left, right} of each. */
    private static int[][] bandRows(BufferedImage image, int colour) {
        List<int[]> bands = new ArrayList<>();
        int lastY = -10;
        for (int y = 0; y < image.getHeight(); y++) {
            int left = Integer.MAX_VALUE;
            int right = -1;
            for (int x = 0; x < image.getWidth(); x++) {
                if (close(image.getRGB(x, y), colour)) {
                    left = Math.min(left, x);
                    right = Math.max(right, x);
                }
            }
            if (right - left >= 3) {
                if (y - lastY > 1) {
                    bands.add(new int[] { left, right });
                } else {
                    int[] band = bands.get(bands.size() - 1);
                    band[0] = Math.min(band[0], left);
                    band[1] = Math.max(band[1], right);
                }
                lastY = y;
            }
        }
        return bands.toArray(int[][]::new);
    }

    private static int count(BufferedImage image, int colour) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                n += close(image.getRGB(x, y), colour) ? 1 : 0;
            }
        }
        return n;
    }

    /** Colours with more blue than red by a margin, seen on at least 100 pixels each, grouped coarsely. */
    private static int distinctBlues(BufferedImage image) {
        java.util.Map<Integer, Integer> seen = new java.util.HashMap<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int p = image.getRGB(x, y);
                int r = (p >> 16) & 255;
                int b = p & 255;
                if (b - r > 20) {
                    seen.merge(p & 0xF0F0F0, 1, Integer::sum);
                }
            }
        }
        return (int) seen.values().stream().filter(n -> n >= 100).count();
    }

    private static boolean close(int a, int b) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs(((a >> shift) & 255) - ((b >> shift) & 255)) > 3) {
                return false;
            }
        }
        return true;
    }

    private static int rgb(int r, int g, int b) {
        return (r << 16) | (g << 8) | b;
    }

    private static BufferedImage image(byte[] png, int width, int height, String name) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(width, image.getWidth(), name);
        assertEquals(height, image.getHeight(), name);
        Path out = Path.of("target", "charts");
        Files.createDirectories(out);
        Files.write(out.resolve(name + ".png"), png);
        return image;
    }
}
