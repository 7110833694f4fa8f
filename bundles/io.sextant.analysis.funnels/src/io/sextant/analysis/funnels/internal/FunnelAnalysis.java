package io.sextant.analysis.funnels.internal;

import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.floor;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.localDateTimeAdd;
import static org.jooq.impl.DSL.localDateTimeDiff;
import static org.jooq.impl.DSL.min;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.partitionBy;
import static org.jooq.impl.DSL.rowNumber;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.when;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.jooq.CommonTableExpression;
import org.jooq.DatePart;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Select;
import org.jooq.SelectField;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import io.sextant.analysis.Analysis;
import io.sextant.analysis.AnalysisContext;
import io.sextant.analysis.AnalysisException;
import io.sextant.analysis.Estimate;
import io.sextant.analysis.Results;
import io.sextant.dsl.seg.Segment;
import io.sextant.engine.EngineException;
import io.sextant.model.Result;

/**
 * A funnel. A user enters at their first event of the first step; each later step is the first event of its name
 * strictly after the step before (as in the language's sequences: events at the same instant make no order), and
 * all must come within the window after entering (before the as-of instant).
 * Step k's users are those who reached it; conversion is against the users who entered and against the step
 * before (with Wilson intervals, computed here from the counts); the time to convert is the median time from
 * entering (the whole seconds between the two events, in hours).
 *
 * <p>Computed where the data is, in one query over the events of the steps' names: each level of the query adds
 * one step's time to every event row of a user (the least time of that step's events after the previous step's
 * time and before the end of the window, a window function over the user's rows), and the last level counts the
 * users who reached each step and takes the median hours to it ({@code percentile_cont(0.5)}), over one row per
 * user. What comes back is one row. That is H2's form ({@link #query}): H2 joins derived tables by nested loops.
 * DuckDB and PostgreSQL hash-join, and there the window functions' sort of every step event of every user cost
 * 2.7 times the hand-written query at tier L; {@link #joinedQuery} groups each user's entry and joins each later
 * step's events to the step before, as that query does. The differential test holds the two forms to the same
 * numbers.
 */
public final class FunnelAnalysis implements Analysis {

    static final int MAX_STEPS = 10;

    @Override
    public List<String> unmetRequirements(AnalysisContext context) {
        List<String> unmet = new ArrayList<>();
        List<String> steps = steps(context);
        if (steps.size() < 2 || steps.size() > MAX_STEPS) {
            unmet.add("a funnel has 2 to " + MAX_STEPS + " steps, not " + steps.size());
        }
        for (String step : steps) {
            if (context.catalog().event(step).isEmpty()) {
                unmet.add("the data has no event '" + step + "' (a step of the funnel)");
            }
        }
        int window = context.parameters().integer("window");
        if (window < 1) {
            unmet.add("the window is at least 1 day, not " + window);
        }
        return unmet;
    }

    private static List<String> steps(AnalysisContext context) {
        return Arrays.stream(context.parameters().text("steps").split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
    }

    @Override
    public List<Result> run(AnalysisContext context, IProgressMonitor monitor) throws AnalysisException, EngineException {
        List<String> steps = steps(context);
        long windowHours = 24L * context.parameters().integer("window");
        Segment segment = context.parameters().segment("segment");
        int k = steps.size();
        Table<?> events = context.engine().eventsTable(segment, steps, monitor);
        org.jooq.Result<Record> rows = context.engine().aggregate(context.engine().dialect() == SQLDialect.H2
                ? query(events, steps, windowHours) : joinedQuery(events, steps, windowHours), "the funnel's steps",
                monitor);
        Record row = rows.get(0);
        long[] reached = new long[k];
        Double[] hoursToStep = new Double[k];
        for (int i = 0; i < k; i++) {
            reached[i] = ((Number) row.get(i)).longValue();
            Object median = row.get(k + i);
            hoursToStep[i] = median == null ? null : ((Number) median).doubleValue();
        }

        List<Double> users = new ArrayList<>();
        List<Double> fromStart = new ArrayList<>();
        List<Double> fromStartLower = new ArrayList<>();
        List<Double> fromStartUpper = new ArrayList<>();
        List<Double> fromPrevious = new ArrayList<>();
        List<Double> dropOff = new ArrayList<>();
        List<Double> medianHours = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            Estimate start = Estimate.proportion(reached[i], reached[0]);
            users.add((double) reached[i]);
            fromStart.add(reached[0] == 0 ? null : start.value());
            fromStartLower.add(reached[0] == 0 ? null : start.lower());
            fromStartUpper.add(reached[0] == 0 ? null : start.upper());
            long before = i == 0 ? reached[0] : reached[i - 1];
            fromPrevious.add(before == 0 ? null : (double) reached[i] / before);
            dropOff.add(i == 0 ? null : (double) (reached[i - 1] - reached[i]));
            medianHours.add(hoursToStep[i]);
        }
        String who = segment == null ? "all users" : "the members of " + segment.getName();
        List<Double> x = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            x.add((double) (i + 1));
        }
        return List.of(
                Results.table("Funnel", "Users of " + who + " who reached each step within "
                        + context.parameters().integer("window") + " days of their first '" + steps.get(0) + "'")
                        .text("step", steps).number("users", "users", users)
                        .number("conversion from start", "share", fromStart)
                        .number("lower", "share", fromStartLower).number("upper", "share", fromStartUpper)
                        .number("conversion from previous", "share", fromPrevious)
                        .number("drop-off", "users", dropOff).number("median time to reach", "hours", medianHours)
                        .build(),
                Results.series("Funnel conversion", "Share of entering users who reached each step, with 95% Wilson"
                        + " intervals", "step", "share", x, fromStart, fromStartLower, fromStartUpper));
    }

    private static final Field<String> USER = field(name("user_id"), SQLDataType.VARCHAR);
    private static final Field<String> EVENT = field(name("event_name"), SQLDataType.VARCHAR);
    private static final Field<LocalDateTime> TIME = field(name("event_time"), SQLDataType.LOCALDATETIME);

    private static Field<LocalDateTime> stepTime(int step) {
        return field(name("t" + step), SQLDataType.LOCALDATETIME);
    }

    /**
     * SELECT the users who reached each step (reached1..k), then the median hours from entering to each step
     * (median_hours1..k), over the events of the steps ({@code user_id, event_name, event_time}).
     */
    static Select<?> query(Table<?> events, List<String> steps, long windowHours) {
        Field<LocalDateTime> entered = stepTime(1);
        Field<LocalDateTime> windowEnd = localDateTimeAdd(entered, Math.toIntExact(windowHours), DatePart.HOUR);
        Field<Integer> representative = field(name("r"), SQLDataType.INTEGER);
        // level 1: on each of a user's rows, their first event of step 1 (null: they never entered) and a number
        // that picks one row of theirs to count them by
        Table<?> level = select(USER, EVENT, TIME,
                min(when(EVENT.eq(steps.get(0)), TIME)).over(partitionBy(USER)).as("t1"),
                rowNumber().over(partitionBy(USER).orderBy(TIME)).as("r"))
                .from(events).asTable("l1");
        List<Field<?>> carried = new ArrayList<>(List.of(USER, EVENT, TIME, representative, entered));
        // level i: the first event of step i strictly after step i - 1, before the window ends
        for (int i = 2; i <= steps.size(); i++) {
            Field<LocalDateTime> previous = stepTime(i - 1);
            List<SelectField<?>> fields = new ArrayList<>(carried);
            fields.add(min(when(EVENT.eq(steps.get(i - 1)).and(TIME.gt(previous)).and(TIME.lt(windowEnd)), TIME))
                    .over(partitionBy(USER)).as("t" + i));
            level = (i == 2 ? select(fields).from(level).where(entered.isNotNull()) : select(fields).from(level))
                    .asTable("l" + i);
            carried.add(stepTime(i));
        }
        List<SelectField<?>> aggregates = new ArrayList<>();
        for (int i = 1; i <= steps.size(); i++) {
            aggregates.add(count(stepTime(i)).as("reached" + i));
        }
        for (int i = 1; i <= steps.size(); i++) {
            aggregates.add(io.sextant.engine.SqlAggregates.median(hours(entered, stepTime(i))).as("median_hours" + i));
        }
        return select(aggregates).from(level).where(representative.eq(1)).and(entered.isNotNull());
    }

    /**
     * The same row as {@link #query}, for engines that hash-join: s1 is each user's entry (their first event of
     * step 1), s<i>i</i> each user's first event of step i strictly after step i - 1 and before the window ends,
     * grouped per user (a join and a grouping per step, no sort); the counts and medians are read from them.
     */
    static Select<?> joinedQuery(Table<?> events, List<String> steps, long windowHours) {
        List<CommonTableExpression<?>> reached = new ArrayList<>();
        reached.add(name("s1").as(select(USER, min(TIME).as("t1")).from(events).where(EVENT.eq(steps.get(0)))
                .groupBy(USER)));
        for (int i = 2; i <= steps.size(); i++) {
            CommonTableExpression<?> before = reached.get(i - 2);
            Table<?> e = events.as("e" + i);
            Field<String> user = before.field("user_id", String.class);
            Field<LocalDateTime> entered = before.field("t1", LocalDateTime.class);
            Field<LocalDateTime> previous = before.field("t" + (i - 1), LocalDateTime.class);
            Field<LocalDateTime> time = e.field("event_time", LocalDateTime.class);
            List<SelectField<?>> fields = new ArrayList<>(List.of(user, entered));
            fields.add(min(time).as("t" + i));
            reached.add(name("s" + i).as(select(fields).from(before).join(e).on(e.field("user_id", String.class).eq(user))
                    .where(e.field("event_name", String.class).eq(steps.get(i - 1))).and(time.gt(previous))
                    .and(time.lt(localDateTimeAdd(entered, Math.toIntExact(windowHours), DatePart.HOUR)))
                    .groupBy(user, entered)));
        }
        List<SelectField<?>> aggregates = new ArrayList<>();
        for (CommonTableExpression<?> step : reached) {
            aggregates.add(field(select(count()).from(step)).as("reached" + (aggregates.size() + 1)));
        }
        for (int i = 1; i <= steps.size(); i++) {
            CommonTableExpression<?> step = reached.get(i - 1);
            aggregates.add(field(select(io.sextant.engine.SqlAggregates.median(hours(step.field("t1", LocalDateTime.class),
                    step.field("t" + i, LocalDateTime.class)))).from(step)).as("median_hours" + i));
        }
        return DSL.with(reached.toArray(CommonTableExpression[]::new)).select(aggregates);
    }

    /**
     * The hours from {@code from} to {@code to} (not before it) in whole seconds, as Duration.toSeconds() / 3600:
     * the milliseconds between them (what every engine counts exactly) floored to seconds.
     */
    static Field<Double> hours(Field<LocalDateTime> from, Field<LocalDateTime> to) {
        return floor(localDateTimeDiff(DatePart.MILLISECOND, from, to).cast(SQLDataType.DOUBLE).div(inline(1000.0)))
                .div(inline(3600.0));
    }
}
