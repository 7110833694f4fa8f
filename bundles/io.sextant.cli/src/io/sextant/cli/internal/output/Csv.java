package io.sextant.cli.internal.output;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;

/**
 * CSV for machines: written by FastCSV (as the data generator writes its files), comma separated, a field quoted
 * where RFC 4180 needs it, lines ended by {@code \n}; numbers plain: no thousands separators, no exponent, a dot
 * as the decimal point, nothing for a missing value.
 */
public final class Csv {

    private Csv() {
    }

    /**
     * A CSV writer onto {@code out}, which stays the caller's: flush the writer when done, do not close it (that
     * would close {@code out}, stdout for most commands).
     */
    public static CsvWriter writer(PrintStream out) {
        return CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(new OutputStreamWriter(out, StandardCharsets.UTF_8));
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
