package com.example.sextant.stickiness;

import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.countDistinct;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.localDateDiff;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.selectDistinct;
import static org.jooq.impl.DSL.val;
import static org.jooq.impl.DSL.when;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Select;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

import io.sextant.analysis.Analysis;
import io.sextant.analysis.AnalysisContext;
import io.sextant.analysis.Results;
import io.sextant.dsl.seg.Segment;
import io.sextant.engine.EngineException;
import io.sextant.engine.EngineRun;
import io.sextant.model.Result;

/**
 * Stickiness: for each of the last {@code days} days D before the as-of date, DAU (users with an event on D),
 * MAU (users with an event in the 30 days ending with D) and DAU / MAU. Written only against Sextant's public
 * API, as an example for plug-in authors: the counting is one SQL query that the engine runs where the data is,
 * and only one row per day comes back.
 */
public class StickinessAnalysis implements Analysis {

    static final int MONTH = 30;

    @Override
    public List<String> unmetRequirements(AnalysisContext context) {
        int days = context.parameters().integer("days");
        return days >= 1 && days <= 366 ? List.of() : List.of("days is between 1 and 366, not " + days);
    }

    @Override
    public List<Result> run(AnalysisContext context, IProgressMonitor monitor) throws EngineException {
        int days = context.parameters().integer("days");
        Segment segment = context.parameters().segment("segment");
        LocalDate last = context.asOf();
        LocalDate first = last.minusDays(days - 1L + MONTH - 1L); // the first day any MAU window reaches
        int span = (int) ChronoUnit.DAYS.between(first, last) + 1; // days are numbered 0 (first) to span - 1 (last)

        EngineRun engine = context.engine();
        // the events of the segment's users (everyone's when null) before the as-of instant
        Table<?> events = engine.eventsTable(segment, List.of(), monitor);
        Select<?> query = activeUsersPerDay(events, first, span, days);
        long[] dau = new long[span];
        long[] mau = new long[span];
        for (Record row : engine.aggregate(query, "the daily and monthly active users", monitor)) {
            int day = ((Number) row.get(0)).intValue();
            dau[day] = ((Number) row.get(1)).longValue();
            mau[day] = ((Number) row.get(2)).longValue();
        } // a day without a row had no active user

        List<String> dates = new ArrayList<>();
        List<Double> x = new ArrayList<>();
        List<Double> daily = new ArrayList<>();
        List<Double> monthly = new ArrayList<>();
        List<Double> ratio = new ArrayList<>();
        for (int day = span - days; day < span; day++) {
            dates.add(first.plusDays(day).toString());
            x.add((double) (day - span + 1));
            daily.add((double) dau[day]);
            monthly.add((double) mau[day]);
            ratio.add(mau[day] == 0 ? null : (double) dau[day] / mau[day]);
        }
        return List.of(
                Results.series("Stickiness", "DAU / MAU per day (0 = the as-of date)", "days", "share", x, ratio, null,
                        null),
                Results.table("Daily and monthly active users", "Per day").text("day", dates)
                        .number("DAU", "users", daily).number("MAU", "users", monthly)
                        .number("DAU/MAU", "share", ratio).build());
    }

    /**
     * SELECT day (0 = {@code first}), DAU, MAU of the last {@code days} of the {@code span} days, over the events
     * ({@code user_id, event_name, event_time}); a day without active users has no row.
     */
    static Select<?> activeUsersPerDay(Table<?> events, LocalDate first, int span, int days) {
        Field<String> user = field(name("user_id"), SQLDataType.VARCHAR);
        Field<LocalDateTime> time = field(name("event_time"), SQLDataType.LOCALDATETIME);
        // each user's active days from the first on, as day numbers (one row per user and day)
        Table<?> active = selectDistinct(user, localDateDiff(time.cast(SQLDataType.LOCALDATE), val(first)).as("day_number"))
                .from(events).where(time.ge(val(first.atStartOfDay()))).asTable("active");
        // a day a user is active on makes them monthly active on it and on the 29 days after it
        // (a VALUES list, which every engine has: jOOQ writes generate_series on Trino as a recursive query too deep
        // for Trino to plan)
        @SuppressWarnings("unchecked")
        org.jooq.Row1<Integer>[] offsets = java.util.stream.IntStream.range(0, MONTH)
                .mapToObj(i -> org.jooq.impl.DSL.row(inline(i))).toArray(org.jooq.Row1[]::new);
        Table<?> later = org.jooq.impl.DSL.values(offsets).as("later", "days_after");
        Field<Integer> activeOn = field(name("active", "day_number"), SQLDataType.INTEGER);
        Field<Integer> daysAfter = field(name("later", "days_after"), SQLDataType.INTEGER);
        Field<Integer> day = activeOn.plus(daysAfter);
        return select(day, count(when(daysAfter.eq(0), inline(1))).as("dau"),
                countDistinct(field(name("active", "user_id"))).as("mau"))
                .from(active).crossJoin(later)
                .where(day.between(span - days, span - 1))
                .groupBy(day);
    }
}
