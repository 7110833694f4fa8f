package io.sextant.charts.internal;

import java.awt.FontMetrics;
import java.awt.Graphics2D;

/** Java 2D text helpers: wrapping and shortening to a width. */
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

    /** The text, cut with an ellipsis to fit the width. */
    static String fit(FontMetrics metrics, String text, int width) {
        if (metrics.stringWidth(text) <= width) {
            return text;
        }
        String cut = text;
        while (!cut.isEmpty() && metrics.stringWidth(cut + "…") > width) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + "…";
    }
}
