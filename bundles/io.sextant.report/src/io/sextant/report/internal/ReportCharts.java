package io.sextant.report.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.sextant.analysis.Results;
import io.sextant.charts.ChartKind;
import io.sextant.charts.Charts;
import io.sextant.model.Column;
import io.sextant.model.Result;
import io.sextant.model.SeriesResult;
import io.sextant.model.TableResult;
import io.sextant.model.ValueKind;

/**
 * Which result gets which chart in a report: each chart answers one question, with names rather than indices,
 * and a result that a table says better gets none.
 * <ul>
 * <li>A table of named values of different kinds (a first text column "item": a p-value, a chi-square, a count
 * and alpha) gets no chart: one axis cannot hold them.</li>
 * <li>A table with fewer than two rows to draw gets no chart: one bar compares nothing; nor do bars that are all
 * of one length.</li>
 * <li>A table of users observed against users expected (columns "users" and "expected users", the sample ratio
 * check) gets bars of the observed beside the planned users per row.</li>
 * <li>A series over steps (unit "step") whose run has a table naming the steps (a text column "step" with as many
 * rows) becomes a table of the step names (the funnel's events) with the series' values and bounds.</li>
 * <li>Bar charts are as tall as their rows need, so that a chart of three bars does not take half a page; a chart
 * of intervals shows at most the top {@link #RANKED_ROWS} rows, each label wrapped onto its lines, and says "top
 * 15 of 25" in its title when it has more.</li>
 * </ul>
 */
public final class ReportCharts {

    private ReportCharts() {
    }

    /** The result with names in place of indices where its run names them; else the result itself. */
    static Result withNames(Result result, List<? extends Result> run) {
        if (!(result instanceof SeriesResult series) || !"step".equals(series.getXUnit())) {
            return result;
        }
        for (Result other : run) {
            if (other instanceof TableResult table) {
                Column step = ReportModelBuilder.column(table, "step");
                if (step != null && step.getKind() == ValueKind.TEXT && step.getTexts().size() == series.getX().size()) {
                    boolean bounds = series.getLower().size() == series.getX().size()
                            && series.getUpper().size() == series.getX().size();
                    String value = "share".equals(series.getYUnit()) ? "conversion from start" : "value";
                    Results.TableBuilder builder = Results.table(series.getName(), series.getDescription())
                            .text("step", List.copyOf(step.getTexts()))
                            .number(value, series.getYUnit(), List.copyOf(series.getY()));
                    if (bounds) {
                        builder.number("lower", series.getYUnit(), List.copyOf(series.getLower()))
                                .number("upper", series.getYUnit(), List.copyOf(series.getUpper()));
                    }
                    return builder.build();
                }
            }
        }
        return result;
    }

    /** The chart of a sanitized result as a PNG, or null when it gets none. */
    public static byte[] chart(Result result) {
        result = withRowUnit(result);
        Optional<ChartKind> kind = Charts.kindOf(result);
        if (kind.isEmpty()) {
            return null;
        }
        if (result instanceof TableResult table) {
            Column first = table.getColumns().stream().filter(c -> c.getKind() == ValueKind.TEXT).findFirst().orElse(null);
            if (first != null && "item".equals(first.getName())) {
                return null;
            }
            if (drawableRows(table) < 2) {
                return null;
            }
            Column firstHalf = ReportModelBuilder.column(table, "lift, first half");
            Column secondHalf = ReportModelBuilder.column(table, "lift, second half");
            if (first != null && firstHalf != null && secondHalf != null) {
                return liftOnEachHalf(table, first, firstHalf, secondHalf);
            }
            Column users = ReportModelBuilder.column(table, "users");
            Column expected = ReportModelBuilder.column(table, "expected users");
            if (users != null && expected != null && first != null) {
                return observedAgainstPlanned(table, first, users, expected);
            }
            if (kind.get() == ChartKind.BARS && drawnValues(table).distinct().count() == 1) {
                // bars all of one length (the power's baseline, the same for every variant) say nothing
                return null;
            }
            if (kind.get() == ChartKind.FUNNEL && ReportModelBuilder.column(table, "lower") != null
                    && ReportModelBuilder.column(table, "users") == null) {
                // the conversion at each named step with its interval: ranked bars, not a second funnel
                TableResult copy = org.eclipse.emf.ecore.util.EcoreUtil.copy(table);
                copy.setName("Conversion by step");
                return Charts.png(copy, ReportModelBuilder.CHART_WIDTH, barsHeight(drawableRows(table)),
                        ReportModelBuilder.CHART_SCALE);
            }
            if (kind.get() == ChartKind.RANKED_BARS || kind.get() == ChartKind.FOREST) {
                // as tall as the top rows need with their labels wrapped; the title says "top 15 of 25" when cut
                int height = Math.max(MIN_HEIGHT, Charts.heightForRows(result, ReportModelBuilder.CHART_WIDTH,
                        ReportModelBuilder.CHART_SCALE, RANKED_ROWS).orElse(barsHeight(drawableRows(table))));
                return Charts.png(result, ReportModelBuilder.CHART_WIDTH, height, ReportModelBuilder.CHART_SCALE);
            }
            if (kind.get() != ChartKind.FUNNEL) {
                int height = barsHeight(drawableRows(table));
                return Charts.png(result, ReportModelBuilder.CHART_WIDTH, height, ReportModelBuilder.CHART_SCALE);
            }
            return Charts.png(result, ReportModelBuilder.CHART_WIDTH, barsHeight(drawableRows(table) + 1),
                    ReportModelBuilder.CHART_SCALE);
        }
        return Charts.png(result, ReportModelBuilder.CHART_WIDTH, result instanceof SeriesResult
                ? ReportModelBuilder.LINE_CHART_HEIGHT : ReportModelBuilder.CHART_HEIGHT, ReportModelBuilder.CHART_SCALE);
    }

    /**
     * The most rows a chart of intervals (ranked bars, forest plot) shows in a report: the top of the ranking,
     * the table below it has every row.
     */
    public static final int RANKED_ROWS = 15;

    /** The least height of a chart, in pixels. */
    static final int MIN_HEIGHT = 240;

    /** Pixels for a bar chart of this many rows: room for title and axis, and a bar (or two label lines) each. */
    static int barsHeight(int rows) {
        return Math.max(MIN_HEIGHT, Math.min(ReportModelBuilder.CHART_HEIGHT, 130 + 48 * rows));
    }

    /**
     * Pixels for bars side by side (observed against planned) of this many bars: a group of bars per label, a
     * legend below; 12 variants' 24 bars need more than a chart of one bar per row.
     */
    static int groupedHeight(int bars) {
        return Math.max(MIN_HEIGHT, Math.min(1000, 160 + 36 * bars));
    }

    private static byte[] observedAgainstPlanned(TableResult table, Column label, Column users, Column expected) {
        List<String> labels = new ArrayList<>();
        List<Double> observed = new ArrayList<>();
        List<Double> planned = new ArrayList<>();
        for (int i = 0; i < label.getTexts().size(); i++) {
            labels.add(label.getTexts().get(i));
            observed.add(i < users.getNumbers().size() ? users.getNumbers().get(i) : null);
            planned.add(i < expected.getNumbers().size() ? expected.getNumbers().get(i) : null);
        }
        return Charts.groupedPng(table.getName() + ": users observed against planned", "users", labels,
                List.of("observed", "planned"), List.of(array(observed), array(planned)), ReportModelBuilder.CHART_WIDTH,
                groupedHeight(2 * labels.size()), ReportModelBuilder.CHART_SCALE);
    }

    /**
     * The out-of-sample table (segment value): the lift on the first half beside the lift on the second, per
     * segment (and metric, when there are several), so that a lift that holds reads as two bars on one side. At
     * most {@link #RANKED_ROWS} rows, in the table's order; the title says how many of how many when cut.
     */
    private static byte[] liftOnEachHalf(TableResult table, Column label, Column firstHalf, Column secondHalf) {
        Column metric = ReportModelBuilder.column(table, "metric");
        boolean severalMetrics = metric != null && metric.getTexts().stream().distinct().count() > 1;
        int rows = label.getTexts().size();
        int shown = Math.min(rows, RANKED_ROWS);
        List<String> labels = new ArrayList<>();
        double[] first = new double[shown];
        double[] second = new double[shown];
        for (int i = 0; i < shown; i++) {
            labels.add(label.getTexts().get(i) + (severalMetrics ? " · " + metric.getTexts().get(i) : ""));
            first[i] = i < firstHalf.getNumbers().size() && firstHalf.getNumbers().get(i) != null
                    ? firstHalf.getNumbers().get(i) : Double.NaN;
            second[i] = i < secondHalf.getNumbers().size() && secondHalf.getNumbers().get(i) != null
                    ? secondHalf.getNumbers().get(i) : Double.NaN;
        }
        String title = table.getName() + ": lift on each half" + (shown < rows ? " (first " + shown + " of " + rows + ")" : "");
        return Charts.groupedPng(title, "share", labels, List.of("first half", "second half"), List.of(first, second),
                ReportModelBuilder.CHART_WIDTH, groupedHeight(2 * shown), ReportModelBuilder.CHART_SCALE);
    }

    private static double[] array(List<Double> values) {
        return values.stream().mapToDouble(v -> v == null ? Double.NaN : v).toArray();
    }

    /**
     * A table whose rows name one money unit or share in a text column "unit" (the segment value table: means of
     * USD), with that unit on its number columns that have none, so that its chart labels read "44.43", "USD"
     * on the axis, as the table does, not "44.426"; any other result as it is.
     */
    static Result withRowUnit(Result result) {
        if (!(result instanceof TableResult table)) {
            return result;
        }
        Column unit = ReportModelBuilder.column(table, "unit");
        if (unit == null || unit.getKind() != ValueKind.TEXT || unit.getTexts().isEmpty()) {
            return result;
        }
        String first = unit.getTexts().get(0);
        if (first == null || unit.getTexts().stream().anyMatch(u -> !first.equals(u))) {
            return result;
        }
        String shared = io.sextant.report.ReportNumbers.isMoney(first) ? first.strip() : first.startsWith("share") ? "share" : null;
        if (shared == null) {
            return result;
        }
        TableResult copy = org.eclipse.emf.ecore.util.EcoreUtil.copy(table);
        for (Column column : copy.getColumns()) {
            if (column.getKind() == ValueKind.NUMBER && (column.getUnit() == null || column.getUnit().isEmpty())
                    && !io.sextant.report.ReportNumbers.isPValue(column.getName())) {
                column.setUnit(shared);
            }
        }
        return copy;
    }

    /** The values of the first number column that a chart draws. */
    private static java.util.stream.Stream<Double> drawnValues(TableResult table) {
        Column number = table.getColumns().stream().filter(c -> c.getKind() == ValueKind.NUMBER).findFirst().orElse(null);
        return number == null ? java.util.stream.Stream.empty()
                : number.getNumbers().stream().filter(v -> v != null && !v.isNaN());
    }

    /** Rows whose first number column has a value. */
    private static int drawableRows(TableResult table) {
        Column number = table.getColumns().stream().filter(c -> c.getKind() == ValueKind.NUMBER).findFirst().orElse(null);
        if (number == null) {
            return 0;
        }
        return (int) number.getNumbers().stream().filter(v -> v != null && !v.isNaN()).count();
    }
}
