package io.sextant.charts.internal;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;

/** Draws a chart spec to PNG bytes: bars and lines with BIRT, the heatmap and messages with Java 2D. */
public final class ChartRenderer {

    static final int MIN_SIZE = 50;

    private ChartRenderer() {
    }

    public static byte[] png(ChartSpec spec, int width, int height) {
        if (width < MIN_SIZE || height < MIN_SIZE) {
            throw new IllegalArgumentException("a chart is at least " + MIN_SIZE + " × " + MIN_SIZE + " pixels, not "
                    + width + " × " + height);
        }
        return switch (spec) {
            // BIRT has no heatmap chart type: a grid of shaded cells is drawn directly
            case ChartSpec.Heatmap heatmap -> encode(HeatmapImage.draw(heatmap, width, height));
            case ChartSpec.Message message -> encode(MessageImage.draw(message, width, height));
            // BIRT lays out its range series (stock) only vertically: bars with whiskers are drawn directly
            case ChartSpec.Bars bars when bars.lower() != null -> encode(IntervalBarsImage.draw(bars, width, height));
            case ChartSpec.Bars bars -> BirtCharts.png(BirtCharts.bars(bars), width, height);
            case ChartSpec.Line line -> BirtCharts.png(BirtCharts.line(line), width, height);
        };
    }

    static byte[] encode(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
