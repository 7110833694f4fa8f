package io.sextant.analysis.paths.internal;

import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.collation;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.lag;
import static org.jooq.impl.DSL.listAgg;
import static org.jooq.impl.DSL.localDateTimeAdd;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.min;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.orderBy;
import static org.jooq.impl.DSL.partitionBy;
import static org.jooq.impl.DSL.quotedName;
import static org.jooq.impl.DSL.rowNumber;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.sum;
import static org.jooq.impl.DSL.trueCondition;
import static org.jooq.impl.DSL.when;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.core.runtime.IProgressMonitor;
import org.jooq.CommonTableExpression;
import org.jooq.Condition;
import org.jooq.DatePart;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Select;
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
 * Paths after an anchor. A user's path starts at their first anchor event and is the next {@code steps} events
 * strictly after it within the window, repeats in a row counted once ("page, page, export" is "page → export"), left-out events
 * skipped, up to the outcome if it comes. A path reaches the outcome when the outcome follows the anchor within
 * the window; each path's conversion is the share of its users who reach it (Wilson interval). Three tables: the
 * most common paths, the paths with the highest conversion and those with the lowest (the stalling ones), the
 * last two among paths of at least 30 users. Events at the same instant are in the order of their names (by
 * their characters, on every engine); among paths of as many users, or of the same conversion, the more common
 * path comes first, then the path's text in the same order.
 *
 * <p>Computed where the data is, in one query: each user's first anchor and first outcome are grouped, the events
 * between them are ordered per user with window functions ({@code lag}, {@code row_number}) to drop repeats and
 * number the steps; each anchored user's path is the names of its first {@code steps} events joined
 * ({@code string_agg}/{@code listagg});
 * the users and reached counts are grouped by path, and the three rankings are {@code row_number}s over the
 * paths, the stalling one over the paths of 30 users or more that do not reach (the better half of them reach).
 * What comes back is the paths in any of the three tables, at most three times {@code top}, with their place in
 * each.
 */
public final class PathsAnalysis implements Analysis {

    static final String ARROW = " → ";

    /** The path of a user with no event after the anchor. */
    static final String NOTHING = "(nothing)";

    @Override
    public List<String> unmetRequirements(AnalysisContext context) {
        List<String> unmet = new ArrayList<>();
        for (String parameter : List.of("anchor", "outcome")) {
            String event = context.parameters().text(parameter);
            if (context.catalog().event(event).isEmpty()) {
                unmet.add("the data has no event '" + event + "' (the " + parameter + ")");
            }
        }
        int steps = context.parameters().integer("steps");
        if (steps < 1 || steps > 10) {
            unmet.add("steps is between 1 and 10, not " + steps);
        }
        if (context.parameters().integer("window") < 1) {
            unmet.add("the window is at least 1 day");
        }
        return unmet;
    }

    @Override
    public List<Result> run(AnalysisContext context, IProgressMonitor monitor) throws AnalysisException, EngineException {
        String anchor = context.parameters().text("anchor");
        String outcome = context.parameters().text("outcome");
        int steps = context.parameters().integer("steps");
        long windowHours = 24L * context.parameters().integer("window");
        int top = context.parameters().integer("top");
        Segment segment = context.parameters().segment("segment");
        Set<String> excluded = new LinkedHashSet<>();
        String exclude = context.parameters().text("exclude");
        if (exclude != null) {
            Arrays.stream(exclude.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(excluded::add);
        }

        Select<?> query = query(context.engine().eventsTable(segment, List.of(), monitor), context.engine().dialect(),
                anchor, outcome, steps, windowHours, excluded, top);
        List<PathRow> paths = new ArrayList<>();
        long users = 0;
        long solid = 0;
        for (Record row : context.engine().aggregate(query, "the paths after '" + anchor + "'", monitor)) {
            // the columns in the query's order: path, users, reached, total, common, reaching, stalling, solid
            users = rank(row, 3);
            solid = rank(row, 7);
            paths.add(new PathRow(anchor + ARROW + row.get(0, String.class), rank(row, 1), rank(row, 2), rank(row, 4),
                    rank(row, 5), rank(row, 6)));
        }
        String of = users + " users with a '" + anchor + "'";
        // the query applies the rule the headings state: only paths of at least 30 users reach or stall, and a
        // path is in one of the two tables, never both
        List<PathRow> stallingPaths = ranked(paths, PathRow::stalling);
        return List.of(table("Most common paths", "The paths of the " + of, ranked(paths, PathRow::common)),
                table("Paths that reach " + outcome, "Paths of at least " + Estimate.SMALL_SAMPLE
                        + " users with the highest share reaching '" + outcome + "'" + (solid == 0
                                ? ": no path has that many users" : ""), ranked(paths, PathRow::reaching)),
                table("Paths that stall", "Paths of at least " + Estimate.SMALL_SAMPLE + " users with the lowest share"
                        + " reaching '" + outcome + "', other than those above" + (stallingPaths.isEmpty()
                                ? ": " + (solid < 2 ? "fewer than two paths have that many users" : "none") : ""),
                        stallingPaths));
    }

    /** A path as the query returns it: its users, those who reached the outcome, its place in each table (0: not in it). */
    private record PathRow(String path, long users, long reached, long common, long reaching, long stalling) {
    }

    /** A count or place the query returned (0 for null: not in that table). */
    private static long rank(Record row, int column) {
        Object value = row.get(column);
        return value == null ? 0 : ((Number) value).longValue();
    }

    /** The paths that have a place in a table, in its order. */
    private static List<PathRow> ranked(List<PathRow> paths, java.util.function.ToLongFunction<PathRow> rank) {
        return paths.stream().filter(p -> rank.applyAsLong(p) >= 1).sorted(Comparator.comparingLong(rank)).toList();
    }

    private static final Field<String> USER = field(name("user_id"), SQLDataType.VARCHAR);
    private static final Field<String> EVENT = field(name("event_name"), SQLDataType.VARCHAR);
    private static final Field<LocalDateTime> TIME = field(name("event_time"), SQLDataType.LOCALDATETIME);

    private static Field<Long> number(String column) {
        return field(name(column), SQLDataType.BIGINT);
    }

    /**
     * SELECT path (the events after the anchor, or "(nothing)"), users, reached, total (the users with an anchor),
     * common, reaching, stalling (the path's place in each table; null when it is not in that table), solid (the
     * paths of at least 30 users) of the paths in any of the three tables, over the events ({@code user_id,
     * event_name, event_time}).
     *
     * <p>Shaped so that the engine sorts only what a path can be made of: the anchors and the outcomes are grouped
     * (no sort), and only the events between a user's anchor and their outcome (or the window's end) are ordered,
     * twice (to drop repeats, then to number the steps). The named subqueries are common table expressions, which
     * each engine computes once where it is read twice.
     */
    static Select<?> query(Table<?> events, SQLDialect dialect, String anchor, String outcome, int steps,
            long windowHours, Set<String> excluded, int top) {
        if (dialect == SQLDialect.H2) {
            return rankedPaths(perUserPathsWithoutJoins(events, dialect, anchor, outcome, steps, windowHours, excluded),
                    dialect, top);
        }
        // a: each anchored user's first anchor
        CommonTableExpression<?> a = name("a").as(select(USER, min(TIME).as("t0")).from(events).where(EVENT.eq(anchor))
                .groupBy(USER));
        Field<String> aUser = a.field("user_id", String.class);
        Field<LocalDateTime> t0 = a.field("t0", LocalDateTime.class);
        // w: their events strictly after it within the window, without the left-out ones but with the outcome
        Table<?> e = events.as("e");
        Field<String> eUser = e.field("user_id", String.class);
        Field<String> eEvent = e.field("event_name", String.class);
        Field<LocalDateTime> eTime = e.field("event_time", LocalDateTime.class);
        Condition kept = excluded.isEmpty() ? trueCondition()
                : eEvent.eq(outcome).or(eEvent.notIn(excluded.toArray(String[]::new)));
        CommonTableExpression<?> w = name("w").as(select(eUser, eEvent, eTime).from(e).join(a).on(aUser.eq(eUser))
                .where(eTime.gt(t0)).and(eTime.lt(localDateTimeAdd(t0, Math.toIntExact(windowHours), DatePart.HOUR)))
                .and(kept));
        Field<String> wUser = w.field("user_id", String.class);
        Field<String> wEvent = w.field("event_name", String.class);
        Field<LocalDateTime> wTime = w.field("event_time", LocalDateTime.class);
        // o: when each user's outcome first comes (an event at the same instant counts before it when its name
        // sorts first)
        CommonTableExpression<?> o = name("o").as(select(wUser, min(wTime).as("t_out")).from(w).where(wEvent.eq(outcome))
                .groupBy(wUser));
        Field<String> oUser = o.field("user_id", String.class);
        Field<LocalDateTime> tOut = o.field("t_out", LocalDateTime.class);
        // b: the events before the outcome, each with the one before it
        Table<?> b = select(wUser, wEvent, wTime,
                lag(wEvent).over(partitionBy(wUser).orderBy(wTime, inNameOrder(dialect, wEvent))).as("previous"))
                .from(w).leftJoin(o).on(oUser.eq(wUser))
                .where(tOut.isNull().or(wTime.lt(tOut)).or(wTime.eq(tOut).and(inNameOrder(dialect, wEvent)
                        .lt(inNameOrder(dialect, inline(outcome))))))
                .asTable("b");
        // c: a repeat of the one before left out, numbered again
        Field<String> bEvent = b.field("event_name", String.class);
        Field<LocalDateTime> bTime = b.field("event_time", LocalDateTime.class);
        Field<String> previous = b.field("previous", String.class);
        Table<?> c = select(b.field("user_id", String.class), bEvent,
                rowNumber().over(partitionBy(b.field("user_id")).orderBy(bTime, inNameOrder(dialect, bEvent))).as("k"))
                .from(b).where(previous.isNull().or(previous.ne(bEvent))).asTable("c");
        Field<Long> k = c.field("k", Long.class);
        // p: each path, its first steps events
        CommonTableExpression<?> p = name("p").as(select(c.field("user_id", String.class),
                listAgg(c.field("event_name", String.class), ARROW).withinGroupOrderBy(k).as("path"))
                .from(c).where(k.le((long) steps)).groupBy(c.field("user_id")));
        // per anchored user: the path (or "(nothing)") and whether the outcome came
        Field<String> path = coalesce(p.field("path", String.class), inline(NOTHING)).as("path");
        Table<?> perUser = select(path, when(tOut.isNull(), inline(0)).otherwise(inline(1)).as("reached"))
                .from(a).leftJoin(p).on(p.field("user_id", String.class).eq(aUser)).leftJoin(o).on(oUser.eq(aUser))
                .asTable("per_user");
        return rankedPaths(perUser, dialect, top, a, w, o, p);
    }

    /**
     * H2's form of the per-user paths (path, reached): window functions over each user's events in order, and no
     * join. H2 joins derived tables and common table expressions by nested loops, computing the inner one again
     * for every row of the outer one (PathsTest took 98 s on H2 with the joined form, 2 s with this one);
     * DuckDB sorts every event of every user four times here, which the joined form avoids (2.2 s against 0.6 s at
     * 4.8 million events). The differential test holds the two forms to the same numbers.
     */
    private static Table<?> perUserPathsWithoutJoins(Table<?> events, SQLDialect dialect, String anchor,
            String outcome, int steps, long windowHours, Set<String> excluded) {
        Field<LocalDateTime> anchored = field(name("t0"), SQLDataType.LOCALDATETIME);
        // 1: on each of a user's events, the time of their first anchor
        Table<?> l1 = select(USER, EVENT, TIME, min(when(EVENT.eq(anchor), TIME)).over(partitionBy(USER)).as("t0"))
                .from(events).asTable("l1");
        // 2: the anchored users' first anchor (step 0) and their events strictly after it within the window, without
        // the left-out ones but with the outcome (step 1), numbered in order of time, then name
        Condition kept = excluded.isEmpty() ? trueCondition()
                : EVENT.eq(outcome).or(EVENT.notIn(excluded.toArray(String[]::new)));
        Field<Integer> after = when(TIME.gt(anchored)
                .and(TIME.lt(localDateTimeAdd(anchored, Math.toIntExact(windowHours), DatePart.HOUR))).and(kept),
                inline(1)).otherwise(inline(0));
        Table<?> l2 = select(USER, EVENT, after.as("step"),
                rowNumber().over(partitionBy(USER, after).orderBy(TIME, inNameOrder(dialect, EVENT))).as("n"))
                .from(l1).where(anchored.isNotNull()).and(after.eq(1).or(EVENT.eq(anchor).and(TIME.eq(anchored))))
                .asTable("l2");
        Field<Integer> step = field(name("step"), SQLDataType.INTEGER);
        Field<Long> n = number("n");
        // 3: where the outcome first comes, and the event before each
        Table<?> l3 = select(USER, EVENT, step, n,
                min(when(step.eq(1).and(EVENT.eq(outcome)), n)).over(partitionBy(USER)).as("outcome_at"),
                lag(EVENT).over(partitionBy(USER, step).orderBy(n)).as("previous"))
                .from(l2).asTable("l3");
        Field<Long> outcomeAt = number("outcome_at");
        Field<String> previous = field(name("previous"), SQLDataType.VARCHAR);
        // 4: the events before the outcome, a repeat of the one before left out, numbered again
        Table<?> l4 = select(USER, EVENT, step, outcomeAt,
                rowNumber().over(partitionBy(USER, step).orderBy(n)).as("k"))
                .from(l3).where(step.eq(0).or(outcomeAt.isNull().or(n.lt(outcomeAt))
                        .and(previous.isNull().or(previous.ne(EVENT)))))
                .asTable("l4");
        Field<Long> k = number("k");
        // 5: each anchored user's path (its first steps events) and whether they reached the outcome
        Field<String> path = coalesce(listAgg(when(step.eq(1).and(k.le((long) steps)), EVENT), ARROW)
                .withinGroupOrderBy(k), inline(NOTHING));
        return select(USER, path.as("path"), max(when(outcomeAt.isNull(), inline(0)).otherwise(inline(1)))
                .as("reached")).from(l4).groupBy(USER).asTable("per_user");
    }

    /**
     * From each anchored user's path and whether they reached the outcome ({@code path, reached}): the paths in any
     * of the three tables with their counts and places, the named subqueries {@code with} first.
     *
     * <p>The rule the reaching and stalling tables' headings state is applied here, over every path: of the n
     * paths of at least 30 users, the better half reach (at most {@code top}: places 1 to min(top, ⌈n/2⌉) by
     * conversion, then users, then path), and of the others the worst stall (at most {@code top}, by conversion
     * upwards, then users, then path), so that no path both reaches and stalls.
     */
    private static Select<?> rankedPaths(Table<?> perUser, SQLDialect dialect, int top, CommonTableExpression<?>... with) {
        // users and reached per path
        Field<String> pathColumn = field(name("path"), SQLDataType.VARCHAR);
        Table<?> l6 = select(pathColumn, count().as("users"),
                sum(field(name("reached"), SQLDataType.INTEGER)).as("reached")).from(perUser).groupBy(pathColumn)
                .asTable("l6");
        // each path's place among all paths (users, then path) and among those of 30 users or more (conversion,
        // then users, then path); the users with an anchor, and the paths of 30 users or more
        Field<Long> users = number("users");
        Field<Long> reached = number("reached");
        Field<Double> conversion = reached.cast(SQLDataType.DOUBLE).div(users.cast(SQLDataType.DOUBLE));
        Condition solid = users.ge((long) Estimate.SMALL_SAMPLE);
        Field<Integer> solidGroup = when(solid, inline(1)).otherwise(inline(0));
        Field<String> pathOrder = inNameOrder(dialect, pathColumn);
        Field<Long> total = number("total");
        Field<Long> common = number("common");
        Field<Long> reaching = number("reaching");
        Field<Long> solidPaths = number("solid");
        Table<?> l7 = select(pathColumn, users, reached, sum(users).over().as("total"),
                rowNumber().over(orderBy(users.desc(), pathOrder)).as("common"),
                when(solid, rowNumber().over(partitionBy(solidGroup).orderBy(conversion.desc(), users.desc(), pathOrder)))
                        .as("reaching"),
                sum(solidGroup).over().as("solid"))
                .from(l6).asTable("l7");
        // the better half reach: place p of n when p <= top and 2p - 1 <= n
        Field<Integer> reaches = when(reaching.le((long) top).and(reaching.mul(2).le(solidPaths.add(1))), inline(1))
                .otherwise(inline(0));
        Table<?> l8 = select(pathColumn, users, reached, total, common, reaching, solidPaths, reaches.as("reaches"))
                .from(l7).asTable("l8");
        // the others of 30 users or more, ranked from the lowest conversion
        Field<Integer> reachesColumn = field(name("reaches"), SQLDataType.INTEGER);
        Condition other = reaching.isNotNull().and(reachesColumn.eq(0));
        Table<?> l9 = select(pathColumn, users, reached, total, common, reaching, solidPaths, reachesColumn,
                when(other, rowNumber().over(partitionBy(when(other, inline(1)).otherwise(inline(0)))
                        .orderBy(conversion.asc(), users.desc(), pathOrder))).as("rest"))
                .from(l8).asTable("l9");
        // the worst of them stall: place q when q <= top (there are n - min(top, ⌈n/2⌉) of them, so at most
        // ⌊n/2⌋ stall)
        Field<Long> rest = number("rest");
        Condition stalls = rest.le((long) top);
        List<Field<?>> columns = List.of(pathColumn, users, reached, total,
                when(common.le((long) top), common).as("common"), when(reachesColumn.eq(1), reaching).as("reaching"),
                when(stalls, rest).as("stalling"), solidPaths);
        return (with.length == 0 ? DSL.select(columns) : DSL.with(with).select(columns)).from(l9)
                .where(common.le((long) top).or(reachesColumn.eq(1)).or(stalls));
    }

    /**
     * Texts as they are to be ordered: by their characters on every engine. H2 and DuckDB compare texts so; a
     * PostgreSQL database orders them by its locale unless told the "C" collation, which the others do not know
     * by that name.
     */
    private static Field<String> inNameOrder(SQLDialect dialect, Field<String> text) {
        return dialect == SQLDialect.POSTGRES ? text.collate(collation(quotedName("C"))) : text;
    }

    private static Result table(String name, String description, List<PathRow> rows) {
        List<String> paths = new ArrayList<>();
        List<Double> users = new ArrayList<>();
        List<Double> reached = new ArrayList<>();
        List<Double> conversion = new ArrayList<>();
        List<Double> lower = new ArrayList<>();
        List<Double> upper = new ArrayList<>();
        for (PathRow row : rows) {
            Estimate share = Estimate.proportion(row.reached(), row.users());
            paths.add(row.path());
            users.add((double) row.users());
            reached.add((double) row.reached());
            conversion.add(share.value());
            lower.add(share.lower());
            upper.add(share.upper());
        }
        return Results.table(name, description).text("path", paths).number("users", "users", users)
                .number("reached", "users", reached).number("conversion", "share", conversion)
                .number("lower", "share", lower).number("upper", "share", upper).build();
    }
}
