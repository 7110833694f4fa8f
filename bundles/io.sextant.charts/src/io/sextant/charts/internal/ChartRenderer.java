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

    public static byte[] png(ChartSpec spec, int width, int height) {
        if (width < MIN_SIZE || height < MIN_SIZE) {
            throw new IllegalArgumentException("a chart is at least " + MIN_SIZE + " × " + MIN_SIZE + " pixels, not "
                    + width + " × " + height);
        }
        if (spec instanceof ChartSpec.Message message) {
            return encode(MessageImage.draw(message, width, height));
        }
        return BirtCharts.png(ChartModels.of(spec, width, height).orElseThrow(), width, height);
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
