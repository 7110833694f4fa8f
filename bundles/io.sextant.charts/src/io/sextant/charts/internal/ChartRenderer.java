package io.sextant.charts.internal;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;

/** Draws a chart spec to PNG bytes: every chart with BIRT's chart engine, a message (no chart) with Java 2D. */
public final class ChartRenderer {

    static final int MIN_SIZE = 50;

    private ChartRenderer() {
    }

    public static byte[] png(ChartSpec spec, int width, int height, double scale) {
        if (width < MIN_SIZE || height < MIN_SIZE) {
            throw new IllegalArgumentException("a chart is at least " + MIN_SIZE + " × " + MIN_SIZE + " pixels, not "
                    + width + " × " + height);
        }
        if (!(scale >= 0.5 && scale <= 4)) {
            throw new IllegalArgumentException("a chart's scale is from 0.5 to 4, not " + scale);
        }
        if (spec instanceof ChartSpec.Message message) {
            return encode(MessageImage.draw(message, width, height));
        }
        // the model is laid out at the size the chart has on a 96 dpi screen; BIRT draws it at scale × 96 dpi
        int layoutWidth = (int) Math.round(width / scale);
        int layoutHeight = (int) Math.round(height / scale);
        return BirtCharts.png(ChartModels.of(spec, layoutWidth, layoutHeight).orElseThrow(), width, height, scale);
    }

    /** The height (at scale 1) at which an interval chart of this layout width shows its first rows. */
    public static int intervalHeight(ChartSpec.Bars spec, int layoutWidth, int rows) {
        return IntervalChart.height(spec, layoutWidth, rows);
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
