package io.sextant.cli.internal.output;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.List;

/**
 * CSV as RFC 4180 writes it: comma separated, a field quoted when it holds a comma, a quote or a line break
 * (quotes doubled), lines ended by CRLF-free {@code \n}. Numbers are written plainly for machines: no thousands
 * separators, no exponent, a dot as the decimal point, nothing for a missing value.
 */
public final class Csv {

    private Csv() {
    }

    public static void row(PrintStream out, List<String> fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(field(fields.get(i)));
        }
        out.print(line.append('\n'));
    }

    public static String field(String text) {
        if (text == null) {
            return "";
        }
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0
                && (text.isEmpty() || !Character.isWhitespace(text.charAt(0)))) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }

    /** A number as a CSV field: 470, 0.25, -3.5; empty for a missing or non-finite value. */
    public static String number(Double value) {
        if (value == null || value.isNaN() || value.isInfinite()) {
            return "";
        }
        return plain(value.doubleValue());
    }

    public static String plain(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
