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

    /**
     * The table cut into tables of at most {@code max} columns, each beginning with the first column (the row's
     * label), so that a table wider than the page keeps every number whole instead of squeezing it; the chart
     * and the note stay with the table as a whole, not with its parts.
     */
    public List<ReportTable> columnParts(int max) {
        if (max < 2) {
            throw new IllegalArgumentException("a part needs the label column and at least one more: " + max);
        }
        int columns = headers.size();
        if (columns <= max) {
            return List.of(this);
        }
        List<ReportTable> parts = new java.util.ArrayList<>();
        for (int start = 1; start < columns; start += max - 1) {
            List<Integer> picked = new java.util.ArrayList<>(List.of(0));
            for (int c = start; c < Math.min(columns, start + max - 1); c++) {
                picked.add(c);
            }
            parts.add(new ReportTable(title, description, picked.stream().map(headers::get).toList(),
                    picked.stream().map(numeric::get).toList(),
                    rows.stream().map(row -> picked.stream().map(row::get).toList()).toList(), null, null));
        }
        return parts;
    }

    public ReportTable withChart(byte[] png) {
        return new ReportTable(title, description, headers, numeric, rows, png, note);
    }
}
