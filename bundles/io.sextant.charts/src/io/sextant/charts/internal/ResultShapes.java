package io.sextant.charts.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.sextant.charts.ChartKind;
import io.sextant.charts.Effect;
import io.sextant.model.Column;
import io.sextant.model.MatrixResult;
import io.sextant.model.Result;
import io.sextant.model.SeriesResult;
import io.sextant.model.TableResult;
import io.sextant.model.ValueKind;

/** Picks a result's chart (the rule is documented on {@code Charts}) and takes its values out, checked. */
public final class ResultShapes {

    private ResultShapes() {
    }

    public static Optional<ChartKind> kindOf(Result result) {
        if (result instanceof MatrixResult) {
            return Optional.of(ChartKind.HEATMAP);
        }
        if (result instanceof SeriesResult) {
            return Optional.of(ChartKind.LINE);
        }
        if (result instanceof TableResult table) {
            Column label = firstText(table);
            if (label == null || firstNumber(table) == null) {
                return Optional.empty();
            }
            if (isFunnel(table, label)) {
                return Optional.of(ChartKind.FUNNEL);
            }
            if (isEffects(table)) {
                return Optional.of(ChartKind.FOREST);
            }
            if (intervalColumns(table) != null) {
                return Optional.of(ChartKind.RANKED_BARS);
            }
            return Optional.of(ChartKind.BARS);
        }
        return Optional.empty();
    }

    /** The chart of the result: a spec to draw, or a message saying why there is none. */
    public static ChartSpec chartOf(Result result) {
        String title = result == null || result.getName() == null ? "Result" : result.getName();
        Optional<ChartKind> kind = result == null ? Optional.empty() : kindOf(result);
        if (kind.isEmpty()) {
            return new ChartSpec.Message(title, "This result has no chart: it needs a label column and a number column,"
                    + " a series or a matrix.");
        }
        return switch (kind.get()) {
            case HEATMAP -> heatmap((MatrixResult) result);
            case LINE -> line((SeriesResult) result);
            case FUNNEL -> funnel((TableResult) result);
            case RANKED_BARS -> ranked((TableResult) result);
            case BARS -> bars((TableResult) result);
            case FOREST -> forest(title, ((TableResult) result).getColumns().get(1).getUnit(), effects((TableResult) result));
        };
    }

    /**
     * A table of effects: its first columns are a text label and the numbers estimate, lower and upper (as the
     * experiment analysis' lifts are), drawn as a forest plot.
     */
    private static boolean isEffects(TableResult table) {
        List<Column> columns = table.getColumns();
        return columns.size() >= 4 && columns.get(0).getKind() == ValueKind.TEXT
                && List.of("estimate", "lower", "upper").equals(columns.subList(1, 4).stream()
                        .map(c -> c.getKind() == ValueKind.NUMBER ? c.getName() : "").toList());
    }

    private static List<Effect> effects(TableResult table) {
        List<Column> columns = table.getColumns();
        List<Effect> effects = new ArrayList<>();
        for (int i = 0; i < columns.get(0).getTexts().size(); i++) {
            effects.add(new Effect(columns.get(0).getTexts().get(i), number(columns.get(1), i), number(columns.get(2), i),
                    number(columns.get(3), i)));
        }
        return effects;
    }

    private static double number(Column column, int row) {
        Double value = row < column.getNumbers().size() ? column.getNumbers().get(row) : null;
        return value == null ? Double.NaN : value;
    }

    public static ChartSpec forest(String title, String unit, List<Effect> effects) {
        String name = title == null ? "Effects" : title;
        List<String> labels = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        for (Effect effect : effects == null ? List.<Effect>of() : effects) {
            if (effect != null && Double.isFinite(effect.estimate())) {
                labels.add(effect.label() == null ? "" : effect.label());
                rows.add(new double[] { effect.estimate(), effect.lower(), effect.upper() });
            }
        }
        if (rows.isEmpty()) {
            return new ChartSpec.Message(name, "No effect has an estimate to draw.");
        }
        return new ChartSpec.Bars(ChartKind.FOREST, name, unit, labels, column(rows, 0), column(rows, 1),
                column(rows, 2), null);
    }

    private static ChartSpec heatmap(MatrixResult matrix) {
        int rows = matrix.getRowLabels().size();
        int columns = matrix.getColumnLabels().size();
        if (rows == 0 || columns == 0 || matrix.getValues().size() != rows * columns) {
            return new ChartSpec.Message(matrix.getName(), "The matrix has no cells to draw.");
        }
        double[][] values = new double[rows][columns];
        boolean any = false;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                values[r][c] = value(matrix.getValues().get(r * columns + c));
                any |= Double.isFinite(values[r][c]);
            }
        }
        if (!any) {
            return new ChartSpec.Message(matrix.getName(), "Every cell of the matrix is empty.");
        }
        return new ChartSpec.Heatmap(matrix.getName(), matrix.getUnit(), List.copyOf(matrix.getRowLabels()),
                List.copyOf(matrix.getColumnLabels()), values);
    }

    private static ChartSpec line(SeriesResult series) {
        List<double[]> points = new ArrayList<>();
        boolean intervals = series.getLower().size() == series.getX().size()
                && series.getUpper().size() == series.getX().size() && !series.getX().isEmpty();
        for (int i = 0; i < Math.min(series.getX().size(), series.getY().size()); i++) {
            double x = value(series.getX().get(i));
            double y = value(series.getY().get(i));
            if (Double.isFinite(x) && Double.isFinite(y)) {
                points.add(new double[] { x, y, intervals ? value(series.getLower().get(i)) : Double.NaN,
                        intervals ? value(series.getUpper().get(i)) : Double.NaN });
            }
        }
        if (points.isEmpty()) {
            return new ChartSpec.Message(series.getName(), "The series has no point with a value.");
        }
        return new ChartSpec.Line(series.getName(), series.getXUnit(), series.getYUnit(), column(points, 0),
                column(points, 1), intervals ? column(points, 2) : null, intervals ? column(points, 3) : null);
    }

    private static ChartSpec funnel(TableResult table) {
        Column label = firstText(table);
        Column users = number(table, "users");
        if (users == null) {
            users = firstNumber(table);
        }
        Column conversion = number(table, "conversion from start");
        List<String> labels = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < rowCount(table); i++) {
            double value = value(users.getNumbers().get(i));
            if (Double.isFinite(value)) {
                labels.add(text(label, i));
                rows.add(new double[] { value });
                double share = conversion == null ? Double.NaN : value(conversion.getNumbers().get(i));
                notes.add(Formats.number(value, users.getUnit()) + " " + (users.getUnit() == null ? "" : users.getUnit())
                        + (Double.isFinite(share) ? " · " + Formats.number(share, "share") : ""));
            }
        }
        if (rows.isEmpty()) {
            return new ChartSpec.Message(table.getName(), "No step has a number of users.");
        }
        return new ChartSpec.Bars(ChartKind.FUNNEL, table.getName(), users.getUnit(), labels, column(rows, 0), null,
                null, notes);
    }

    private static ChartSpec ranked(TableResult table) {
        Column[] columns = intervalColumns(table);
        return barsOf(ChartKind.RANKED_BARS, table, columns[0], columns[1], columns[2]);
    }

    private static ChartSpec bars(TableResult table) {
        return barsOf(ChartKind.BARS, table, firstNumber(table), null, null);
    }

    private static ChartSpec barsOf(ChartKind kind, TableResult table, Column estimate, Column lower, Column upper) {
        List<String> labels = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        List<Column> texts = labelColumns(table);
        for (int i = 0; i < rowCount(table); i++) {
            double value = value(estimate.getNumbers().get(i));
            if (Double.isFinite(value)) {
                List<String> parts = new ArrayList<>();
                for (Column text : texts) {
                    parts.add(text(text, i));
                }
                labels.add(String.join(" · ", parts));
                rows.add(new double[] { value, lower == null ? Double.NaN : value(lower.getNumbers().get(i)),
                        upper == null ? Double.NaN : value(upper.getNumbers().get(i)) });
            }
        }
        if (rows.isEmpty()) {
            return new ChartSpec.Message(table.getName(), "No row has a value of '" + estimate.getName() + "'.");
        }
        String title = table.getName() + (kind == ChartKind.RANKED_BARS ? ": " + estimate.getName()
                + " with 95% interval" : ": " + estimate.getName());
        return new ChartSpec.Bars(kind, title, estimate.getUnit(), labels, column(rows, 0),
                lower == null ? null : column(rows, 1), upper == null ? null : column(rows, 2), null);
    }

    /** The estimate with its bounds: a number column followed by "lower"/"upper" or "X lower"/"X upper". */
    static Column[] intervalColumns(TableResult table) {
        List<Column> columns = table.getColumns();
        for (int i = 0; i + 2 < columns.size(); i++) {
            Column estimate = columns.get(i);
            Column lower = columns.get(i + 1);
            Column upper = columns.get(i + 2);
            if (isNumber(estimate) && isNumber(lower) && isNumber(upper)
                    && (lower.getName().equals("lower") || lower.getName().equals(estimate.getName() + " lower"))
                    && (upper.getName().equals("upper") || upper.getName().equals(estimate.getName() + " upper"))) {
                return new Column[] { estimate, lower, upper };
            }
        }
        return null;
    }

    private static boolean isFunnel(TableResult table, Column label) {
        return (table.getName() != null && table.getName().startsWith("Funnel"))
                || ("step".equals(label.getName()) && number(table, "users") != null);
    }

    /** The text columns that name a row: the first, and more while the first alone repeats (segment · metric). */
    private static List<Column> labelColumns(TableResult table) {
        List<Column> texts = table.getColumns().stream()
                .filter(c -> c.getKind() == ValueKind.TEXT && !List.of("warning", "unit", "holds").contains(c.getName()))
                .toList();
        List<Column> result = new ArrayList<>();
        for (Column text : texts) {
            result.add(text);
            if (unique(result, rowCount(table))) {
                break;
            }
        }
        return result;
    }

    private static boolean unique(List<Column> columns, int rows) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < rows; i++) {
            StringBuilder key = new StringBuilder();
            for (Column column : columns) {
                key.append(text(column, i)).append('\u0001');
            }
            if (!seen.add(key.toString())) {
                return false;
            }
        }
        return true;
    }

    private static Column firstText(TableResult table) {
        return table.getColumns().stream().filter(c -> c.getKind() == ValueKind.TEXT).findFirst().orElse(null);
    }

    private static Column firstNumber(TableResult table) {
        return table.getColumns().stream().filter(ResultShapes::isNumber).findFirst().orElse(null);
    }

    private static Column number(TableResult table, String name) {
        return table.getColumns().stream().filter(c -> isNumber(c) && name.equals(c.getName())).findFirst().orElse(null);
    }

    private static boolean isNumber(Column column) {
        return column.getKind() == ValueKind.NUMBER;
    }

    private static int rowCount(TableResult table) {
        int rows = Integer.MAX_VALUE;
        for (Column column : table.getColumns()) {
            rows = Math.min(rows, isNumber(column) ? column.getNumbers().size() : column.getTexts().size());
        }
        return rows == Integer.MAX_VALUE ? 0 : rows;
    }

    private static String text(Column column, int row) {
        String text = row < column.getTexts().size() ? column.getTexts().get(row) : null;
        return text == null ? "" : text;
    }

    private static double value(Double value) {
        return value == null ? Double.NaN : value;
    }

    private static double[] column(List<double[]> rows, int index) {
        double[] values = new double[rows.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = rows.get(i)[index];
        }
        return values;
    }
}
