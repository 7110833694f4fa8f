package io.sextant.analysis.experiments.internal;

import static org.jooq.impl.DSL.avg;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.min;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.quotedName;
import static org.jooq.impl.DSL.partitionBy;
import static org.jooq.impl.DSL.sum;
import static org.jooq.impl.DSL.unquotedName;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.IProgressMonitor;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Name;
import org.jooq.Record;
import org.jooq.SelectField;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import io.sextant.analysis.experiments.stats.Comparison;
import io.sextant.analysis.experiments.stats.Conversions;
import io.sextant.analysis.experiments.stats.CupedComparison;
import io.sextant.analysis.experiments.stats.Lifts;
import io.sextant.analysis.experiments.stats.MetricKind;
import io.sextant.analysis.experiments.stats.PairSums;
import io.sextant.analysis.experiments.stats.RatioSample;
import io.sextant.analysis.experiments.stats.Sample;
import io.sextant.analysis.experiments.stats.ValueSums;
import io.sextant.dsl.seg.ConversionMetric;
import io.sextant.dsl.seg.Metric;
import io.sextant.dsl.seg.RatioMetric;
import io.sextant.dsl.seg.RetentionMetric;
import io.sextant.dsl.seg.Segment;
import io.sextant.engine.EngineException;
import io.sextant.engine.EngineRun;

/**
 * One metric's values split by variant, as sufficient statistics computed in SQL: per variant the users with a
 * value (a user without one, e.g. whose conversion window has not ended, is not counted), those whose value is
 * positive (a conversion), and the two-pass sums of the values (see {@link ValueSums}); for a ratio metric the
 * denominators' sums and the sum of products the delta method needs; with a CUPED covariate its sums and the
 * products with the metric. One query per metric (and per segment of the breakdown), one row per variant:
 *
 * <pre>
 * SELECT variant, COUNT(*), COUNT(*) FILTER (WHERE x &gt; 0),
 *        MIN(mx), SUM(x - mx), SUM((x - mx) * (x - mx)), MIN(x), MAX(x), [the same of d and c], SUM((x - mx) * (d - md)), ...
 * FROM (SELECT a.variant, m.value x, m.denominator d, COALESCE(cov.c, fill) c,
 *              AVG(m.value) OVER (PARTITION BY a.variant) mx, ...
 *       FROM metric m JOIN assignments a ON a.user_id = m.user_id [JOIN segment s ...] [LEFT JOIN covariate cov ...]
 *       WHERE a.several_variants = 0 AND a.variant IN (...) AND m.value IS NOT NULL [AND m.denominator IS NOT NULL])
 * GROUP BY variant
 * </pre>
 *
 * Which test applies follows from the metric's kind: conversion and retention are rates of users (two
 * proportions), a ratio metric is a ratio of sums (delta method), every other metric a mean (Welch's t).
 */
final class MetricData {

    /** One variant's sums. */
    record VariantSums(long users, long positive, ValueSums values, PairSums ratio, PairSums cuped) {
    }

    /**
     * A CUPED covariate: each user's value as a table the metrics' queries join (user_id, c: the metric's value,
     * or for a ratio metric the user's own ratio; users without one have no row), the value given to an assigned
     * user without one (the mean of those with one), and how many assigned users have none.
     */
    record Covariate(Table<?> table, double fill, long missing) {

        /**
         * The covariate of the assigned users: the values as a joinable table of the run, then one query for
         * the number of assigned users, of those with a value, and the values' mean.
         */
        static Covariate read(EngineRun run, Metric metric, Segment population, Assignments assignments,
                IProgressMonitor monitor) throws EngineException {
            Name m = unquotedName("cm");
            Field<Double> value = field(name(m, quotedName("value")), SQLDataType.DOUBLE);
            Field<Double> denominator = field(name(m, unquotedName("denominator")), SQLDataType.DOUBLE);
            Field<Double> covariate = kindOf(metric) != MetricKind.RATIO ? value
                    : DSL.when(denominator.ne(inline(0.0)), value.div(denominator))
                            .otherwise(DSL.castNull(SQLDataType.DOUBLE));
            Table<?> values = run.joinableByUser(DSL.select(field(name(m, unquotedName("user_id")),
                    SQLDataType.VARCHAR).as(unquotedName("user_id")), covariate.as(unquotedName("c")))
                    .from(run.metricTable(metric, population, monitor).as(m)).where(covariate.isNotNull()),
                    "the covariate " + metric.getName(), monitor);
            Name a = unquotedName("asg");
            Name c = unquotedName("cov");
            Field<String> user = field(name(a, unquotedName("user_id")), SQLDataType.VARCHAR);
            Field<Double> c1 = field(name(c, unquotedName("c")), SQLDataType.DOUBLE);
            Table<?> from = assignments.table().as(a);
            if (population != null) {
                Name p = unquotedName("pop");
                from = from.join(run.membersTable(population, monitor).as(p))
                        .on(field(name(p, unquotedName("user_id")), SQLDataType.VARCHAR).eq(user));
            }
            from = from.leftJoin(values.as(c)).on(field(name(c, unquotedName("user_id")), SQLDataType.VARCHAR).eq(user));
            var query = DSL.select(count(), count(c1), avg(c1).cast(SQLDataType.DOUBLE)).from(from)
                    .where(assignments.counted(a));
            Record row = run.aggregate(query, "the covariate " + metric.getName(), 1, monitor).get(0);
            Double mean = row.get(2, Double.class);
            return new Covariate(values, mean == null ? 0 : mean, row.get(0, Long.class) - row.get(1, Long.class));
        }
    }

    final Metric metric;
    final String name;
    final String unit;
    final MetricKind kind;
    /** variant → its sums, in the experiment's order of variants. */
    final Map<String, VariantSums> variants = new LinkedHashMap<>();
    /** Assigned users without a value. */
    long withoutValue;

    private MetricData(Metric metric, MetricKind kind) {
        this.metric = metric;
        this.name = metric.getName();
        this.unit = metric.getUnit() == null ? (kind == MetricKind.PROPORTION ? "share of users" : "") : metric.getUnit();
        this.kind = kind;
    }

    static MetricKind kindOf(Metric metric) {
        if (metric.getDefinition() instanceof RatioMetric) {
            return MetricKind.RATIO;
        }
        if (metric.getDefinition() instanceof ConversionMetric || metric.getDefinition() instanceof RetentionMetric) {
            return MetricKind.PROPORTION;
        }
        return MetricKind.MEAN;
    }

    /**
     * The metric's sums per variant over the users {@code assignments} counts; {@code segment} (may be null)
     * keeps only its members, {@code covariate} (may be null) adds the CUPED sums.
     */
    static MetricData read(EngineRun run, Metric metric, Segment population, Assignments assignments, Segment segment,
            Covariate covariate, IProgressMonitor monitor) throws EngineException {
        MetricData data = new MetricData(metric, kindOf(metric));
        boolean ratio = data.kind == MetricKind.RATIO;
        Name a = unquotedName("asg");
        Name m = unquotedName("mv");
        Name s = unquotedName("seg");
        Name c = unquotedName("cov");
        Field<String> user = field(name(m, unquotedName("user_id")), SQLDataType.VARCHAR);
        Field<String> variant = field(name(a, unquotedName("variant")), SQLDataType.VARCHAR);
        Field<Double> value = field(name(m, quotedName("value")), SQLDataType.DOUBLE);
        Field<Double> denominator = field(name(m, unquotedName("denominator")), SQLDataType.DOUBLE);
        // the metric's table first: the others are tables of the run (on H2) that the join looks users up in
        Table<?> from = run.metricTable(metric, population, monitor).as(m).join(assignments.table().as(a))
                .on(field(name(a, unquotedName("user_id")), SQLDataType.VARCHAR).eq(user));
        if (segment != null) {
            from = from.join(run.membersTable(segment, monitor).as(s))
                    .on(field(name(s, unquotedName("user_id")), SQLDataType.VARCHAR).eq(user));
        }
        Field<Double> covariateValue = null;
        if (covariate != null) {
            from = from.leftJoin(covariate.table().as(c))
                    .on(field(name(c, unquotedName("user_id")), SQLDataType.VARCHAR).eq(user));
            covariateValue = DSL.coalesce(field(name(c, unquotedName("c")), SQLDataType.DOUBLE),
                    DSL.val(covariate.fill(), SQLDataType.DOUBLE));
        }
        Condition hasValue = ratio ? value.isNotNull().and(denominator.isNotNull()) : value.isNotNull();

        // first pass: each value beside its variant's mean
        Name w = unquotedName("w");
        List<SelectField<?>> inner = new ArrayList<>();
        inner.add(variant.as(unquotedName("g")));
        List<Sums> sums = new ArrayList<>();
        sums.add(new Sums("x", value));
        if (ratio) {
            sums.add(new Sums("d", denominator));
        }
        if (covariateValue != null) {
            sums.add(new Sums("c", covariateValue));
        }
        for (Sums each : sums) {
            inner.add(each.source.as(unquotedName(each.name)));
            inner.add(avg(each.source).over(partitionBy(variant)).cast(SQLDataType.DOUBLE)
                    .as(unquotedName("m" + each.name)));
        }
        Table<?> windowed = DSL.select(inner).from(from).where(assignments.counted(a), hasValue).asTable(w);

        // second pass: the deviations from the mean, per variant
        Field<String> group = field(name(w, unquotedName("g")), SQLDataType.VARCHAR);
        List<SelectField<?>> outer = new ArrayList<>();
        outer.add(group);
        outer.add(count());
        outer.add(count().filterWhere(field(name(w, unquotedName("x")), SQLDataType.DOUBLE).gt(inline(0.0))));
        for (Sums each : sums) {
            Field<Double> x = field(name(w, unquotedName(each.name)), SQLDataType.DOUBLE);
            Field<Double> mean = field(name(w, unquotedName("m" + each.name)), SQLDataType.DOUBLE);
            outer.add(min(mean));
            outer.add(sum(x.minus(mean)).cast(SQLDataType.DOUBLE));
            outer.add(sum(x.minus(mean).times(x.minus(mean))).cast(SQLDataType.DOUBLE));
            outer.add(min(x));
            outer.add(max(x));
        }
        Field<Double> x = field(name(w, unquotedName("x")), SQLDataType.DOUBLE);
        Field<Double> mx = field(name(w, unquotedName("mx")), SQLDataType.DOUBLE);
        for (Sums each : sums.subList(1, sums.size())) {
            Field<Double> y = field(name(w, unquotedName(each.name)), SQLDataType.DOUBLE);
            Field<Double> my = field(name(w, unquotedName("m" + each.name)), SQLDataType.DOUBLE);
            outer.add(sum(x.minus(mx).times(y.minus(my))).cast(SQLDataType.DOUBLE));
        }
        var query = DSL.select(outer).from(windowed).groupBy(group);

        Map<String, VariantSums> read = new LinkedHashMap<>();
        String what = "metric " + metric.getName() + " by variant" + (segment == null ? "" : " in segment "
                + segment.getName());
        for (Record row : run.aggregate(query, what, monitor)) {
            long n = row.get(1, Long.class);
            long positive = row.get(2, Long.class);
            List<ValueSums> values = new ArrayList<>();
            int at = 3;
            for (int i = 0; i < sums.size(); i++, at += 5) {
                values.add(new ValueSums(n, number(row, at), number(row, at + 1), number(row, at + 2),
                        number(row, at + 3), number(row, at + 4)));
            }
            PairSums ratioSums = null;
            PairSums cupedSums = null;
            int pair = 1;
            if (ratio) {
                ratioSums = new PairSums(values.get(0), values.get(pair), number(row, at++));
                pair++;
            }
            if (covariateValue != null) {
                cupedSums = new PairSums(values.get(0), values.get(pair), number(row, at++));
            }
            read.put(row.get(0, String.class), new VariantSums(n, positive, values.get(0), ratioSums, cupedSums));
        }
        long counted = 0;
        for (String name : assignments.users().keySet()) {
            VariantSums sumsOf = read.get(name);
            if (sumsOf == null) {
                PairSums none = new PairSums(ValueSums.empty(), ValueSums.empty(), 0);
                sumsOf = new VariantSums(0, 0, ValueSums.empty(), ratio ? none : null,
                        covariateValue != null ? none : null);
            }
            data.variants.put(name, sumsOf);
            counted += sumsOf.users();
        }
        data.withoutValue = segment == null ? assignments.assigned() - counted : 0;
        return data;
    }

    /** A value summed in the query: its column name and its expression. */
    private record Sums(String name, Field<Double> source) {
    }

    private static double number(Record row, int column) {
        Double value = row.get(column, Double.class);
        return value == null ? Double.NaN : value;
    }

    long users(String variant) {
        return variants.get(variant).users();
    }

    /**
     * Treatment against control by the metric's test.
     *
     * @throws IllegalArgumentException when the test cannot be made (too few users), with the reason
     */
    Comparison compare(String control, String treatment, double alpha) {
        return switch (kind) {
            case PROPORTION -> Lifts.proportions(name, conversions(control), conversions(treatment), alpha);
            case RATIO -> Lifts.ratio(name, unit, ratio(control), ratio(treatment), alpha);
            case MEAN -> Lifts.welch(name, unit, sample(control), sample(treatment), alpha);
        };
    }

    /** CUPED of a mean metric, whose sums were read with a covariate. */
    CupedComparison cuped(String control, String treatment, double alpha) {
        return Lifts.cuped(name, unit, control, variants.get(control).cuped(), treatment,
                variants.get(treatment).cuped(), alpha);
    }

    Sample.Summary sample(String variant) {
        return Sample.Summary.of(variant, variants.get(variant).values());
    }

    RatioSample.Summary ratio(String variant) {
        return RatioSample.Summary.of(variant, variants.get(variant).ratio());
    }

    private Conversions conversions(String variant) {
        VariantSums sums = variants.get(variant);
        return new Conversions(variant, sums.positive(), sums.users());
    }
}
