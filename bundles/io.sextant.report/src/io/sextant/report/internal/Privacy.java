package io.sextant.report.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.eclipse.emf.ecore.util.EcoreUtil;

import io.sextant.model.Column;
import io.sextant.model.MatrixResult;
import io.sextant.model.Result;
import io.sextant.model.SeriesResult;
import io.sextant.model.TableResult;
import io.sextant.model.ValueKind;
import io.sextant.report.ReportNumbers;

/**
 * The report's privacy rules, applied to a copy of each stored result before it is printed or charted:
 * <ul>
 * <li><b>Small cells.</b> A row of a table with a user count (a column of unit "users") from 1 to k − 1 shows
 * every number of the row as "&lt; k", because the row's rates and means describe those few users as well,
 * but for its user counts of k or more (which would read false as "&lt; k"); a count of 0 describes nobody and
 * is shown. A matrix row (a cohort) is suppressed the same way when a table
 * of the same run gives that row's label fewer than k users.</li>
 * <li><b>Personal data.</b> A column named after a PII-flagged property is dropped; a row any of whose texts
 * names a PII-flagged property, or is (or contains as a word) one of its values, is dropped; so are matrix
 * rows and columns labelled that way.</li>
 * </ul>
 * The stored result is never changed.
 */
public final class Privacy {

    private static final Pattern WORDS = Pattern.compile("[\\s,;:|=()\\[\\]{}<>→/\"']+");

    private final int minimumCellSize;
    private final Set<String> piiProperties;
    private final Set<String> piiValues;

    /**
     * @param piiProperties the names of PII-flagged properties (any case)
     * @param piiValues     the values those properties hold in the data
     */
    public Privacy(int minimumCellSize, Set<String> piiProperties, Set<String> piiValues) {
        this.minimumCellSize = minimumCellSize;
        this.piiProperties = piiProperties.stream().map(p -> p.toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toSet());
        this.piiValues = Set.copyOf(piiValues);
    }

    public int minimumCellSize() {
        return minimumCellSize;
    }

    /** A result made safe to show, with the cells shown as "&lt; k" and how many rows were withheld. */
    public record Sanitized(Result result, boolean[][] suppressed, int withheldRows, int withheldColumns, int suppressedRows) {
    }

    /** Whether a text names personal data: a PII property's name or one of its values, as a word or whole. */
    public boolean namesPersonalData(String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        if (piiValues.contains(text.trim())) {
            return true;
        }
        for (String word : WORDS.split(text)) {
            if (!word.isEmpty() && (piiValues.contains(word) || piiProperties.contains(word.toLowerCase(Locale.ROOT)))) {
                return true;
            }
        }
        return false;
    }

    private boolean smallCount(Double users) {
        return users != null && !users.isNaN() && users >= 1 && users < minimumCellSize;
    }

    /** The result made safe; {@code groupSizes} gives users per row label from the run's other tables. */
    public Sanitized sanitize(Result stored, Map<String, Double> groupSizes) {
        Result copy = EcoreUtil.copy(stored);
        if (copy instanceof TableResult table) {
            return sanitizeTable(table);
        }
        if (copy instanceof MatrixResult matrix) {
            return sanitizeMatrix(matrix, groupSizes);
        }
        return new Sanitized(copy, new boolean[0][0], 0, 0, 0);
    }

    private Sanitized sanitizeTable(TableResult table) {
        int withheldColumns = 0;
        for (Column column : new ArrayList<>(table.getColumns())) {
            if (piiProperties.contains(column.getName().toLowerCase(Locale.ROOT)) || namesPersonalData(column.getName())) {
                table.getColumns().remove(column);
                withheldColumns++;
            }
        }
        int rows = rowCount(table);
        List<Integer> keep = new ArrayList<>();
        for (int row = 0; row < rows; row++) {
            boolean personal = false;
            for (Column column : table.getColumns()) {
                if (column.getKind() == ValueKind.TEXT && row < column.getTexts().size()
                        && namesPersonalData(column.getTexts().get(row))) {
                    personal = true;
                }
            }
            if (!personal) {
                keep.add(row);
            }
        }
        for (Column column : table.getColumns()) {
            if (column.getKind() == ValueKind.TEXT) {
                List<String> kept = keep.stream().map(i -> i < column.getTexts().size() ? column.getTexts().get(i) : null).toList();
                column.getTexts().clear();
                column.getTexts().addAll(kept);
            } else {
                List<Double> kept = keep.stream().map(i -> i < column.getNumbers().size() ? column.getNumbers().get(i) : null).toList();
                column.getNumbers().clear();
                column.getNumbers().addAll(kept);
            }
        }
        boolean[][] suppressed = new boolean[keep.size()][table.getColumns().size()];
        int suppressedRows = 0;
        for (int row = 0; row < keep.size(); row++) {
            boolean small = false;
            for (Column column : table.getColumns()) {
                if (column.getKind() == ValueKind.NUMBER && "users".equals(column.getUnit()) && smallCount(column.getNumbers().get(row))) {
                    small = true;
                }
            }
            if (small) {
                suppressedRows++;
                for (int c = 0; c < table.getColumns().size(); c++) {
                    Column column = table.getColumns().get(c);
                    // a count of k users or more describes no few users and stays: "< k" would be false there
                    // (a path of 63 users of whom fewer than k reached the outcome read "< 10 users")
                    boolean largeCount = "users".equals(column.getUnit()) && !smallCount(column.getNumbers().get(row));
                    if (column.getKind() == ValueKind.NUMBER && !largeCount) {
                        column.getNumbers().set(row, null); // charts then draw nothing for it
                        suppressed[row][c] = true;
                    }
                }
            }
        }
        return new Sanitized(table, suppressed, rows - keep.size(), withheldColumns, suppressedRows);
    }

    private Sanitized sanitizeMatrix(MatrixResult matrix, Map<String, Double> groupSizes) {
        int columns = matrix.getColumnLabels().size();
        List<String> rowLabels = new ArrayList<>(matrix.getRowLabels());
        List<Double> values = new ArrayList<>(matrix.getValues());
        List<Integer> keepColumns = new ArrayList<>();
        for (int c = 0; c < columns; c++) {
            if (!namesPersonalData(matrix.getColumnLabels().get(c))) {
                keepColumns.add(c);
            }
        }
        List<String> keptRows = new ArrayList<>();
        List<Double> keptValues = new ArrayList<>();
        List<boolean[]> suppressed = new ArrayList<>();
        int suppressedRows = 0;
        for (int r = 0; r < rowLabels.size(); r++) {
            if (namesPersonalData(rowLabels.get(r))) {
                continue;
            }
            boolean small = smallCount(groupSizes.get(rowLabels.get(r)));
            if (small) {
                suppressedRows++;
            }
            keptRows.add(rowLabels.get(r));
            boolean[] mask = new boolean[keepColumns.size()];
            for (int i = 0; i < keepColumns.size(); i++) {
                keptValues.add(small ? null : values.get(r * columns + keepColumns.get(i)));
                mask[i] = small;
            }
            suppressed.add(mask);
        }
        List<String> keptColumnLabels = keepColumns.stream().map(matrix.getColumnLabels()::get).toList();
        int withheldRows = rowLabels.size() - keptRows.size();
        matrix.getRowLabels().clear();
        matrix.getRowLabels().addAll(keptRows);
        matrix.getColumnLabels().clear();
        matrix.getColumnLabels().addAll(keptColumnLabels);
        matrix.getValues().clear();
        matrix.getValues().addAll(keptValues);
        return new Sanitized(matrix, suppressed.toArray(boolean[][]::new), withheldRows, columns - keepColumns.size(), suppressedRows);
    }

    /** Users per row label from a run's tables (first text column → first "users" column), for matrices. */
    public static Map<String, Double> groupSizes(List<? extends Result> results) {
        Map<String, Double> sizes = new HashMap<>();
        for (Result result : results) {
            if (result instanceof TableResult table) {
                Column label = table.getColumns().stream().filter(c -> c.getKind() == ValueKind.TEXT).findFirst().orElse(null);
                Column users = table.getColumns().stream()
                        .filter(c -> c.getKind() == ValueKind.NUMBER && "users".equals(c.getUnit())).findFirst().orElse(null);
                if (label != null && users != null) {
                    for (int i = 0; i < Math.min(label.getTexts().size(), users.getNumbers().size()); i++) {
                        sizes.putIfAbsent(label.getTexts().get(i), users.getNumbers().get(i));
                    }
                }
            }
        }
        return sizes;
    }

    /** The report's table of a sanitized result (series and matrices as rows too). */
    public ReportTable table(Result stored, Sanitized sanitized) {
        String suppressedText = ReportNumbers.suppressed(minimumCellSize);
        List<String> headers = new ArrayList<>();
        List<Boolean> numeric = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        Result result = sanitized.result();
        if (result instanceof TableResult table) {
            for (Column column : table.getColumns()) {
                headers.add(header(column.getName(), column.getUnit()));
                numeric.add(column.getKind() == ValueKind.NUMBER);
            }
            int count = rowCount(table);
            // a table of named values (item, value, note) holds quantities of different kinds: the row's label
            // names each value's kind (a p-value among counts)
            Column rowLabel = table.getColumns().stream().filter(c -> c.getKind() == ValueKind.TEXT).findFirst()
                    .filter(c -> "item".equals(c.getName())).orElse(null);
            // a table of several metrics names each row's unit in a text column "unit" (USD, share of users)
            Column rowUnit = table.getColumns().stream().filter(c -> c.getKind() == ValueKind.TEXT
                    && "unit".equals(c.getName())).findFirst().orElse(null);
            for (int row = 0; row < count; row++) {
                List<String> cells = new ArrayList<>();
                for (int c = 0; c < table.getColumns().size(); c++) {
                    Column column = table.getColumns().get(c);
                    if (sanitized.suppressed()[row][c]) {
                        cells.add(suppressedText);
                    } else if (column.getKind() == ValueKind.TEXT) {
                        String text = row < column.getTexts().size() ? column.getTexts().get(row) : null;
                        cells.add(text == null ? ReportNumbers.MISSING : ReportNumbers.countsInText(text));
                    } else {
                        String name = rowLabel != null && row < rowLabel.getTexts().size() ? rowLabel.getTexts().get(row)
                                : column.getName();
                        cells.add(ReportNumbers.format(column.getNumbers().get(row), unit(column, rowUnit, row), name));
                    }
                }
                rows.add(cells);
            }
        } else if (result instanceof MatrixResult matrix) {
            headers.add("");
            numeric.add(false);
            for (String label : matrix.getColumnLabels()) {
                headers.add(label);
                numeric.add(true);
            }
            int columns = matrix.getColumnLabels().size();
            for (int r = 0; r < matrix.getRowLabels().size(); r++) {
                List<String> cells = new ArrayList<>();
                cells.add(matrix.getRowLabels().get(r));
                for (int c = 0; c < columns; c++) {
                    cells.add(sanitized.suppressed()[r][c] ? suppressedText
                            : ReportNumbers.format(matrix.getValues().get(r * columns + c), matrix.getUnit()));
                }
                rows.add(cells);
            }
        } else if (result instanceof SeriesResult series) {
            boolean bounds = series.getLower().size() == series.getX().size() && !series.getLower().isEmpty();
            // the x axis is named by its unit (week, step), not "x (week)"
            headers.add(series.getXUnit() == null || series.getXUnit().isBlank() ? "x" : series.getXUnit());
            headers.add(header("value", series.getYUnit()));
            numeric.add(true);
            numeric.add(true);
            if (bounds) {
                headers.add(header("lower", series.getYUnit()));
                headers.add(header("upper", series.getYUnit()));
                numeric.add(true);
                numeric.add(true);
            }
            for (int i = 0; i < series.getX().size(); i++) {
                List<String> cells = new ArrayList<>();
                Double x = series.getX().get(i);
                // positions (day 3, step 2) read as whole numbers
                cells.add(x != null && x == Math.rint(x) && !"share".equals(series.getXUnit())
                        ? Long.toString(x.longValue()) : ReportNumbers.format(x, series.getXUnit()));
                cells.add(ReportNumbers.format(series.getY().get(i), series.getYUnit()));
                if (bounds) {
                    cells.add(ReportNumbers.format(series.getLower().get(i), series.getYUnit()));
                    cells.add(ReportNumbers.format(series.getUpper().get(i), series.getYUnit()));
                }
                rows.add(cells);
            }
        }
        List<String> notes = new ArrayList<>();
        if (sanitized.suppressedRows() > 0) {
            notes.add(sanitized.suppressedRows() + (sanitized.suppressedRows() == 1 ? " row describes" : " rows describe")
                    + " fewer than " + minimumCellSize + " users: shown as " + suppressedText);
        }
        if (sanitized.withheldRows() > 0 || sanitized.withheldColumns() > 0) {
            notes.add((sanitized.withheldRows() + sanitized.withheldColumns()) + " rows or columns naming personal data withheld");
        }
        String name = stored.getName() == null ? "Result" : stored.getName();
        return new ReportTable(name, ReportNumbers.countsInText(stored.getDescription()), headers, numeric, rows, null,
                notes.isEmpty() ? null : String.join("; ", notes) + ".");
    }

    /**
     * The unit of a number cell: the column's, or for a column without one the row's (a text column "unit" of
     * money or shares), so that a mean of USD reads "2.00 USD" and a rate "15.0 %".
     */
    private static String unit(Column column, Column rowUnit, int row) {
        if (column.getUnit() != null && !column.getUnit().isEmpty() || rowUnit == null || row >= rowUnit.getTexts().size()
                || ReportNumbers.isPValue(column.getName()) || "theta".equals(column.getName())) {
            return column.getUnit();
        }
        String unit = rowUnit.getTexts().get(row);
        if (ReportNumbers.isMoney(unit)) {
            return unit;
        }
        return unit != null && unit.startsWith("share") ? "share" : column.getUnit();
    }

    private static String header(String name, String unit) {
        // shares, percentages, counts and money say their kind in every cell
        if (unit == null || unit.isEmpty() || "share".equals(unit) || "users".equals(unit) || "%".equals(unit)
                || "fraction".equals(unit) || ReportNumbers.isMoney(unit) || unit.equals(name)) {
            return name;
        }
        return name + " (" + unit + ")";
    }

    private static int rowCount(TableResult table) {
        int rows = 0;
        for (Column column : table.getColumns()) {
            rows = Math.max(rows, column.getKind() == ValueKind.TEXT ? column.getTexts().size() : column.getNumbers().size());
        }
        return rows;
    }
}
