package io.sextant.analysis;

import java.util.ArrayList;
import java.util.List;

import io.sextant.model.Column;
import io.sextant.model.MatrixResult;
import io.sextant.model.SeriesResult;
import io.sextant.model.SextantFactory;
import io.sextant.model.TableResult;
import io.sextant.model.ValueKind;

/**
 * Builders of an analysis' typed results: tables of text and number columns with units, series with interval
 * bounds, matrices with row and column labels. Missing numbers are null.
 */
public final class Results {

    private Results() {
    }

    public static TableBuilder table(String name, String description) {
        return new TableBuilder(name, description);
    }

    public static SeriesResult series(String name, String description, String xUnit, String yUnit, List<Double> x,
            List<Double> y, List<Double> lower, List<Double> upper) {
        requireSameSize(name, x.size(), y.size());
        SeriesResult series = SextantFactory.eINSTANCE.createSeriesResult();
        series.setName(name);
        series.setDescription(description);
        series.setXUnit(xUnit);
        series.setYUnit(yUnit);
        series.getX().addAll(x);
        series.getY().addAll(y);
        if (lower != null) {
            requireSameSize(name, x.size(), lower.size());
            series.getLower().addAll(lower);
        }
        if (upper != null) {
            requireSameSize(name, x.size(), upper.size());
            series.getUpper().addAll(upper);
        }
        return series;
    }

    /** A matrix; {@code values} row by row (rows × columns of them). */
    public static MatrixResult matrix(String name, String description, String unit, List<String> rowLabels,
            List<String> columnLabels, List<Double> values) {
        requireSameSize(name, rowLabels.size() * columnLabels.size(), values.size());
        MatrixResult matrix = SextantFactory.eINSTANCE.createMatrixResult();
        matrix.setName(name);
        matrix.setDescription(description);
        matrix.setUnit(unit);
        matrix.getRowLabels().addAll(rowLabels);
        matrix.getColumnLabels().addAll(columnLabels);
        matrix.getValues().addAll(values);
        return matrix;
    }

    private static void requireSameSize(String name, int expected, int actual) {
        if (expected != actual) {
            throw new IllegalArgumentException("result '" + name + "': " + actual + " values where " + expected
                    + " were expected");
        }
    }

    /** Builds a table column by column; every column has the same number of rows. */
    public static final class TableBuilder {
        private final TableResult table = SextantFactory.eINSTANCE.createTableResult();
        private int rows = -1;

        private TableBuilder(String name, String description) {
            table.setName(name);
            table.setDescription(description);
        }

        public TableBuilder text(String name, List<String> values) {
            Column column = column(name, ValueKind.TEXT, null, values.size());
            column.getTexts().addAll(values);
            return this;
        }

        public TableBuilder number(String name, String unit, List<Double> values) {
            Column column = column(name, ValueKind.NUMBER, unit, values.size());
            column.getNumbers().addAll(values);
            return this;
        }

        private Column column(String name, ValueKind kind, String unit, int size) {
            if (rows >= 0 && rows != size) {
                throw new IllegalArgumentException("table '" + table.getName() + "': column '" + name + "' has " + size
                        + " rows, the others " + rows);
            }
            rows = size;
            Column column = SextantFactory.eINSTANCE.createColumn();
            column.setName(name);
            column.setKind(kind);
            column.setUnit(unit);
            table.getColumns().add(column);
            return column;
        }

        public TableResult build() {
            return table;
        }
    }

    /** A list of doubles from numbers that may be null. */
    public static List<Double> doubles(List<? extends Number> numbers) {
        List<Double> result = new ArrayList<>(numbers.size());
        for (Number number : numbers) {
            result.add(number == null ? null : number.doubleValue());
        }
        return result;
    }
}
