package io.sextant.charts.internal;

import java.awt.Color;

/** The charts' colours: one blue for data, greys for whiskers and text, a sequential scale for the heatmap. */
final class Palette {

    static final Color BAR = new Color(70, 120, 170);
    static final Color WHISKER = new Color(40, 40, 40);
    static final Color BOUND = new Color(120, 160, 200);
    static final Color TEXT = new Color(30, 30, 30);
    static final Color MUTED = new Color(110, 110, 110);
    static final Color EMPTY = new Color(238, 238, 238);

    /** From a pale to a deep blue (ColorBrewer "Blues", readable in greyscale), at t in [0, 1]. */
    private static final Color[] SCALE = { new Color(247, 251, 255), new Color(198, 219, 239),
            new Color(107, 174, 214), new Color(33, 113, 181), new Color(8, 48, 107) };

    private Palette() {
    }

    static Color scale(double t) {
        double clamped = Math.max(0, Math.min(1, t)) * (SCALE.length - 1);
        int index = Math.min(SCALE.length - 2, (int) Math.floor(clamped));
        double f = clamped - index;
        Color a = SCALE[index];
        Color b = SCALE[index + 1];
        return new Color((int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
                (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
                (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
    }

    /** Black or white, whichever reads better on the colour. */
    static Color textOn(Color background) {
        double luminance = 0.2126 * background.getRed() + 0.7152 * background.getGreen() + 0.0722 * background.getBlue();
        return luminance > 140 ? TEXT : Color.WHITE;
    }
}
