package io.sextant.charts.internal;

import java.awt.FontMetrics;
import java.awt.Graphics2D;

/** Java 2D text helpers: wrapping to a width. */
final class TextLayout {

    private TextLayout() {
    }

    /** Draws the text wrapped at words within the width; returns the y below the last line. */
    static int wrap(Graphics2D g, String text, int x, int y, int width) {
        FontMetrics metrics = g.getFontMetrics();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            String candidate = line.isEmpty() ? word : line + " " + word;
            if (metrics.stringWidth(candidate) > width && !line.isEmpty()) {
                g.drawString(line.toString(), x, y);
                y += metrics.getHeight();
                line.setLength(0);
                line.append(word);
            } else {
                line.setLength(0);
                line.append(candidate);
            }
        }
        if (!line.isEmpty()) {
            g.drawString(line.toString(), x, y);
            y += metrics.getHeight();
        }
        return y;
    }
}
