package io.sextant.analysis.experiments.internal;

import static org.jooq.impl.DSL.avg;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.min;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.partitionBy;
import static org.jooq.impl.DSL.sum;
import static org.jooq.impl.DSL.unquotedName;
import static org.jooq.impl.DSL.val;

import java.time.LocalDateTime;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.jooq.CaseConditionStep;
import org.jooq.Field;
import org.jooq.Name;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import io.sextant.analysis.experiments.stats.ValueSums;
import io.sextant.dsl.seg.Segment;
import io.sextant.engine.EngineException;
import io.sextant.engine.EngineRun;

/**
 * The difference-in-differences panel (each user of a group × each period: their count of the event) summed in
 * SQL, so that only a row per group, and per group and period, is read back:
 * <ul>
 * <li>the groups: the treated segment's members who are not in the comparison segment (1), and the other way
 * round (0); the users in both are counted;</li>
 * <li>per user (every user of a group, with or without events: the events joined to the groups, UNION ALL the
 * groups' users, grouped by user), the events before the change and from it on,
 * and Σ over the pre-period events of 2k − (pre − 1), k the event's period: twice the numerator of the user's
 * least-squares slope over the pre-periods, Σ<sub>k</sub> (k − k̄) c<sub>k</sub> (exact in integers);</li>
 * <li>per user, the change (post events / post − pre events / pre) and the slope (that sum / (2 Σ (k − k̄)²)),
 * both as DOUBLE, the same operations on every engine;</li>
 * <li>per group, the two-pass sums of the changes and of the slopes ({@link ValueSums}), and per group and
 * period the number of events (the period's mean is that over the group's users).</li>
 * </ul>
 * A period is a CASE over its bounds (bound timestamps), which every engine evaluates alike. The groups are a
 * joinable table of the run ({@link EngineRun#joinableByUser}); no query joins two derived tables.
 *
 * @param treated    the treated group's sums
 * @param comparison the comparison group's sums
 * @param both       users in both segments, left out
 */
record Panel(Group treated, Group comparison, long both) {

    /**
     * One group's sums.
     *
     * @param users  users in the group
     * @param change the sums of the users' changes
     * @param slope  the sums of the users' pre-period slopes (with one pre-period, every slope is 0)
     * @param events the group's events in each period
     */
    record Group(long users, ValueSums change, ValueSums slope, long[] events) {
    }

    static Panel read(EngineRun run, Segment treatedSegment, Segment comparisonSegment, String event,
            LocalDateTime start, int days, int pre, int post, IProgressMonitor monitor) throws EngineException {
        SubMonitor progress = SubMonitor.convert(monitor, 4);
        int periods = pre + post;
        Table<?> treatedMembers = run.membersTable(treatedSegment, progress.split(1));
        Table<?> comparisonMembers = run.membersTable(comparisonSegment, progress.split(1));

        // the groups: in one segment and not in the other
        Table<?> groups = run.joinableByUser(only(treatedMembers, comparisonMembers, 1, "t1", "c1")
                .unionAll(only(comparisonMembers, treatedMembers, 0, "c2", "t2")), "the groups", monitor)
                .as(unquotedName("grp"));
        Name grp = unquotedName("grp");
        Field<String> groupUser = field(name(grp, unquotedName("user_id")), SQLDataType.VARCHAR);
        Field<Integer> treated = field(name(grp, unquotedName("treated")), SQLDataType.INTEGER);
        Field<String> t3 = field(name(unquotedName("t3"), unquotedName("user_id")), SQLDataType.VARCHAR);
        Field<String> c3 = field(name(unquotedName("c3"), unquotedName("user_id")), SQLDataType.VARCHAR);
        var sizes = DSL.select(treated, count()).from(groups).groupBy(treated);
        var overlap = DSL.select(count()).from(treatedMembers.as(unquotedName("t3")))
                .join(comparisonMembers.as(unquotedName("c3"))).on(c3.eq(t3));
        long[] users = new long[2];
        for (Record row : run.aggregate(sizes, "the groups' users", 2, progress.split(1))) {
            users[row.get(0, Integer.class)] = row.get(1, Long.class);
        }
        long both = run.aggregate(overlap, "the users in both groups", 1, monitor).get(0).get(0, Long.class);
        if (users[0] < 2 || users[1] < 2) {
            return new Panel(new Group(users[1], ValueSums.empty(), ValueSums.empty(), new long[periods]),
                    new Group(users[0], ValueSums.empty(), ValueSums.empty(), new long[periods]), both);
        }

        // the group's events in the periods, each with its period and its weight in the pre-period slope
        Name e = unquotedName("ev");
        Field<String> eventUser = field(name(e, unquotedName("user_id")), SQLDataType.VARCHAR);
        Field<LocalDateTime> time = field(name(e, unquotedName("event_time")), SQLDataType.LOCALDATETIME);
        CaseConditionStep<Integer> period = null;
        CaseConditionStep<Integer> weight = null;
        for (int p = 0; p < periods; p++) {
            var before = time.lt(val(start.plusDays((long) (p + 1) * days), SQLDataType.LOCALDATETIME));
            period = period == null ? DSL.when(before, inline(p)) : period.when(before, inline(p));
            if (p < pre) {
                weight = weight == null ? DSL.when(before, inline(2 * p - (pre - 1)))
                        : weight.when(before, inline(2 * p - (pre - 1)));
            }
        }
        Field<LocalDateTime> change = val(start.plusDays((long) pre * days), SQLDataType.LOCALDATETIME);
        Table<?> windowed = DSL.select(eventUser.as(unquotedName("user_id")), time.as(unquotedName("event_time")),
                period.otherwise(inline(periods - 1)).as(unquotedName("period")),
                weight.otherwise(DSL.castNull(SQLDataType.INTEGER)).as(unquotedName("trend")))
                .from(run.eventsTable(null, List.of(event), progress.split(1)).as(e))
                .where(time.ge(val(start, SQLDataType.LOCALDATETIME)),
                        time.lt(val(start.plusDays((long) periods * days), SQLDataType.LOCALDATETIME)))
                .asTable(unquotedName("win"));
        Name win = unquotedName("win");
        Field<String> windowUser = field(name(win, unquotedName("user_id")), SQLDataType.VARCHAR);
        Field<LocalDateTime> windowTime = field(name(win, unquotedName("event_time")), SQLDataType.LOCALDATETIME);
        Field<Integer> windowPeriod = field(name(win, unquotedName("period")), SQLDataType.INTEGER);
        Field<Integer> windowTrend = field(name(win, unquotedName("trend")), SQLDataType.INTEGER);

        // per user: events before and after the change, the slope's numerator; every user of a group, with or
        // without events: the events joined to the groups, and the groups' users, grouped by user
        Name rows = unquotedName("ur");
        var eventRows = DSL.select(windowUser.as(unquotedName("user_id")), treated.as(unquotedName("treated")),
                windowTime.as(unquotedName("event_time")), windowTrend.as(unquotedName("trend")))
                .from(windowed).join(groups).on(groupUser.eq(windowUser));
        var userRows = DSL.select(groupUser.as(unquotedName("user_id")), treated.as(unquotedName("treated")),
                DSL.castNull(SQLDataType.LOCALDATETIME).as(unquotedName("event_time")),
                DSL.castNull(SQLDataType.INTEGER).as(unquotedName("trend"))).from(groups);
        Table<?> userAndEvents = eventRows.unionAll(userRows).asTable(rows);
        Field<String> rowUser = field(name(rows, unquotedName("user_id")), SQLDataType.VARCHAR);
        Field<Integer> rowGroup = field(name(rows, unquotedName("treated")), SQLDataType.INTEGER);
        Field<LocalDateTime> rowTime = field(name(rows, unquotedName("event_time")), SQLDataType.LOCALDATETIME);
        Field<Integer> rowTrend = field(name(rows, unquotedName("trend")), SQLDataType.INTEGER);
        Table<?> perUser = DSL.select(rowUser.as(unquotedName("user_id")), rowGroup.as(unquotedName("treated")),
                count(rowTime).filterWhere(rowTime.lt(change)).as(unquotedName("pre_events")),
                count(rowTime).filterWhere(rowTime.ge(change)).as(unquotedName("post_events")),
                coalesce(sum(rowTrend), inline(java.math.BigDecimal.ZERO)).as(unquotedName("trend")))
                .from(userAndEvents).groupBy(rowUser, rowGroup).asTable(unquotedName("pu"));
        Name pu = unquotedName("pu");
        Field<Double> preEvents = field(name(pu, unquotedName("pre_events")), SQLDataType.DOUBLE);
        Field<Double> postEvents = field(name(pu, unquotedName("post_events")), SQLDataType.DOUBLE);
        Field<Double> trend = field(name(pu, unquotedName("trend")), SQLDataType.DOUBLE);
        double meanPeriod = (pre - 1) / 2.0;
        double squares = 0;
        for (int k = 0; k < pre; k++) {
            squares += (k - meanPeriod) * (k - meanPeriod);
        }
        Field<Double> userChange = postEvents.cast(SQLDataType.DOUBLE).div(val((double) post, SQLDataType.DOUBLE))
                .minus(preEvents.cast(SQLDataType.DOUBLE).div(val((double) pre, SQLDataType.DOUBLE)));
        Field<Double> userSlope = pre < 2 ? inline(0.0)
                : trend.cast(SQLDataType.DOUBLE).div(val(2 * squares, SQLDataType.DOUBLE));
        Field<Integer> userGroup = field(name(pu, unquotedName("treated")), SQLDataType.INTEGER);
        Table<?> values = DSL.select(userGroup.as(unquotedName("g")), userChange.as(unquotedName("ch")),
                userSlope.as(unquotedName("sl")),
                avg(userChange).over(partitionBy(userGroup)).cast(SQLDataType.DOUBLE).as(unquotedName("mch")),
                avg(userSlope).over(partitionBy(userGroup)).cast(SQLDataType.DOUBLE).as(unquotedName("msl")))
                .from(perUser).asTable(unquotedName("uv"));
        Name uv = unquotedName("uv");
        Field<Integer> g = field(name(uv, unquotedName("g")), SQLDataType.INTEGER);
        Field<Double> ch = field(name(uv, unquotedName("ch")), SQLDataType.DOUBLE);
        Field<Double> mch = field(name(uv, unquotedName("mch")), SQLDataType.DOUBLE);
        Field<Double> sl = field(name(uv, unquotedName("sl")), SQLDataType.DOUBLE);
        Field<Double> msl = field(name(uv, unquotedName("msl")), SQLDataType.DOUBLE);
        var groupSums = DSL.select(g, count(), min(mch), sum(ch.minus(mch)).cast(SQLDataType.DOUBLE),
                sum(ch.minus(mch).times(ch.minus(mch))).cast(SQLDataType.DOUBLE), min(ch), max(ch), min(msl),
                sum(sl.minus(msl)).cast(SQLDataType.DOUBLE),
                sum(sl.minus(msl).times(sl.minus(msl))).cast(SQLDataType.DOUBLE), min(sl), max(sl))
                .from(values).groupBy(g);
        ValueSums[] changes = new ValueSums[2];
        ValueSums[] slopes = new ValueSums[2];
        for (Record row : run.aggregate(groupSums, "the groups' changes", 2, progress.split(1))) {
            int group = row.get(0, Integer.class);
            long n = row.get(1, Long.class);
            changes[group] = new ValueSums(n, row.get(2, Double.class), row.get(3, Double.class),
                    row.get(4, Double.class), row.get(5, Double.class), row.get(6, Double.class));
            slopes[group] = new ValueSums(n, row.get(7, Double.class), row.get(8, Double.class),
                    row.get(9, Double.class), row.get(10, Double.class), row.get(11, Double.class));
        }

        // per group and period: the events (the mean per user is over the group's users)
        var perPeriod = DSL.select(treated, windowPeriod, count()).from(groups).join(windowed)
                .on(windowUser.eq(groupUser)).groupBy(treated, windowPeriod);
        long[][] events = new long[2][periods];
        for (Record row : run.aggregate(perPeriod, "the groups' events by period", 2 * periods, monitor)) {
            events[row.get(0, Integer.class)][row.get(1, Integer.class)] = row.get(2, Long.class);
        }
        return new Panel(new Group(users[1], changes[1], slopes[1], events[1]),
                new Group(users[0], changes[0], slopes[0], events[0]), both);
    }

    /** The members of {@code members} who are not members of {@code others}, with the group's number. */
    private static org.jooq.Select<org.jooq.Record2<String, Integer>> only(Table<?> members, Table<?> others,
            int group, String alias, String otherAlias) {
        Field<String> member = field(name(unquotedName(alias), unquotedName("user_id")), SQLDataType.VARCHAR);
        Field<String> other = field(name(unquotedName(otherAlias), unquotedName("user_id")), SQLDataType.VARCHAR);
        return DSL.select(member.as(unquotedName("user_id")), inline(group).as(unquotedName("treated")))
                .from(members.as(unquotedName(alias))).leftJoin(others.as(unquotedName(otherAlias)))
                .on(other.eq(member)).where(other.isNull());
    }
}
