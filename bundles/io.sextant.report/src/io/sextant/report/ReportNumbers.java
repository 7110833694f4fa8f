package io.sextant.report;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a report writes a stored number, by its kind (its unit, and for p-values its name):
 * <ul>
 * <li>counts (unit "users", or a whole number without a unit) as integers with thousands separators: 351, 1,750;</li>
 * <li>shares (unit "share" or "fraction", a number from 0 to 1) and percentages (unit "%", already times 100)
 * as percentages with one decimal: 20.9 %;</li>
 * <li>p-values (a column or row named "p-value" or "p value") with three decimals, and below 0.001 in scientific
 * notation with two significant digits: 0.431, 3.1e-18 (never "0.0");</li>
 * <li>money (a currency code such as USD) with two decimals and its unit: 44.43 USD;</li>
 * <li>a verdict stored as 1 or 0 (a row named "trustworthy") as yes or no;</li>
 * <li>other values with two decimals from 1 up, up to four below 1, and in scientific notation below 0.001.</li>
 * </ul>
 * Counts inside texts that analyses write ("444770 users are needed in all") get separators too
 * ({@link #countsInText}). Public so that tests and other front ends write the same text the report shows.
 */
public final class ReportNumbers {

    /** What a missing value shows. */
    public static final String MISSING = "–";

    private static final Set<String> MONEY = Set.of("USD", "EUR", "GBP", "JPY", "CHF", "CAD", "AUD", "CNY", "INR",
            "SEK", "NOK", "DKK", "PLN", "BRL", "$", "€", "£");

    /** Named values that are a yes or no, stored as 1 or 0. */
    private static final Set<String> YES_OR_NO = Set.of("trustworthy");

    private ReportNumbers() {
    }

    /** The value by its unit alone (no p-value rule). */
    public static String format(Double value, String unit) {
        return format(value, unit, null);
    }

    /**
     * The value by its kind.
     *
     * @param name the column's name, or the row's label for a table of named values (item, value); may be null
     */
    public static String format(Double value, String unit, String name) {
        if (value == null || value.isNaN()) {
            return MISSING;
        }
        if (value.isInfinite()) {
            return value > 0 ? "∞" : "-∞";
        }
        if (isPValue(name)) {
            return pValue(value);
        }
        if (name != null && YES_OR_NO.contains(name) && (value == 0 || value == 1)) {
            // a verdict stored as 1 or 0 (the experiment's "trustworthy") reads as one
            return value == 1 ? "yes" : "no";
        }
        if ("share".equals(unit) || "fraction".equals(unit)) {
            return pattern("#,##0.0").format(value * 100) + " %";
        }
        if ("%".equals(unit)) {
            return pattern("#,##0.0").format(value) + " %";
        }
        if ("users".equals(unit)) {
            return pattern("#,##0").format(value);
        }
        if (isMoney(unit)) {
            return pattern("#,##0.00").format(value) + " " + unit;
        }
        double magnitude = Math.abs(value);
        if (value == Math.rint(value) && magnitude < 1e15) {
            // a count (users, events, days) reads as a whole number: 351, not 351.00
            return pattern("#,##0").format(value);
        }
        if (magnitude >= 1000) {
            return pattern("#,##0").format(value);
        }
        if (magnitude >= 1) {
            return pattern("#,##0.00").format(value);
        }
        if (magnitude < 0.001) {
            return scientific(value);
        }
        return pattern("0.0###").format(value);
    }

    /** A p-value: 0.431, 0.002, and below 0.001 scientific with two significant digits (3.1e-18). */
    public static String pValue(double p) {
        if (p == 0) {
            return "0";
        }
        if (Math.abs(p) < 0.001) {
            return scientific(p);
        }
        return pattern("0.000").format(p);
    }

    /** Whether a column or row of this name holds p-values. */
    public static boolean isPValue(String name) {
        if (name == null) {
            return false;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.contains("p-value") || lower.contains("p value") || lower.equals("p");
    }

    /** Whether the unit is a currency: its values are money. */
    public static boolean isMoney(String unit) {
        return unit != null && MONEY.contains(unit.strip().toUpperCase(Locale.ROOT));
    }

    private static String scientific(double value) {
        String text = String.format(Locale.ROOT, "%.1e", value); // 3.1e-18
        return text.replaceFirst("e([+-])0*(\\d)", "e$1$2").replace("e+", "e");
    }

    /**
     * A whole number of four digits or more followed by what it counts (users, members, events, rows, sessions,
     * conversions, values, paths), not part of a word, date, hash or decimal.
     */
    private static final Pattern COUNT_IN_TEXT = Pattern.compile("(?<![\\p{L}\\d.,:_/#-])(\\d{4,})(?![\\d.,])"
            + "(?=\\s+(?:users?|members?|events?|rows?|sessions?|conversions?|values?|paths?)\\b)");

    /**
     * A text an analysis wrote, with its counts as the report writes counts: "444770 users are needed in all"
     * reads "444,770 users are needed in all". Only a number followed by what it counts changes: dates, hashes,
     * ids, years and measurements stay as they are.
     */
    public static String countsInText(String text) {
        if (text == null || text.length() < 4) {
            return text;
        }
        Matcher counts = COUNT_IN_TEXT.matcher(text);
        StringBuilder out = new StringBuilder();
        while (counts.find()) {
            counts.appendReplacement(out, pattern("#,##0").format(Long.parseLong(counts.group(1))));
        }
        return counts.appendTail(out).toString();
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
