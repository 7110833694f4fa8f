package io.sextant.charts;

import java.util.List;
import java.util.Optional;

import io.sextant.charts.internal.ChartRenderer;
import io.sextant.charts.internal.ResultShapes;
import io.sextant.model.Result;

/**
 * Charts of stored analysis results as PNG images. The chart is chosen from the result's shape and name:
 * <ul>
 * <li>a {@code MatrixResult} is a {@link ChartKind#HEATMAP};</li>
 * <li>a {@code SeriesResult} is a {@link ChartKind#LINE} (with dashed interval bounds where it has them);</li>
 * <li>a {@code TableResult} whose first text column is "step" and which has a "users" column, or whose name
 * starts with "Funnel", is a {@link ChartKind#FUNNEL};</li>
 * <li>a table with a number column followed by its bounds (columns "lower" and "upper", or "X lower" and
 * "X upper") is {@link ChartKind#RANKED_BARS} of that column, in the table's order (analyses rank their rows);</li>
 * <li>any other table with a text column and a number column is {@link ChartKind#BARS} of the first number
 * column;</li>
 * <li>anything else has no chart.</li>
 * </ul>
 * Data that cannot be drawn (no rows, only missing or NaN values) gives an image that says why, never an
 * exception. The renderer is safe to call from several threads; it starts BIRT's platform on first use.
 */
public final class Charts {

    private Charts() {
    }

    /** The chart the result gets, or empty when it has none. */
    public static Optional<ChartKind> kindOf(Result result) {
        return ResultShapes.kindOf(result);
    }

    /**
     * The result's chart as a PNG of exactly {@code width} × {@code height} pixels; a result without a chart or
     * without drawable values gives an image that says so.
     *
     * @throws IllegalArgumentException if the size is below 50 × 50 pixels
     * @throws IllegalStateException if BIRT's chart engine fails (the message names the chart)
     */
    public static byte[] png(Result result, int width, int height) {
        return ChartRenderer.png(ResultShapes.chartOf(result), width, height, 1);
    }

    /**
     * The result's chart as a PNG of exactly {@code width} × {@code height} pixels whose text, markers and lines
     * are {@code scale} times their size on screen: the chart is laid out as if {@code width / scale} pixels
     * wide and drawn at {@code scale} times 96 dpi. A report printing a 1000 pixel chart 17 cm wide asks for
     * 1.5, so that its 8 pt labels print at about 8 pt rather than 5.
     *
     * @throws IllegalArgumentException if the size is below 50 × 50 pixels or the scale outside 0.5 to 4
     */
    public static byte[] png(Result result, int width, int height, double scale) {
        return ChartRenderer.png(ResultShapes.chartOf(result), width, height, scale);
    }

    /**
     * The height in pixels, at this width and scale, at which the chart of a result drawn as intervals (ranked
     * bars, forest plot) shows its first {@code rows} rows, or all its rows when it has fewer, with their labels
     * wrapped as drawn; empty for a result drawn otherwise. A taller chart shows more rows; a shorter one the first
     * that fit, its title saying how many of how many.
     */
    public static java.util.OptionalInt heightForRows(Result result, int width, double scale, int rows) {
        if (result == null || !(ResultShapes.chartOf(result) instanceof io.sextant.charts.internal.ChartSpec.Bars bars)
                || bars.lower() == null) {
            return java.util.OptionalInt.empty();
        }
        return java.util.OptionalInt.of((int) Math.ceil(ChartRenderer.intervalHeight(bars, (int) Math.round(width / scale),
                Math.max(1, rows)) * scale));
    }

    /**
     * Bars side by side for each label, one colour per series with a legend naming it (the users observed in
     * each variant against the users planned), as a PNG of exactly {@code width} × {@code height} pixels.
     *
     * @param unit   the values' unit as results name units ("share" draws percentages), or null
     * @param series one array per series name, each as long as the labels
     */
    public static byte[] groupedPng(String title, String unit, List<String> labels, List<String> seriesNames,
            List<double[]> series, int width, int height, double scale) {
        if (labels.isEmpty() || series.isEmpty()) {
            return ChartRenderer.png(new io.sextant.charts.internal.ChartSpec.Message(title, "No values to compare."),
                    width, height, scale);
        }
        return ChartRenderer.png(new io.sextant.charts.internal.ChartSpec.Grouped(title, unit, List.copyOf(labels),
                List.copyOf(seriesNames), List.copyOf(series)), width, height, scale);
    }

    /**
     * A forest plot of the effects (one row each, top to bottom, with a line at zero) as a PNG of exactly
     * {@code width} × {@code height} pixels.
     *
     * @param unit the effects' unit as results name units ("share" draws percentages), or null
     */
    public static byte[] forestPng(String title, String unit, List<Effect> effects, int width, int height) {
        return ChartRenderer.png(ResultShapes.forest(title, unit, effects), width, height, 1);
    }

    /** {@link #forestPng(String, String, List, int, int)} with text and lines scaled as {@link #png(Result, int, int, double)} does. */
    public static byte[] forestPng(String title, String unit, List<Effect> effects, int width, int height,
            double scale) {
        return ChartRenderer.png(ResultShapes.forest(title, unit, effects), width, height, scale);
    }
}
