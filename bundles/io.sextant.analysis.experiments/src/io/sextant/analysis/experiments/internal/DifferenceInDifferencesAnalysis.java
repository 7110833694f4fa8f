package io.sextant.analysis.experiments.internal;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;

import io.sextant.analysis.Analysis;
import io.sextant.analysis.AnalysisContext;
import io.sextant.analysis.AnalysisException;
import io.sextant.analysis.Results;
import io.sextant.analysis.experiments.stats.DifferenceInDifferences;
import io.sextant.dsl.seg.Segment;
import io.sextant.engine.EngineException;
import io.sextant.engine.UserEvents;
import io.sextant.model.Result;

/**
 * A change without randomisation: how much more (or less) often the treated segment's users did an event per
 * period after the change than before, against the comparison segment's users over the same periods. Each
 * user's count of the event in each period (zero when they did not do it) makes the panel that
 * {@link DifferenceInDifferences} estimates from, with the parallel pre-trends check and the assumptions in
 * the result. Membership is as of the run's date; a user in both segments is in neither group (and counted).
 */
public final class DifferenceInDifferencesAnalysis implements Analysis {

    static final double ALPHA = 0.05;

    @Override
    public List<String> unmetRequirements(AnalysisContext context) {
        List<String> unmet = new ArrayList<>();
        String event = context.parameters().text("event");
        if (context.catalog().event(event).isEmpty()) {
            unmet.add("the data has no event '" + event + "'");
        }
        int pre = context.parameters().integer("pre");
        int post = context.parameters().integer("post");
        if (pre < 1 || post < 1) {
            unmet.add("pre and post need at least one period each, not pre " + pre + " and post " + post);
            return unmet;
        }
        LocalDate change = context.parameters().date("change");
        LocalDate end = change.plusDays((long) post * periodDays(context));
        if (end.isAfter(context.asOf().plusDays(1))) {
            unmet.add("the last post-period ends on " + end.minusDays(1) + ", after the as-of date " + context.asOf()
                    + "; use fewer post-periods or a later as-of date");
        }
        Segment treated = context.parameters().segment("treated");
        Segment comparison = context.parameters().segment("comparison");
        if (treated != null && treated == comparison) {
            unmet.add("the treated and comparison segments are the same segment, " + treated.getName());
        }
        return unmet;
    }

    private static int periodDays(AnalysisContext context) {
        return "day".equals(context.parameters().text("period")) ? 1 : 7;
    }

    @Override
    public List<Result> run(AnalysisContext context, IProgressMonitor monitor) throws AnalysisException, EngineException {
        SubMonitor progress = SubMonitor.convert(monitor, "Difference in differences", 3);
        Segment treatedSegment = context.parameters().segment("treated");
        Segment comparisonSegment = context.parameters().segment("comparison");
        String event = context.parameters().text("event");
        int pre = context.parameters().integer("pre");
        int post = context.parameters().integer("post");
        int days = periodDays(context);
        String periodName = days == 1 ? "day" : "week";
        LocalDate change = context.parameters().date("change");
        LocalDateTime start = change.minusDays((long) pre * days).atStartOfDay();
        int periods = pre + post;

        Set<String> treated = new LinkedHashSet<>(context.engine().members(treatedSegment, progress.split(1)));
        Set<String> comparison = new LinkedHashSet<>(context.engine().members(comparisonSegment, progress.split(1)));
        Set<String> both = new LinkedHashSet<>(treated);
        both.retainAll(comparison);
        treated.removeAll(both);
        comparison.removeAll(both);
        if (treated.size() < 2 || comparison.size() < 2) {
            throw new AnalysisException("difference in differences needs at least 2 users in each group; "
                    + treatedSegment.getName() + " has " + treated.size() + " and " + comparisonSegment.getName()
                    + " has " + comparison.size() + " (users in both are left out: " + both.size() + ")");
        }

        // each group's members' events only (their tables are already computed in this run), not every user's
        Map<String, double[]> counts = new HashMap<>();
        UserEvents count = (user, events) -> {
            if (!treated.contains(user) && !comparison.contains(user)) {
                return; // in both segments: left out
            }
            double[] row = counts.computeIfAbsent(user, u -> new double[periods]);
            for (UserEvents.Event each : events) {
                long day = ChronoUnit.DAYS.between(start.toLocalDate(), each.time().toLocalDate());
                if (!each.time().isBefore(start) && day / days < periods) {
                    row[(int) (day / days)]++;
                }
            }
        };
        SubMonitor reading = progress.split(1).setWorkRemaining(2);
        context.engine().eventsByUser(treatedSegment, List.of(event), reading.split(1), count);
        context.engine().eventsByUser(comparisonSegment, List.of(event), reading.split(1), count);
        double[][] treatedPanel = panel(treated, counts, periods);
        double[][] comparisonPanel = panel(comparison, counts, periods);
        String metric = "'" + event + "' per user per " + periodName;
        DifferenceInDifferences.Result did = DifferenceInDifferences.estimate(metric, "events", treatedPanel,
                comparisonPanel, pre, ALPHA);

        String label = treatedSegment.getName() + " vs " + comparisonSegment.getName();
        List<Result> results = new ArrayList<>();
        results.add(Results.table("Difference in differences", "Change of " + metric + " from the " + pre + " "
                + periodName + "s before " + change + " to the " + post + " after it, treated minus comparison, with its "
                + Math.round((1 - ALPHA) * 100) + "% interval (Welch's t on each user's change)")
                .text("label", List.of(label))
                .number("estimate", "events", List.of(did.estimate()))
                .number("lower", "events", List.of(did.interval().lower()))
                .number("upper", "events", List.of(did.interval().upper()))
                .number("p-value", "", List.of(did.pValue()))
                .number("treated change", "events", List.of(did.treatedChange()))
                .number("comparison change", "events", List.of(did.comparisonChange()))
                .number("treated users", "users", List.of((double) treated.size()))
                .number("comparison users", "users", List.of((double) comparison.size()))
                .number("users in both, left out", "users", List.of((double) both.size()))
                .build());

        List<String> periodStarts = new ArrayList<>();
        List<Double> treatedMeans = new ArrayList<>();
        List<Double> comparisonMeans = new ArrayList<>();
        List<Double> x = new ArrayList<>();
        List<Double> gap = new ArrayList<>();
        for (int p = 0; p < periods; p++) {
            periodStarts.add(start.toLocalDate().plusDays((long) p * days) + (p < pre ? " (before)" : " (after)"));
            treatedMeans.add(mean(treatedPanel, p));
            comparisonMeans.add(mean(comparisonPanel, p));
            x.add((double) (p - pre));
            gap.add(treatedMeans.get(p) - comparisonMeans.get(p));
        }
        results.add(Results.table("Periods", "Mean " + metric + " of each group in each " + periodName)
                .text("period starting", periodStarts).number("treated mean", "events", treatedMeans)
                .number("comparison mean", "events", comparisonMeans).build());
        results.add(Results.series("Gap by period", "Treated mean minus comparison mean in each " + periodName
                + ", numbered from the change (0 is the first " + periodName + " after it): flat before the change"
                + " is what parallel trends look like", periodName + "s from the change", "events", x, gap, null, null));

        String check;
        if (!did.preTrendsChecked()) {
            check = "not checked (one pre-period)";
        } else {
            check = did.parallelTrendsRejected() ? "rejected: the estimate is likely biased" : "not rejected";
        }
        Results.TableBuilder trends = Results.table("Parallel pre-trends", "Each user's least-squares slope over the "
                + pre + " pre-periods; the groups' mean slopes compared with Welch's t (a difference with p < "
                + DifferenceInDifferences.DEFAULT_TREND_ALPHA + " rejects parallel trends)")
                .text("check", List.of(check));
        if (did.preTrendsChecked()) {
            trends.number("slope difference", "events per " + periodName, List.of(did.preTrend().absoluteLift()))
                    .number("lower", "events per " + periodName, List.of(did.preTrend().absoluteInterval().lower()))
                    .number("upper", "events per " + periodName, List.of(did.preTrend().absoluteInterval().upper()))
                    .number("p-value", "", List.of(did.preTrend().pValue()));
        }
        results.add(trends.build());
        results.add(Results.table("Assumptions", "What the estimate assumes; only the first is checked, and a"
                + " passed check does not prove it").text("assumption", did.assumptions()).build());
        if (!did.warnings().isEmpty()) {
            results.add(Results.table("Warnings", "Read these before the estimate").text("warning", did.warnings())
                    .build());
        }
        return results;
    }

    private static double[][] panel(Set<String> users, Map<String, double[]> counts, int periods) {
        double[][] panel = new double[users.size()][];
        int i = 0;
        for (String user : users) {
            panel[i++] = counts.getOrDefault(user, new double[periods]);
        }
        return panel;
    }

    private static double mean(double[][] panel, int period) {
        double sum = 0;
        for (double[] row : panel) {
            sum += row[period];
        }
        return sum / panel.length;
    }
}
