package io.sextant.charts.internal;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * A heatmap drawn with Java 2D (BIRT's chart engine has no heatmap type): row labels on the left, column labels
 * on top, each cell shaded on a pale-to-deep-blue scale with its value written in it where it fits, empty
 * cells grey, and a colour key on the right.
 */
final class HeatmapImage {

    private static final int PAD = 10;
    private static final int KEY_WIDTH = 14;

    private HeatmapImage() {
    }

    static BufferedImage draw(ChartSpec.Heatmap heatmap, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            paint(g, heatmap, width, height);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void paint(Graphics2D g, ChartSpec.Heatmap heatmap, int width, int height) {
        double[][] values = heatmap.values();
        int rows = values.length;
        int columns = values[0].length;
        double[] range = range(values);

        Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, 14);
        Font labelFont = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
        g.setFont(titleFont);
        g.setColor(Palette.TEXT);
        int top = PAD + g.getFontMetrics().getAscent();
        g.drawString(TextLayout.fit(g.getFontMetrics(), heatmap.title(), width - 2 * PAD), PAD, top);
        top += PAD;

        g.setFont(labelFont);
        FontMetrics metrics = g.getFontMetrics();
        int labelWidth = 0;
        for (String label : heatmap.rows()) {
            labelWidth = Math.max(labelWidth, metrics.stringWidth(label));
        }
        labelWidth = Math.min(labelWidth, width / 3) + PAD;
        int keyLabelWidth = Math.max(metrics.stringWidth(Formats.number(range[0], heatmap.unit())),
                metrics.stringWidth(Formats.number(range[1], heatmap.unit())));
        int gridLeft = PAD + labelWidth;
        int gridTop = top + metrics.getHeight();
        int gridRight = width - PAD - KEY_WIDTH - 6 - keyLabelWidth - PAD;
        int gridBottom = height - PAD;
        double cellWidth = Math.max(1, (gridRight - gridLeft) / (double) columns);
        double cellHeight = Math.max(1, (gridBottom - gridTop) / (double) rows);

        // column labels: every one that fits without touching the one before
        int lastRight = Integer.MIN_VALUE;
        for (int c = 0; c < columns; c++) {
            String label = heatmap.columns().get(c);
            int center = (int) Math.round(gridLeft + (c + 0.5) * cellWidth);
            int x = center - metrics.stringWidth(label) / 2;
            if (x > lastRight + 4) {
                g.setColor(Palette.MUTED);
                g.drawString(label, x, gridTop - metrics.getDescent() - 2);
                lastRight = x + metrics.stringWidth(label);
            }
        }
        // row labels: every one when they fit, else every k-th
        int every = Math.max(1, (int) Math.ceil(metrics.getHeight() / cellHeight));
        for (int r = 0; r < rows; r += every) {
            g.setColor(Palette.MUTED);
            int baseline = (int) Math.round(gridTop + (r + 0.5) * cellHeight + metrics.getAscent() / 2.0 - 1);
            g.drawString(TextLayout.fit(metrics, heatmap.rows().get(r), labelWidth - PAD), PAD, baseline);
        }
        boolean writeValues = cellWidth >= metrics.stringWidth("100%") + 4 && cellHeight >= metrics.getAscent() + 2;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                int x = (int) Math.round(gridLeft + c * cellWidth);
                int y = (int) Math.round(gridTop + r * cellHeight);
                int w = (int) Math.round(gridLeft + (c + 1) * cellWidth) - x;
                int h = (int) Math.round(gridTop + (r + 1) * cellHeight) - y;
                double value = values[r][c];
                Color fill = Double.isFinite(value) ? Palette.scale(position(value, range)) : Palette.EMPTY;
                g.setColor(fill);
                g.fillRect(x, y, w - 1, h - 1);
                if (writeValues && Double.isFinite(value)) {
                    String text = Formats.number(value, heatmap.unit());
                    g.setColor(Palette.textOn(fill));
                    g.drawString(text, x + (w - metrics.stringWidth(text)) / 2, y + (h + metrics.getAscent()) / 2 - 1);
                }
            }
        }
        // the colour key
        int keyLeft = gridRight + PAD;
        int keyHeight = Math.min(gridBottom - gridTop, 200);
        for (int i = 0; i < keyHeight; i++) {
            g.setColor(Palette.scale(1 - i / (double) Math.max(1, keyHeight - 1)));
            g.fillRect(keyLeft, gridTop + i, KEY_WIDTH, 1);
        }
        g.setColor(Palette.MUTED);
        g.drawString(Formats.number(range[1], heatmap.unit()), keyLeft + KEY_WIDTH + 6, gridTop + metrics.getAscent());
        g.drawString(Formats.number(range[0], heatmap.unit()), keyLeft + KEY_WIDTH + 6, gridTop + keyHeight);
    }

    /**
     * The range the colours span. A first column where every value is the same (a cohort is 100% active in
     * its signup period) is left out, so that it does not wash out the differences the other columns show;
     * its cells get the deepest colour.
     */
    private static double[] range(double[][] values) {
        double[] range = range(values, firstColumnIsConstant(values) && values[0].length > 1 ? 1 : 0);
        return range[0] <= range[1] ? range : range(values, 0);
    }

    private static double[] range(double[][] values, int from) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] row : values) {
            for (int c = from; c < row.length; c++) {
                if (Double.isFinite(row[c])) {
                    min = Math.min(min, row[c]);
                    max = Math.max(max, row[c]);
                }
            }
        }
        return new double[] { min, max };
    }

    private static boolean firstColumnIsConstant(double[][] values) {
        double first = Double.NaN;
        for (double[] row : values) {
            if (Double.isFinite(row[0])) {
                if (Double.isNaN(first)) {
                    first = row[0];
                } else if (row[0] != first) {
                    return false;
                }
            }
        }
        return true;
    }

    private static double position(double value, double[] range) {
        return range[1] > range[0] ? (value - range[0]) / (range[1] - range[0]) : 1;
    }
}
