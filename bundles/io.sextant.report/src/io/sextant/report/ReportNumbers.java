package io.sextant.report;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/**
 * How a report writes a stored number, by its unit: shares as percentages with one decimal, user counts as
 * whole numbers with thousands separators, other values with up to three significant decimals. Public so that
 * tests and other front ends write the same text the report shows.
 */
public final class ReportNumbers {

    /** What a missing value shows. */
    public static final String MISSING = "–";

    private ReportNumbers() {
    }

    public static String format(Double value, String unit) {
        if (value == null || value.isNaN()) {
            return MISSING;
        }
        if (value.isInfinite()) {
            return value > 0 ? "∞" : "-∞";
        }
        if ("share".equals(unit)) {
            return pattern("#,##0.0").format(value * 100) + " %";
        }
        if ("users".equals(unit)) {
            return pattern("#,##0").format(value);
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 1000) {
            return pattern("#,##0").format(value);
        }
        if (magnitude >= 1 || magnitude == 0) {
            return pattern("#,##0.00").format(value);
        }
        return pattern("0.0###").format(value);
    }

    /** The text of a suppressed cell: "< k". */
    public static String suppressed(int minimumCellSize) {
        return "< " + minimumCellSize;
    }

    private static DecimalFormat pattern(String pattern) {
        // a fixed locale: a report reads the same wherever it is rendered
        return new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ENGLISH));
    }
}
