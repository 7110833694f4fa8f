package io.sextant.analysis.behaviour.internal;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.emf.ecore.EObject;

import io.sextant.analysis.Analysis;
import io.sextant.analysis.AnalysisContext;
import io.sextant.analysis.AnalysisException;
import io.sextant.analysis.Estimate;
import io.sextant.analysis.Results;
import io.sextant.dsl.seg.EventFilter;
import io.sextant.dsl.seg.Metric;
import io.sextant.dsl.seg.Segment;
import io.sextant.engine.Engine;
import io.sextant.engine.EngineException;
import io.sextant.engine.UserEvents;
import io.sextant.engine.MetricValues;
import io.sextant.engine.UserRecord;
import io.sextant.model.Result;

/**
 * Behaviour → outcome. A behaviour is "at least k events of a name in the first N days after signup" for every
 * event of the catalog and k in {1, 2, 3, 5, 10}; the outcome is a 0/1 metric per user. Among the users whose
 * first N days have ended and who have an outcome value, it compares the outcome's rate with and without each
 * behaviour: the difference with Newcombe's hybrid score interval (built from the two Wilson intervals), the
 * relative lift, and both group sizes. Behaviours are ranked by the lower bound of the difference, so that a
 * large lift on a handful of users does not outrank a solid one; groups under 30 users are listed with a warning
 * and ranked last. The outcome's own events are left out (they would predict it trivially).
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
        SubMonitor progress = SubMonitor.convert(monitor, "Behaviour → outcome", 10);
        LocalDateTime asOf = Engine.asOfInstant(context.asOf());

        MetricValues values = context.engine().metricValues(outcome, segment, progress.split(2));
        Map<String, Boolean> outcomes = new HashMap<>();
        for (Map.Entry<String, BigDecimal> entry : values.values().entrySet()) {
            BigDecimal value = entry.getValue();
            if (value == null) {
                continue;
            }
            if (value.compareTo(BigDecimal.ZERO) != 0 && value.compareTo(BigDecimal.ONE) != 0) {
                throw new AnalysisException("the outcome " + outcome.getName() + " must be 1 or 0 per user (a conversion"
                        + " or retention metric); user " + entry.getKey() + " has " + value.toPlainString());
            }
            outcomes.put(entry.getKey(), value.signum() != 0);
        }
        Map<String, LocalDateTime> windowEnds = new HashMap<>();
        for (UserRecord user : context.engine().users(segment, progress.split(1))) {
            if (user.signup() != null && outcomes.containsKey(user.id())
                    && !user.signup().plusDays(days).isAfter(asOf)) {
                windowEnds.put(user.id(), user.signup().plusDays(days));
            }
        }
        // per event and threshold: users with the behaviour, and of them those with the outcome
        int thresholds = THRESHOLDS.length;
        Map<String, long[]> with = new TreeMap<>();
        Map<String, long[]> withHits = new TreeMap<>();
        for (String event : events) {
            with.put(event, new long[thresholds]);
            withHits.put(event, new long[thresholds]);
        }
        long[] totals = new long[2]; // users, users with the outcome
        context.engine().eventsByUser(segment, events, progress.split(7), (user, userEvents) -> {
            LocalDateTime end = windowEnds.get(user);
            if (end == null) {
                return;
            }
            Map<String, Integer> counts = new HashMap<>();
            for (UserEvents.Event event : userEvents) {
                if (event.time().isBefore(end) && !event.time().isBefore(end.minusDays(days))) {
                    counts.merge(event.name(), 1, Integer::sum);
                }
            }
            boolean hit = outcomes.get(user);
            for (Map.Entry<String, Integer> count : counts.entrySet()) {
                for (int i = 0; i < thresholds; i++) {
                    if (count.getValue() >= THRESHOLDS[i]) {
                        with.get(count.getKey())[i]++;
                        if (hit) {
                            withHits.get(count.getKey())[i]++;
                        }
                    }
                }
            }
        });
        for (String user : windowEnds.keySet()) {
            totals[0]++;
            if (outcomes.get(user)) {
                totals[1]++;
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
            if (element instanceof EventFilter filter) {
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
