package io.sextant.charts.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;

import io.sextant.charts.ChartKind;

/**
 * Horizontal bars with interval whiskers (ranked lift) and forest plots, drawn with Java 2D: BIRT's only way to
 * draw a range is its stock series, which it will not lay out horizontally, and long labels (behaviours,
 * paths, comparisons) are only readable on a horizontal chart. Rows go top to bottom in the given order; when
 * they do not all fit, the first ones are shown and the title says how many.
 */
final class IntervalBarsImage {

    private static final int PAD = 10;
    private static final int MIN_ROW = 16;

    private IntervalBarsImage() {
    }

    static BufferedImage draw(ChartSpec.Bars spec, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            paint(g, spec, width, height);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void paint(Graphics2D g, ChartSpec.Bars spec, int width, int height) {
        boolean forest = spec.kind() == ChartKind.FOREST;
        Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, 14);
        Font labelFont = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
        g.setFont(labelFont);
        FontMetrics metrics = g.getFontMetrics();
        int total = spec.labels().size();

        g.setFont(titleFont);
        int titleBaseline = PAD + g.getFontMetrics().getAscent();
        int plotTop = titleBaseline + PAD;
        int plotBottom = height - PAD - metrics.getHeight() - 4;
        int rows = Math.max(1, Math.min(total, (plotBottom - plotTop) / MIN_ROW));
        String title = spec.title() + (rows < total ? " (first " + rows + " of " + total + ")" : "");
        g.setColor(Palette.TEXT);
        g.drawString(TextLayout.fit(g.getFontMetrics(), title, width - 2 * PAD), PAD, titleBaseline);
        g.setFont(labelFont);

        int labelWidth = 0;
        for (int i = 0; i < rows; i++) {
            labelWidth = Math.max(labelWidth, metrics.stringWidth(spec.labels().get(i)));
        }
        labelWidth = Math.min(labelWidth, (int) (width * 0.4));
        int valueWidth = metrics.stringWidth("−100.0%") + 4;
        int plotLeft = PAD + labelWidth + PAD;
        int plotRight = width - PAD - (forest ? 0 : valueWidth);

        double min = 0;
        double max = 0;
        for (int i = 0; i < rows; i++) {
            for (double v : new double[] { spec.values()[i], bound(spec.lower(), i), bound(spec.upper(), i) }) {
                if (Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (max == min) {
            max = min + 1;
        }
        double step = niceStep((max - min) / 5);
        min = Math.floor(min / step) * step;
        max = Math.ceil(max / step) * step;
        final double lo = min;
        final double hi = max;
        java.util.function.DoubleToIntFunction x = v -> (int) Math.round(plotLeft + (v - lo) / (hi - lo)
                * (plotRight - plotLeft));

        // grid and axis labels
        for (double tick = min; tick <= max + step / 2; tick += step) {
            int tx = x.applyAsInt(tick);
            g.setColor(new Color(228, 228, 228));
            g.drawLine(tx, plotTop, tx, plotBottom);
            String text = Formats.number(Math.abs(tick) < step / 1e6 ? 0 : tick, spec.unit());
            g.setColor(Palette.MUTED);
            g.drawString(text, tx - metrics.stringWidth(text) / 2, plotBottom + 4 + metrics.getAscent());
        }
        Stroke plain = g.getStroke();
        g.setColor(Palette.MUTED);
        if (forest) {
            g.setStroke(new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] { 4, 3 }, 0));
        }
        g.drawLine(x.applyAsInt(0), plotTop, x.applyAsInt(0), plotBottom);
        g.setStroke(plain);

        double rowHeight = (plotBottom - plotTop) / (double) rows;
        for (int i = 0; i < rows; i++) {
            int center = (int) Math.round(plotTop + (i + 0.5) * rowHeight);
            g.setColor(Palette.TEXT);
            String label = TextLayout.fit(metrics, spec.labels().get(i), labelWidth);
            g.drawString(label, PAD + labelWidth - metrics.stringWidth(label), center + metrics.getAscent() / 2 - 1);
            double value = spec.values()[i];
            int barHeight = Math.max(4, (int) (rowHeight * 0.6));
            if (!forest) {
                int from = x.applyAsInt(Math.min(0, value));
                int to = x.applyAsInt(Math.max(0, value));
                g.setColor(Palette.BAR);
                g.fillRect(from, center - barHeight / 2, Math.max(1, to - from), barHeight);
            }
            double lower = bound(spec.lower(), i);
            double upper = bound(spec.upper(), i);
            g.setColor(Palette.WHISKER);
            g.setStroke(new BasicStroke(forest ? 2f : 1.2f));
            int cap = Math.max(2, barHeight / 3);
            int left = x.applyAsInt(Double.isFinite(lower) ? lower : value);
            int right = x.applyAsInt(Double.isFinite(upper) ? upper : value);
            g.drawLine(left, center, right, center);
            if (Double.isFinite(lower)) {
                g.drawLine(left, center - cap, left, center + cap);
            }
            if (Double.isFinite(upper)) {
                g.drawLine(right, center - cap, right, center + cap);
            }
            g.setStroke(plain);
            if (forest) {
                int size = Math.max(6, Math.min(10, barHeight / 2));
                g.setColor(Palette.BAR);
                g.fillRect(x.applyAsInt(value) - size / 2, center - size / 2, size, size);
            } else {
                String text = Formats.number(value, spec.unit());
                g.setColor(Palette.TEXT);
                g.drawString(text, Math.max(right, x.applyAsInt(Math.max(0, value))) + 4,
                        center + metrics.getAscent() / 2 - 1);
            }
        }
    }

    private static double bound(double[] bounds, int i) {
        return bounds == null ? Double.NaN : bounds[i];
    }

    /** 1, 2 or 5 times a power of ten, at least the rough step. */
    static double niceStep(double rough) {
        double power = Math.pow(10, Math.floor(Math.log10(rough)));
        for (double factor : new double[] { 1, 2, 5, 10 }) {
            if (factor * power >= rough) {
                return factor * power;
            }
        }
        return 10 * power;
    }
}
