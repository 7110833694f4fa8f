package io.sextant.analysis.behaviour.internal;

import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.localDateTimeAdd;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.quotedName;
import static org.jooq.impl.DSL.unquotedName;
import static org.jooq.impl.DSL.val;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.emf.ecore.EObject;
import org.jooq.DatePart;
import org.jooq.Field;
import org.jooq.Name;
import org.jooq.Record;
import org.jooq.SelectField;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import io.sextant.analysis.Analysis;
import io.sextant.analysis.AnalysisContext;
import io.sextant.analysis.AnalysisException;
import io.sextant.analysis.Estimate;
import io.sextant.analysis.Results;
import io.sextant.dsl.seg.EventFilter;
import io.sextant.dsl.seg.Metric;
import io.sextant.dsl.seg.Segment;
import io.sextant.engine.EngineException;
import io.sextant.engine.EngineRun;
import io.sextant.model.Result;

/**
 * Behaviour → outcome. A behaviour is "at least k events of a name in the first N days after signup" for every
 * event of the catalog and k in {1, 2, 3, 5, 10}; the outcome is a 0/1 metric per user. Among the users whose
 * first N days have ended and who have an outcome value, it compares the outcome's rate with and without each
 * behaviour: the difference with Newcombe's hybrid score interval (built from the two Wilson intervals), the
 * relative lift, and both group sizes. Behaviours are ranked by the lower bound of the difference, so that a
 * large lift on a handful of users does not outrank a solid one; groups under 30 users are listed with a warning
 * and ranked last. The outcome's own events are left out (they would predict it trivially).
 *
 * <p>Computed in SQL: the users whose window has ended with their outcome (a table the run keeps, {@link
 * EngineRun#joinableByUser}), each user's count
 * of each event in their window (grouped by user and event inside the query), then per event the users with at
 * least k of it and of them those with the outcome; what is read back is a row per event of the catalog.
 */
public final class BehaviourOutcomeAnalysis implements Analysis {

    static final int[] THRESHOLDS = { 1, 2, 3, 5, 10 };

    @Override
    public List<String> unmetRequirements(AnalysisContext context) {
        int days = context.parameters().integer("days");
        return days >= 1 && days <= 365 ? List.of() : List.of("days is between 1 and 365, not " + days);
    }

    @Override
    public List<Result> run(AnalysisContext context, IProgressMonitor monitor) throws AnalysisException, EngineException {
        Metric outcome = context.parameters().metric("outcome");
        int days = context.parameters().integer("days");
        Segment segment = context.parameters().segment("segment");
        Set<String> excluded = new HashSet<>(eventsOf(outcome));
        String exclude = context.parameters().text("exclude");
        if (exclude != null) {
            Arrays.stream(exclude.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(excluded::add);
        }
        List<String> events = context.catalog().events().keySet().stream().filter(e -> !excluded.contains(e))
                .sorted().toList();
        SubMonitor progress = SubMonitor.convert(monitor, "Behaviour → outcome", 11);
        EngineRun run = context.engine();

        // the outcome: 0 or 1 per user, checked in SQL (the first user with another value is named)
        Name o = unquotedName("oc");
        Table<?> outcomes = run.metricTable(outcome, segment, progress.split(2)).as(o);
        Field<String> outcomeUser = field(name(o, unquotedName("user_id")), SQLDataType.VARCHAR);
        Field<Double> value = field(name(o, quotedName("value")), SQLDataType.DOUBLE);
        var other = DSL.select(outcomeUser, value).from(outcomes)
                .where(value.isNotNull(), value.ne(inline(0.0)), value.ne(inline(1.0))).orderBy(outcomeUser).limit(1);
        List<Record> others = run.aggregate(other, "the values of the outcome " + outcome.getName(), 1,
                progress.split(1));
        if (!others.isEmpty()) {
            Record row = others.get(0);
            throw new AnalysisException("the outcome " + outcome.getName() + " must be 1 or 0 per user (a conversion"
                    + " or retention metric); user " + row.get(0, String.class) + " has "
                    + BigDecimal.valueOf(row.get(1, Double.class)).stripTrailingZeros().toPlainString());
        }

        // the users whose first N days have ended before T and who have an outcome: the users' signups and the
        // outcomes side by side (UNION ALL, grouped by user: no join of two derived tables), kept as a table of
        // the run that the events' query joins
        Name us = unquotedName("us");
        Name both = unquotedName("ub");
        Name g = unquotedName("ug");
        var signups = DSL.select(field(name(us, unquotedName("user_id")), SQLDataType.VARCHAR).as(unquotedName("user_id")),
                field(name(us, unquotedName("signup_time")), SQLDataType.LOCALDATETIME).as(unquotedName("signup_time")),
                DSL.castNull(SQLDataType.DOUBLE).as(unquotedName("hit")))
                .from(run.usersTable(segment, progress.split(1)).as(us));
        var hits = DSL.select(outcomeUser.as(unquotedName("user_id")),
                DSL.castNull(SQLDataType.LOCALDATETIME).as(unquotedName("signup_time")), value.as(unquotedName("hit")))
                .from(outcomes).where(value.isNotNull());
        Field<String> bothUser = field(name(both, unquotedName("user_id")), SQLDataType.VARCHAR);
        Table<?> grouped = DSL.select(bothUser.as(unquotedName("user_id")),
                DSL.max(field(name(both, unquotedName("signup_time")), SQLDataType.LOCALDATETIME))
                        .as(unquotedName("signup_time")),
                DSL.max(field(name(both, unquotedName("hit")), SQLDataType.DOUBLE)).as(unquotedName("hit")))
                .from(signups.unionAll(hits).asTable(both)).groupBy(bothUser).asTable(g);
        Field<LocalDateTime> signup = field(name(g, unquotedName("signup_time")), SQLDataType.LOCALDATETIME);
        Field<Double> outcomeValue = field(name(g, unquotedName("hit")), SQLDataType.DOUBLE);
        Field<LocalDateTime> windowEnd = localDateTimeAdd(signup, val(24 * days, SQLDataType.INTEGER), DatePart.HOUR);
        Table<?> eligible = run.joinableByUser(DSL.select(field(name(g, unquotedName("user_id")), SQLDataType.VARCHAR)
                .as(unquotedName("user_id")), signup.as(unquotedName("signup_time")),
                windowEnd.as(unquotedName("window_end")), outcomeValue.as(unquotedName("hit")))
                .from(grouped).where(signup.isNotNull(), outcomeValue.isNotNull(), windowEnd.le(run.asOfInstant())),
                "the users whose first " + days + " days have ended", progress.split(1)).as(unquotedName("el"));
        Name el = unquotedName("el");
        Field<String> eligibleUser = field(name(el, unquotedName("user_id")), SQLDataType.VARCHAR);
        Field<Double> hit = field(name(el, unquotedName("hit")), SQLDataType.DOUBLE);
        Record total = run.aggregate(DSL.select(count(), count().filterWhere(hit.eq(inline(1.0)))).from(eligible),
                "the users whose first " + days + " days have ended", 1, progress.split(1)).get(0);
        long[] totals = { total.get(0, Long.class), total.get(1, Long.class) }; // users, users with the outcome

        // per event: users with at least k events in their first N days, and of them those with the outcome
        int thresholds = THRESHOLDS.length;
        Map<String, long[]> with = new TreeMap<>();
        Map<String, long[]> withHits = new TreeMap<>();
        for (String event : events) {
            with.put(event, new long[thresholds]);
            withHits.put(event, new long[thresholds]);
        }
        if (!events.isEmpty()) {
            Name ev = unquotedName("ev");
            Field<String> eventUser = field(name(ev, unquotedName("user_id")), SQLDataType.VARCHAR);
            Field<String> eventName = field(name(ev, unquotedName("event_name")), SQLDataType.VARCHAR);
            Field<LocalDateTime> time = field(name(ev, unquotedName("event_time")), SQLDataType.LOCALDATETIME);
            Table<?> counts = DSL.select(eventName.as(unquotedName("event_name")), hit.as(unquotedName("hit")),
                    count().as(unquotedName("events")))
                    .from(run.eventsTable(segment, events, progress.split(2)).as(ev)).join(eligible)
                    .on(eligibleUser.eq(eventUser))
                    .where(time.ge(field(name(el, unquotedName("signup_time")), SQLDataType.LOCALDATETIME)),
                            time.lt(field(name(el, unquotedName("window_end")), SQLDataType.LOCALDATETIME)))
                    .groupBy(eventUser, eventName, hit).asTable(unquotedName("uc"));
            Name uc = unquotedName("uc");
            Field<String> countedEvent = field(name(uc, unquotedName("event_name")), SQLDataType.VARCHAR);
            Field<Long> eventsOfUser = field(name(uc, unquotedName("events")), SQLDataType.BIGINT);
            Field<Double> hitOfUser = field(name(uc, unquotedName("hit")), SQLDataType.DOUBLE);
            List<SelectField<?>> columns = new ArrayList<>();
            columns.add(countedEvent);
            for (int threshold : THRESHOLDS) {
                columns.add(count().filterWhere(eventsOfUser.ge(inline((long) threshold))));
                columns.add(count().filterWhere(eventsOfUser.ge(inline((long) threshold)), hitOfUser.eq(inline(1.0))));
            }
            var query = DSL.select(columns).from(counts).groupBy(countedEvent);
            for (Record row : run.aggregate(query, "the behaviours", progress.split(3))) {
                String event = row.get(0, String.class);
                for (int i = 0; i < thresholds; i++) {
                    with.get(event)[i] = row.get(1 + 2 * i, Long.class);
                    withHits.get(event)[i] = row.get(2 + 2 * i, Long.class);
                }
            }
        }

        List<Row> rows = new ArrayList<>();
        for (String event : events) {
            for (int i = 0; i < thresholds; i++) {
                long n1 = with.get(event)[i];
                long h1 = withHits.get(event)[i];
                long n0 = totals[0] - n1;
                long h0 = totals[1] - h1;
                if (n1 == 0 || n0 == 0) {
                    continue;
                }
                rows.add(new Row(event, THRESHOLDS[i], Estimate.proportion(h1, n1), Estimate.proportion(h0, n0)));
            }
        }
        rows.sort(Comparator.comparing((Row r) -> r.small()).thenComparing(Comparator.comparingDouble(Row::lower)
                .reversed()));
        return List.of(table(rows, outcome, days, totals[0]));
    }

    /** The events whose presence defines the outcome metric (its event filters and anchors). */
    private static Set<String> eventsOf(Metric metric) {
        Set<String> names = new HashSet<>();
        for (EObject element : (Iterable<EObject>) metric::eAllContents) {
            if (element instanceof EventFilter filter && filter.getEvent() != null) { // any event names none
                names.add(filter.getEvent());
            } else if (element instanceof io.sextant.dsl.seg.FirstEventAnchor anchor) {
                names.add(anchor.getEvent());
            }
        }
        return names;
    }

    /** A behaviour with the outcome's rate among users who have it and who do not. */
    record Row(String event, int atLeast, Estimate with, Estimate without) {
        double difference() {
            return with.value() - without.value();
        }

        /** Newcombe's hybrid score interval for the difference of two proportions (method 10). */
        double lower() {
            return difference() - Math.sqrt(square(with.value() - with.lower()) + square(without.upper() - without.value()));
        }

        double upper() {
            return difference() + Math.sqrt(square(with.upper() - with.value()) + square(without.value() - without.lower()));
        }

        boolean small() {
            return with.smallSample() || without.smallSample();
        }

        private static double square(double x) {
            return x * x;
        }
    }

    private static Result table(List<Row> rows, Metric outcome, int days, long users) {
        List<String> behaviours = new ArrayList<>();
        List<Double> withUsers = new ArrayList<>();
        List<Double> withRate = new ArrayList<>();
        List<Double> withoutUsers = new ArrayList<>();
        List<Double> withoutRate = new ArrayList<>();
        List<Double> difference = new ArrayList<>();
        List<Double> lower = new ArrayList<>();
        List<Double> upper = new ArrayList<>();
        List<Double> lift = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (Row row : rows) {
            behaviours.add(String.format(Locale.ROOT, "%s at least %d× in the first %d days", row.event(), row.atLeast(),
                    days));
            withUsers.add((double) row.with().n());
            withRate.add(row.with().value());
            withoutUsers.add((double) row.without().n());
            withoutRate.add(row.without().value());
            difference.add(row.difference());
            lower.add(row.lower());
            upper.add(row.upper());
            lift.add(row.without().value() == 0 ? null : row.with().value() / row.without().value() - 1);
            warnings.add(row.small() ? "fewer than " + Estimate.SMALL_SAMPLE + " users on one side: unreliable" : "");
        }
        return Results.table("Behaviour → outcome", "The rate of " + outcome.getName() + " among the " + users
                + " users whose first " + days + " days have ended, with and without each early behaviour; ranked by"
                + " the lower bound of the difference (95%, Newcombe)").text("behaviour", behaviours)
                .number("users with", "users", withUsers).number("rate with", "share", withRate)
                .number("users without", "users", withoutUsers).number("rate without", "share", withoutRate)
                .number("difference", "share", difference).number("lower", "share", lower)
                .number("upper", "share", upper).number("lift", "share", lift).text("warning", warnings).build();
    }
}
