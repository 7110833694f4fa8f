package io.sextant.charts.internal;

import java.util.Locale;

/** Numbers as the charts label them: shares as percentages, counts with separators, others with 3 digits. */
public final class Formats {

    private Formats() {
    }

    public static String number(double value, String unit) {
        if (!Double.isFinite(value)) {
            return "–";
        }
        if ("share".equals(unit)) {
            return String.format(Locale.ROOT, Math.abs(value) < 0.1 ? "%.1f%%" : "%.0f%%", value * 100);
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.format(Locale.ENGLISH, "%,d", (long) value);
        }
        return String.format(Locale.ENGLISH, "%,.3g", value);
    }

    /** BIRT's pattern for axis and data labels of values in this unit. */
    public static String pattern(String unit) {
        return "share".equals(unit) ? "0%" : "#,##0.###";
    }
}
