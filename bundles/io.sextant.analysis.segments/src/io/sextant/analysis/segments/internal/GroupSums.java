package io.sextant.analysis.segments.internal;

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
import static org.jooq.impl.DSL.val;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.jooq.CommonTableExpression;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Name;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Select;
import org.jooq.SelectField;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import io.sextant.analysis.Estimate;
import io.sextant.dsl.seg.Metric;
import io.sextant.dsl.seg.RatioMetric;
import io.sextant.engine.EngineException;
import io.sextant.engine.EngineRun;

/**
 * A metric's values over one group of users (everyone, or a segment's members, in one half of the users or the
 * other), as the sufficient statistics a database sums in two passes: n, the mean, and the sums of squares (and
 * for a ratio metric of the denominators and of the products) centred at the mean. One query per metric gives
 * every group and half:
 *
 * <pre>
 * WITH mv AS (SELECT user_id, value x, denominator d, half(user_id) h FROM metric WHERE x IS NOT NULL)
 * SELECT g, h, COUNT(*), MIN(mx), SUM(x - mx), SUM((x - mx)^2), MIN(x), MAX(x), ...
 * FROM (SELECT g, h, x, d, AVG(x) OVER (PARTITION BY g, h) mx, ...
 *       FROM (SELECT 0 g, x, d, h FROM mv UNION ALL SELECT 1, ... FROM mv JOIN segment1 ... UNION ALL ...))
 * GROUP BY g, h
 * </pre>
 *
 * The halves are added here ({@link #plus}, Chan, Golub and LeVeque's update) for the whole group.
 */
final class GroupSums {

    final long users;
    final double meanX;
    final double meanY;
    /** Σ (x − mean x)². */
    final double squaresX;
    /** Σ (y − mean y)². */
    final double squaresY;
    /** Σ (x − mean x)(y − mean y). */
    final double products;
    final boolean ratio;

    private GroupSums(long users, double meanX, double meanY, double squaresX, double squaresY, double products,
            boolean ratio) {
        this.users = users;
        this.meanX = meanX;
        this.meanY = meanY;
        this.squaresX = squaresX;
        this.squaresY = squaresY;
        this.products = products;
        this.ratio = ratio;
    }

    private static GroupSums empty(boolean ratio) {
        return new GroupSums(0, Double.NaN, Double.NaN, 0, 0, 0, ratio);
    }

    /**
     * The sums of every group and half: [0] everyone, [i + 1] the members of {@code members.get(i)}; [g][0] and
     * [g][1] the two halves (all users in [g][0] when {@code halves} is false).
     */
    static GroupSums[][] read(EngineRun run, Metric metric, List<Table<?>> members, boolean halves,
            IProgressMonitor monitor) throws EngineException {
        boolean ratio = metric.getDefinition() instanceof RatioMetric;
        Name m = unquotedName("sm");
        Field<String> user = field(name(m, unquotedName("user_id")), SQLDataType.VARCHAR);
        Field<Double> value = field(name(m, quotedName("value")), SQLDataType.DOUBLE);
        Field<Double> denominator = field(name(m, unquotedName("denominator")), SQLDataType.DOUBLE);
        Condition hasValue = ratio ? value.isNotNull().and(denominator.isNotNull()) : value.isNotNull();
        CommonTableExpression<?> values = unquotedName("mv").as(DSL.select(user.as(unquotedName("user_id")),
                value.as(unquotedName("x")), denominator.as(unquotedName("d")),
                (halves ? half(run.dialect(), user) : inline(0)).as(unquotedName("h")))
                .from(run.metricTable(metric, null, monitor).as(m)).where(hasValue));

        // the groups: everyone, then each segment's members with a value
        Select<?> tagged = null;
        for (int g = 0; g <= members.size(); g++) {
            Name b = unquotedName("b" + g);
            Table<?> from = values.as(b);
            if (g > 0) {
                Name s = unquotedName("s" + g);
                from = from.join(members.get(g - 1).as(s)).on(field(name(s, unquotedName("user_id")),
                        SQLDataType.VARCHAR).eq(field(name(b, unquotedName("user_id")), SQLDataType.VARCHAR)));
            }
            Select<?> group = DSL.select(inline(g).as(unquotedName("g")), field(name(b, unquotedName("h")),
                    SQLDataType.INTEGER).as(unquotedName("h")), field(name(b, unquotedName("x")), SQLDataType.DOUBLE)
                    .as(unquotedName("x")), field(name(b, unquotedName("d")), SQLDataType.DOUBLE).as(unquotedName("d")))
                    .from(from);
            tagged = tagged == null ? group : unionAll(tagged, group);
        }
        Name t = unquotedName("tg");
        Field<Integer> g = field(name(t, unquotedName("g")), SQLDataType.INTEGER);
        Field<Integer> h = field(name(t, unquotedName("h")), SQLDataType.INTEGER);
        Field<Double> x = field(name(t, unquotedName("x")), SQLDataType.DOUBLE);
        Field<Double> d = field(name(t, unquotedName("d")), SQLDataType.DOUBLE);
        Table<?> windowed = DSL.select(g.as(unquotedName("g")), h.as(unquotedName("h")), x.as(unquotedName("x")),
                d.as(unquotedName("d")), avg(x).over(partitionBy(g, h)).cast(SQLDataType.DOUBLE).as(unquotedName("mx")),
                avg(d).over(partitionBy(g, h)).cast(SQLDataType.DOUBLE).as(unquotedName("md")))
                .from(tagged.asTable(t)).asTable(unquotedName("w"));
        Name w = unquotedName("w");
        Field<Integer> wg = field(name(w, unquotedName("g")), SQLDataType.INTEGER);
        Field<Integer> wh = field(name(w, unquotedName("h")), SQLDataType.INTEGER);
        List<SelectField<?>> columns = new ArrayList<>(List.of(wg, wh, count()));
        String[][] pairs = ratio ? new String[][] { { "x", "mx" }, { "d", "md" } } : new String[][] { { "x", "mx" } };
        for (String[] pair : pairs) {
            Field<Double> v = field(name(w, unquotedName(pair[0])), SQLDataType.DOUBLE);
            Field<Double> mean = field(name(w, unquotedName(pair[1])), SQLDataType.DOUBLE);
            columns.add(min(mean));
            columns.add(sum(v.minus(mean)).cast(SQLDataType.DOUBLE));
            columns.add(sum(v.minus(mean).times(v.minus(mean))).cast(SQLDataType.DOUBLE));
            columns.add(min(v));
            columns.add(max(v));
        }
        if (ratio) {
            Field<Double> wx = field(name(w, unquotedName("x")), SQLDataType.DOUBLE);
            Field<Double> wmx = field(name(w, unquotedName("mx")), SQLDataType.DOUBLE);
            Field<Double> wd = field(name(w, unquotedName("d")), SQLDataType.DOUBLE);
            Field<Double> wmd = field(name(w, unquotedName("md")), SQLDataType.DOUBLE);
            columns.add(sum(wx.minus(wmx).times(wd.minus(wmd))).cast(SQLDataType.DOUBLE));
        }
        var query = DSL.with(values).select(columns).from(windowed).groupBy(wg, wh);

        GroupSums[][] sums = new GroupSums[members.size() + 1][2];
        for (GroupSums[] group : sums) {
            group[0] = empty(ratio);
            group[1] = empty(ratio);
        }
        for (Record row : run.aggregate(query, "metric " + metric.getName() + " by segment", monitor)) {
            long n = row.get(2, Long.class);
            Moments x1 = Moments.of(row, 3, n);
            Moments y1 = ratio ? Moments.of(row, 8, n) : null;
            double products = 0;
            if (ratio && !x1.constant && !y1.constant) {
                products = row.get(13, Double.class) - x1.deviations * y1.deviations / n;
            }
            sums[row.get(0, Integer.class)][row.get(1, Integer.class)] = new GroupSums(n, x1.mean,
                    ratio ? y1.mean : Double.NaN, x1.squares, ratio ? y1.squares : 0, products, ratio);
        }
        return sums;
    }

    /** One value's sums as read: the mean corrected by the deviations' sum, the centred squares. */
    private record Moments(double mean, double deviations, double squares, boolean constant) {
        static Moments of(Record row, int at, long n) {
            double shift = row.get(at, Double.class);
            double deviations = row.get(at + 1, Double.class);
            double squares = row.get(at + 2, Double.class);
            double min = row.get(at + 3, Double.class);
            double max = row.get(at + 4, Double.class);
            if (min == max) {
                return new Moments(min, deviations, 0, true);
            }
            return new Moments(shift + deviations / n, deviations, Math.max(0, squares - deviations * deviations / n),
                    false);
        }
    }

    private static Select<?> unionAll(Select<?> first, Select<?> second) {
        @SuppressWarnings({ "unchecked", "rawtypes" })
        Select<?> union = ((Select) first).unionAll((Select) second);
        return union;
    }

    /**
     * The user's half, 0 or 1: the parity of the last hexadecimal digit of the MD5 of the id's UTF-8 bytes, the
     * same on H2 (HASH('MD5', ...)), DuckDB and PostgreSQL (md5) and Trino (md5 of the UTF-8 bytes, hex) as in {@link SegmentValueAnalysis#half}.
     */
    static Field<Integer> half(SQLDialect dialect, Field<String> user) {
        Field<String> md5 = dialect == SQLDialect.H2
                ? DSL.field("rawtohex(hash('MD5', stringtoutf8({0})))", SQLDataType.VARCHAR, user)
                // Trino's md5 takes and gives varbinary
                : dialect == SQLDialect.TRINO ? DSL.field("lower(to_hex(md5(to_utf8({0}))))", SQLDataType.VARCHAR, user)
                : DSL.field("md5({0})", SQLDataType.VARCHAR, user);
        List<Field<String>> odd = new ArrayList<>();
        for (String digit : List.of("1", "3", "5", "7", "9", "b", "d", "f")) {
            odd.add(val(digit, SQLDataType.VARCHAR));
        }
        return DSL.when(DSL.right(md5, inline(1)).in(odd), inline(1)).otherwise(inline(0));
    }

    /** This group's and another's sums as one group's. */
    GroupSums plus(GroupSums other) {
        if (other.users == 0) {
            return this;
        }
        if (users == 0) {
            return other;
        }
        long n = users + other.users;
        double weight = users * ((double) other.users / n);
        double dx = other.meanX - meanX;
        double dy = ratio ? other.meanY - meanY : 0;
        return new GroupSums(n, meanX + dx * other.users / n, ratio ? meanY + dy * other.users / n : Double.NaN,
                squaresX + other.squaresX + weight * dx * dx, squaresY + other.squaresY + weight * dy * dy,
                products + other.products + weight * dx * dy, ratio);
    }

    /** The mean (or ratio of sums) with its 95% interval. */
    Estimate estimate() {
        double divisor = users - 1;
        if (ratio) {
            return Estimate.ratio(users, meanX, meanY, squaresX / divisor, squaresY / divisor, products / divisor);
        }
        return Estimate.mean(users, meanX, users > 1 ? squaresX / divisor : Double.NaN);
    }
}
