package io.sextant.analysis.cohorts.internal;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;

import io.sextant.analysis.Analysis;
import io.sextant.analysis.AnalysisContext;
import io.sextant.analysis.AnalysisException;
import io.sextant.analysis.Estimate;
import io.sextant.analysis.Results;
import io.sextant.dsl.seg.Segment;
import io.sextant.engine.Engine;
import io.sextant.engine.EngineException;
import io.sextant.engine.UserRecord;
import io.sextant.model.Result;

/**
 * Cohort retention. Users are grouped by when they signed up (the day, the ISO week starting on Monday, or the
 * calendar month); period k of a user is [signup + k·L, signup + (k+1)·L) with L one day, 7 days or 30 days, and
 * the user is active in it with any event (or the named one) there. A cell is the share of a cohort's users
 * active in period k, over the users whose period k has ended before the as-of instant (empty when none has):
 * a young cohort's late periods stay empty instead of counting as churn. Users without a signup time have no
 * cohort.
 */
public final class CohortRetentionAnalysis implements Analysis {

    private static final class UserActivity {
        final LocalDateTime signup;
        final String cohort;
        final BitSet active = new BitSet();

        UserActivity(LocalDateTime signup, String cohort) {
            this.signup = signup;
            this.cohort = cohort;
        }
    }

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
        LocalDateTime asOf = Engine.asOfInstant(context.asOf());
        SubMonitor progress = SubMonitor.convert(monitor, "Cohort retention", 10);

        Map<String, UserActivity> users = new HashMap<>();
        for (UserRecord user : context.engine().users(segment, progress.split(2))) {
            if (user.signup() != null) {
                users.put(user.id(), new UserActivity(user.signup(), cohortOf(user.signup().toLocalDate(), period)));
            }
        }
        progress.subTask("Reading activity");
        context.engine().events(segment, active == null ? List.of() : List.of(active), progress.split(8),
                (user, event, time) -> {
                    UserActivity activity = users.get(user);
                    if (activity != null && !time.isBefore(activity.signup)) {
                        long k = Duration.between(activity.signup, time).toHours() / hours;
                        if (k < periods) {
                            activity.active.set((int) k);
                        }
                    }
                });

        // per cohort and period: users whose period has ended, and of them the active ones
        TreeMap<String, long[][]> cohorts = new TreeMap<>();
        long[] observed = new long[periods];
        long[] retained = new long[periods];
        for (UserActivity user : users.values()) {
            long[][] counts = cohorts.computeIfAbsent(user.cohort, c -> new long[3][periods]);
            counts[2][0]++; // the cohort's size
            for (int k = 0; k < periods; k++) {
                if (!user.signup.plusHours(hours * (k + 1)).isAfter(asOf)) {
                    counts[0][k]++;
                    observed[k]++;
                    if (user.active.get(k)) {
                        counts[1][k]++;
                        retained[k]++;
                    }
                }
            }
        }
        List<String> rows = new ArrayList<>(cohorts.keySet());
        if (rows.size() > cohortCount) {
            rows = rows.subList(rows.size() - cohortCount, rows.size());
        }
        List<String> columns = new ArrayList<>();
        for (int k = 0; k < periods; k++) {
            columns.add(period + " " + k);
        }
        List<Double> cells = new ArrayList<>();
        List<Double> sizes = new ArrayList<>();
        for (String cohort : rows) {
            long[][] counts = cohorts.get(cohort);
            sizes.add((double) counts[2][0]);
            for (int k = 0; k < periods; k++) {
                cells.add(counts[0][k] == 0 ? null : (double) counts[1][k] / counts[0][k]);
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

    /** The cohort of a signup date: the date, the Monday of its week, or its month. */
    static String cohortOf(LocalDate signup, String period) {
        return switch (period) {
            case "day" -> signup.toString();
            case "week" -> signup.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toString();
            default -> signup.withDayOfMonth(1).toString().substring(0, 7);
        };
    }
}
