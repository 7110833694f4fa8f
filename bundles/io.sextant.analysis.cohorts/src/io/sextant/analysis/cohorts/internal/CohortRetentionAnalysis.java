package io.sextant.analysis.cohorts.internal;

import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.denseRank;
import static org.jooq.impl.DSL.extract;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.floor;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.least;
import static org.jooq.impl.DSL.localDateDiff;
import static org.jooq.impl.DSL.localDateTimeDiff;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.orderBy;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.selectDistinct;
import static org.jooq.impl.DSL.when;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.jooq.DatePart;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Select;
import org.jooq.Table;
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
 * Cohort retention. Users are grouped by when they signed up (the day, the ISO week starting on Monday, or the
 * calendar month); period k of a user is [signup + k·L, signup + (k+1)·L) with L one day, 7 days or 30 days, and
 * the user is active in it with any event (or the named one) there. A cell is the share of a cohort's users
 * active in period k, over the users whose period k has ended before the as-of instant (empty when none has):
 * a young cohort's late periods stay empty instead of counting as churn. Users without a signup time have no
 * cohort.
 *
 * <p>Computed where the data is: each user with a signup gets their cohort (the latest cohorts picked with
 * {@code dense_rank}, the older ones counted together) and the number m of their periods that have ended; their
 * events at or after signup are joined to them and reduced to the distinct periods k before m they were active
 * in. What comes back is, per cohort, the users by m and the users active by period k: as many rows as cohorts
 * shown times periods, at most. (An earlier form put the signup on each event with a window over the union of
 * users and events, to spare H2 a join; on DuckDB it cost ten times the join.)
 */
public final class CohortRetentionAnalysis implements Analysis {

    @Override
    public List<String> unmetRequirements(AnalysisContext context) {
        List<String> unmet = new ArrayList<>();
        Integer periods = context.parameters().integer("periods");
        Integer cohorts = context.parameters().integer("cohorts");
        if (periods < 1 || periods > 366) {
            unmet.add("periods is between 1 and 366, not " + periods);
        }
        if (cohorts < 1 || cohorts > 366) {
            unmet.add("cohorts is between 1 and 366, not " + cohorts);
        }
        String active = context.parameters().text("active");
        if (active != null && context.catalog().event(active).isEmpty()) {
            unmet.add("the data has no event '" + active + "' to count as active");
        }
        return unmet;
    }

    @Override
    public List<Result> run(AnalysisContext context, IProgressMonitor monitor) throws AnalysisException, EngineException {
        String period = context.parameters().text("period");
        int periods = context.parameters().integer("periods");
        int cohortCount = context.parameters().integer("cohorts");
        Segment segment = context.parameters().segment("segment");
        String active = context.parameters().text("active");
        long hours = switch (period) {
            case "day" -> 24;
            case "week" -> 24 * 7;
            default -> 24 * 30;
        };
        SubMonitor progress = SubMonitor.convert(monitor, "Cohort retention", 11);
        Table<?> users = context.engine().usersTable(segment, progress.split(1));
        Table<?> cohortUsers = context.engine().joinableByUser(
                cohortUsers(users, context.engine().asOfInstant(), period, hours, periods, cohortCount),
                "the cohorts' users", progress.split(1));
        // the query joins the events to the cohorts' users, who are the segment's (or the population's) already
        Table<?> events = context.engine().eventsOfAnyUser(active == null ? List.of() : List.of(active));
        progress.worked(1);
        progress.subTask("Counting active users");
        Select<?> query = query(cohortUsers, events, hours);

        // per shown cohort (null: the older ones together): the users whose m is n, the users active in period n
        TreeMap<Integer, long[]> endedByCohort = new TreeMap<>();
        TreeMap<Integer, long[]> activeByCohort = new TreeMap<>();
        long[] ended = new long[periods + 1];
        long[] retained = new long[periods];
        for (Record row : context.engine().aggregate(query, "the cohorts' activity", progress.split(8))) {
            Integer cohort = row.get(0) == null ? null : ((Number) row.get(0)).intValue();
            boolean isActivity = ((Number) row.get(1)).intValue() == 1;
            int n = ((Number) row.get(2)).intValue();
            long count = ((Number) row.get(3)).longValue();
            if (isActivity) {
                retained[n] += count;
                if (cohort != null) {
                    activeByCohort.computeIfAbsent(cohort, c -> new long[periods])[n] += count;
                }
            } else {
                ended[n] += count;
                if (cohort != null) {
                    endedByCohort.computeIfAbsent(cohort, c -> new long[periods + 1])[n] += count;
                }
            }
        }
        // a user's period k has ended when k < m: the users observed in k are those whose m is above k
        long[] observed = observed(ended, periods);

        List<String> rows = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        for (int k = 0; k < periods; k++) {
            columns.add(period + " " + k);
        }
        List<Double> cells = new ArrayList<>();
        List<Double> sizes = new ArrayList<>();
        for (Map.Entry<Integer, long[]> cohort : endedByCohort.entrySet()) {
            rows.add(label(cohort.getKey(), period));
            long size = 0;
            for (long withM : cohort.getValue()) {
                size += withM;
            }
            sizes.add((double) size);
            long[] cohortObserved = observed(cohort.getValue(), periods);
            long[] cohortActive = activeByCohort.getOrDefault(cohort.getKey(), new long[periods]);
            for (int k = 0; k < periods; k++) {
                cells.add(cohortObserved[k] == 0 ? null : (double) cohortActive[k] / cohortObserved[k]);
            }
        }
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        List<Double> lower = new ArrayList<>();
        List<Double> upper = new ArrayList<>();
        for (int k = 0; k < periods; k++) {
            Estimate share = Estimate.proportion(retained[k], observed[k]);
            x.add((double) k);
            y.add(observed[k] == 0 ? null : share.value());
            lower.add(observed[k] == 0 ? null : share.lower());
            upper.add(observed[k] == 0 ? null : share.upper());
        }
        String who = segment == null ? "all users" : "the members of " + segment.getName();
        String what = active == null ? "any event" : "a '" + active + "' event";
        return List.of(
                Results.matrix("Cohort retention", "Share of each " + period + "'s signups (" + who + ") with " + what
                        + " in each " + period + " after signup; empty where that " + period + " has not ended",
                        "share", rows, columns, cells),
                Results.table("Cohorts", "Users per cohort").text("cohort", rows).number("users", "users", sizes).build(),
                Results.series("Retention curve", "Share of all cohorts' users active in each " + period
                        + " after signup, with 95% Wilson intervals", period, "share", x, y, lower, upper));
    }

    /** From the users by their number m of ended periods (0 to periods): the users whose period k has ended. */
    private static long[] observed(long[] endedByM, int periods) {
        long[] observed = new long[periods];
        long later = 0;
        for (int k = periods - 1; k >= 0; k--) {
            later += endedByM[k + 1];
            observed[k] = later;
        }
        return observed;
    }

    /** The label of a cohort key: its date (the day, or the Monday of the week), or its month. */
    static String label(int key, String period) {
        return "month".equals(period) ? YearMonth.of(Math.floorDiv(key, 12), Math.floorMod(key, 12) + 1).toString()
                : LocalDate.ofEpochDay(key).toString();
    }

    private static final Field<String> USER = field(name("user_id"), SQLDataType.VARCHAR);
    private static final Field<LocalDateTime> SIGNUP = field(name("signup_time"), SQLDataType.LOCALDATETIME);
    private static final Field<LocalDateTime> TIME = field(name("event_time"), SQLDataType.LOCALDATETIME);

    private static Field<Long> number(String column) {
        return field(name(column), SQLDataType.BIGINT);
    }

    /**
     * Each user of the analysis with a signup, one row: {@code user_id}, {@code signup_time}, the number m of
     * their ended periods (at most {@code periods}) and the cohort shown ({@code shown}: its key among the latest
     * {@code cohorts} keys, null for the older ones, counted together).
     */
    static Select<?> cohortUsers(Table<?> users, Field<LocalDateTime> asOf, String period, long hours, int periods,
            int cohorts) {
        Field<Integer> cohort = cohort(period, SIGNUP);
        return select(USER, SIGNUP, least(inline((long) periods), periodsBetween(SIGNUP, asOf, hours)).as("m"),
                when(denseRank().over(orderBy(cohort.desc())).le(cohorts), cohort).as("shown"))
                .from(users).where(SIGNUP.isNotNull());
    }

    /**
     * SELECT shown (the cohort's key, null for the older ones), kind (0: users by their number of ended periods n;
     * 1: users active in period n), n, users; over the cohort users ({@link #cohortUsers}, joinable by user) and
     * their events ({@code user_id, event_name, event_time}). The events are joined to their user, which every
     * engine does by hash or index, and reduced to the distinct (user, period) pairs of ended periods before
     * anything is counted: one pass over the events, no window over them.
     */
    static Select<?> query(Table<?> cohortUsers, Table<?> events, long hours) {
        // by qualified names: on H2 the cohort users are a table of the run, whose columns jOOQ does not know
        Table<?> u = cohortUsers.as("u");
        Table<?> e = events.as("e");
        Field<String> user = field(name("u", "user_id"), SQLDataType.VARCHAR);
        Field<LocalDateTime> signup = field(name("u", "signup_time"), SQLDataType.LOCALDATETIME);
        Field<Long> m = field(name("u", "m"), SQLDataType.BIGINT);
        Field<Integer> shown = field(name("u", "shown"), SQLDataType.INTEGER);
        Field<Long> k = periodsBetween(signup, field(name("e", "event_time"), SQLDataType.LOCALDATETIME), hours);
        Table<?> active = selectDistinct(user.as("user_id"), shown.as("shown"), k.as("k")).from(e).join(u)
                .on(field(name("e", "user_id"), SQLDataType.VARCHAR).eq(user))
                .where(field(name("e", "event_time"), SQLDataType.LOCALDATETIME).ge(signup)).and(k.lt(m)).asTable("a");
        Field<Integer> activeShown = field(name("a", "shown"), SQLDataType.INTEGER);
        Field<Long> activeK = field(name("a", "k"), SQLDataType.BIGINT);
        return select(shown.as("shown"), inline(0).as("kind"), m.as("n"), count().as("users")).from(u)
                .groupBy(shown, m)
                .unionAll(select(activeShown, inline(1), activeK, count()).from(active).groupBy(activeShown, activeK));
    }

    /** The whole periods of {@code hours} from {@code from} to {@code to} (not before it), as an integer. */
    private static Field<Long> periodsBetween(Field<LocalDateTime> from, Field<LocalDateTime> to, long hours) {
        // the milliseconds between them, which every engine counts exactly, divided and floored
        return floor(localDateTimeDiff(DatePart.MILLISECOND, from, to).cast(SQLDataType.DOUBLE)
                .div(inline(hours * 3_600_000.0))).cast(SQLDataType.BIGINT);
    }

    /**
     * The cohort of a signup as an integer that orders like the cohorts: the day's number since 1970-01-01, that of
     * the Monday on or before it, or the month's (year · 12 + month − 1). In integers, which every engine computes
     * alike: jOOQ 3.21 renders no usable date truncation for DuckDB and none to the week for H2, and its ISO day of
     * the week is unknown to DuckDB.
     */
    private static Field<Integer> cohort(String period, Field<LocalDateTime> signup) {
        Field<Integer> day = localDateDiff(signup.cast(SQLDataType.LOCALDATE), inline(LocalDate.EPOCH));
        return switch (period) {
            case "day" -> day;
            // 1970-01-01 was a Thursday: a day is (its number + 3) mod 7 days after its Monday (mod taken twice for
            // the days before 1970, whose remainder is negative)
            case "week" -> day.minus(day.plus(inline(3)).mod(inline(7)).plus(inline(7)).mod(inline(7)));
            default -> extract(signup, DatePart.YEAR).cast(SQLDataType.INTEGER).mul(inline(12))
                    .plus(extract(signup, DatePart.MONTH).cast(SQLDataType.INTEGER)).minus(inline(1));
        };
    }
}
