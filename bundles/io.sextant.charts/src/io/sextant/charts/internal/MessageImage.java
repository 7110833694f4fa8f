package io.sextant.charts.internal;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** An image with a title and why there is no chart, in place of a chart that cannot be drawn. */
final class MessageImage {

    private MessageImage() {
    }

    static BufferedImage draw(ChartSpec.Message message, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(java.awt.Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Palette.TEXT);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            g.drawString(message.title(), 12, 24);
            g.setColor(Palette.MUTED);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            TextLayout.wrap(g, message.message(), 12, 48, width - 24);
        } finally {
            g.dispose();
        }
        return image;
    }
}
