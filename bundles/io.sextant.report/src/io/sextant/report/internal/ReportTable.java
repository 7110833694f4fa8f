package io.sextant.report.internal;

import java.util.List;

/**
 * A table as the report prints it: every cell already formatted (and suppressed or withheld), with an
 * optional chart (PNG) drawn from the same sanitized values.
 *
 * @param numeric which columns hold numbers (right-aligned)
 * @param note    what was suppressed or withheld, or null
 */
public record ReportTable(String title, String description, List<String> headers, List<Boolean> numeric,
        List<List<String>> rows, byte[] chartPng, String note) {

    public ReportTable {
        headers = List.copyOf(headers);
        numeric = List.copyOf(numeric);
        rows = rows.stream().map(List::copyOf).toList();
    }

    public static ReportTable of(String title, String description, List<String> headers, List<List<String>> rows) {
        return new ReportTable(title, description, headers, headers.stream().map(h -> false).toList(), rows, null, null);
    }

    public ReportTable withChart(byte[] png) {
        return new ReportTable(title, description, headers, numeric, rows, png, note);
    }
}
