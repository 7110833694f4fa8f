package io.sextant.ui.analysis.internal;

import java.util.ArrayList;
import java.util.List;

import io.sextant.model.Column;
import io.sextant.model.MatrixResult;
import io.sextant.model.Result;
import io.sextant.model.SeriesResult;
import io.sextant.model.TableResult;
import io.sextant.model.ValueKind;
import io.sextant.report.ReportNumbers;

/**
 * A result as rows of text for a table: shares as percentages, units in the headers, an estimate's lower and
 * upper bound shown together as one interval column; and as CSV with every raw value.
 */
public final class ResultTable {

    private final List<String> headers = new ArrayList<>();
    private final List<String[]> rows = new ArrayList<>();
    private final List<String> csvHeaders = new ArrayList<>();
    private final List<String[]> csvRows = new ArrayList<>();

    private ResultTable() {
    }

    public List<String> headers() {
        return headers;
    }

    public List<String[]> rows() {
        return rows;
    }

    public static ResultTable of(Result result) {
        ResultTable table = new ResultTable();
        if (result instanceof TableResult t) {
            table.fill(t.getColumns());
        } else if (result instanceof SeriesResult s) {
            table.fillSeries(s);
        } else if (result instanceof MatrixResult m) {
            table.fillMatrix(m);
        }
        return table;
    }

    private void fill(List<Column> columns) {
        int count = columns.stream().mapToInt(c -> c.getKind() == ValueKind.NUMBER ? c.getNumbers().size()
                : c.getTexts().size()).max().orElse(0);
        List<Integer> shown = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            csvHeaders.add(column.getName() + (column.getUnit() == null ? "" : " (" + column.getUnit() + ")"));
            if (isBound(columns, i)) {
                continue;
            }
            shown.add(i);
            headers.add(header(column.getName(), column.getUnit()));
            if (hasInterval(columns, i)) {
                headers.add("95% interval");
            }
        }
        for (int r = 0; r < count; r++) {
            List<String> row = new ArrayList<>();
            for (int i : shown) {
                Column column = columns.get(i);
                row.add(cell(column, r));
                if (hasInterval(columns, i)) {
                    row.add(cell(columns.get(i + 1), r) + " – " + cell(columns.get(i + 2), r));
                }
            }
            rows.add(row.toArray(String[]::new));
            String[] raw = new String[columns.size()];
            for (int i = 0; i < columns.size(); i++) {
                raw[i] = raw(columns.get(i), r);
            }
            csvRows.add(raw);
        }
    }

    private void fillSeries(SeriesResult series) {
        boolean intervals = series.getLower().size() == series.getX().size() && !series.getX().isEmpty();
        headers.add(header(series.getXUnit(), null));
        headers.add(header("value", series.getYUnit()));
        csvHeaders.addAll(List.of(String.valueOf(series.getXUnit()), "value (" + series.getYUnit() + ")"));
        if (intervals) {
            headers.add("95% interval");
            csvHeaders.addAll(List.of("lower", "upper"));
        }
        for (int i = 0; i < series.getX().size(); i++) {
            Double y = i < series.getY().size() ? series.getY().get(i) : null;
            List<String> row = new ArrayList<>(List.of(format(series.getX().get(i), null), format(y, series.getYUnit())));
            List<String> raw = new ArrayList<>(List.of(raw(series.getX().get(i)), raw(y)));
            if (intervals) {
                row.add(format(series.getLower().get(i), series.getYUnit()) + " – "
                        + format(series.getUpper().get(i), series.getYUnit()));
                raw.add(raw(series.getLower().get(i)));
                raw.add(raw(series.getUpper().get(i)));
            }
            rows.add(row.toArray(String[]::new));
            csvRows.add(raw.toArray(String[]::new));
        }
    }

    private void fillMatrix(MatrixResult matrix) {
        headers.add("");
        csvHeaders.add("");
        for (String column : matrix.getColumnLabels()) {
            headers.add(column);
            csvHeaders.add(column);
        }
        int columns = matrix.getColumnLabels().size();
        for (int r = 0; r < matrix.getRowLabels().size(); r++) {
            String[] row = new String[columns + 1];
            String[] raw = new String[columns + 1];
            row[0] = raw[0] = matrix.getRowLabels().get(r);
            for (int c = 0; c < columns; c++) {
                int index = r * columns + c;
                Double value = index < matrix.getValues().size() ? matrix.getValues().get(index) : null;
                row[c + 1] = format(value, matrix.getUnit());
                raw[c + 1] = raw(value);
            }
            rows.add(row);
            csvRows.add(raw);
        }
    }

    /** Every raw value, comma separated, quoted where needed (RFC 4180). */
    public String csv() {
        StringBuilder out = new StringBuilder();
        line(out, csvHeaders.toArray(String[]::new));
        for (String[] row : csvRows) {
            line(out, row);
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String[] cells) {
        for (int i = 0; i < cells.length; i++) {
            String cell = cells[i] == null ? "" : cells[i];
            if (i > 0) {
                out.append(',');
            }
            if (cell.contains(",") || cell.contains("\"") || cell.contains("\n")) {
                out.append('"').append(cell.replace("\"", "\"\"")).append('"');
            } else {
                out.append(cell);
            }
        }
        out.append("\r\n");
    }

    private static boolean hasInterval(List<Column> columns, int i) {
        return i + 2 < columns.size() && columns.get(i).getKind() == ValueKind.NUMBER
                && isLower(columns.get(i), columns.get(i + 1)) && isUpper(columns.get(i), columns.get(i + 2));
    }

    private static boolean isBound(List<Column> columns, int i) {
        return (i >= 1 && hasInterval(columns, i - 1)) || (i >= 2 && hasInterval(columns, i - 2));
    }

    private static boolean isLower(Column estimate, Column column) {
        return column.getKind() == ValueKind.NUMBER
                && (column.getName().equals("lower") || column.getName().equals(estimate.getName() + " lower"));
    }

    private static boolean isUpper(Column estimate, Column column) {
        return column.getKind() == ValueKind.NUMBER
                && (column.getName().equals("upper") || column.getName().equals(estimate.getName() + " upper"));
    }

    private static String header(String name, String unit) {
        String base = name == null ? "" : name;
        return unit == null || unit.isBlank() || unit.equals("share") || unit.equals(base) ? base
                : base + " (" + unit + ")";
    }

    private static String cell(Column column, int row) {
        if (column.getKind() == ValueKind.TEXT) {
            String text = row < column.getTexts().size() ? column.getTexts().get(row) : null;
            return text == null ? "" : text;
        }
        Double value = row < column.getNumbers().size() ? column.getNumbers().get(row) : null;
        return value == null || value.isNaN() ? "" : ReportNumbers.format(value, column.getUnit(), column.getName());
    }

    private static String raw(Column column, int row) {
        if (column.getKind() == ValueKind.TEXT) {
            return row < column.getTexts().size() ? column.getTexts().get(row) : "";
        }
        return raw(row < column.getNumbers().size() ? column.getNumbers().get(row) : null);
    }

    private static String raw(Double value) {
        return value == null || value.isNaN() ? "" : value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString(value.longValue()) : Double.toString(value);
    }

    /**
     * A value as the table shows it: as the playbook report writes it (ReportNumbers: counts with separators,
     * shares as percentages, money with its unit, small p-values in scientific notation), so that a number reads
     * the same in the IDE and in the report; empty when there is none.
     */
    public static String format(Double value, String unit) {
        return value == null || value.isNaN() ? "" : ReportNumbers.format(value, unit);
    }
}
