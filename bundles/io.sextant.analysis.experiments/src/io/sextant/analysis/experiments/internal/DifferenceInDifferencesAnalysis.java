package io.sextant.analysis.experiments.internal;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;

import io.sextant.analysis.Analysis;
import io.sextant.analysis.AnalysisContext;
import io.sextant.analysis.AnalysisException;
import io.sextant.analysis.Results;
import io.sextant.analysis.experiments.stats.DifferenceInDifferences;
import io.sextant.analysis.experiments.stats.Sample;
import io.sextant.dsl.seg.Segment;
import io.sextant.engine.EngineException;
import io.sextant.engine.EngineRun;
import io.sextant.model.Result;

/**
 * A change without randomisation: how much more (or less) often the treated segment's users did an event per
 * period after the change than before, against the comparison segment's users over the same periods. Each
 * user's count of the event in each period (zero when they did not do it) makes the panel that
 * {@link DifferenceInDifferences} estimates from, with the parallel pre-trends check and the assumptions in
 * the result; the panel is summed in SQL ({@link Panel}), so what is read back is a row per group and per group
 * and period. Membership is as of the run's date; a user in both segments is in neither group (and counted).
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

        EngineRun run = context.engine();
        Panel panel = Panel.read(run, treatedSegment, comparisonSegment, event, start, days, pre, post,
                progress.split(3));
        long treatedUsers = panel.treated().users();
        long comparisonUsers = panel.comparison().users();
        if (treatedUsers < 2 || comparisonUsers < 2) {
            throw new AnalysisException("difference in differences needs at least 2 users in each group; "
                    + treatedSegment.getName() + " has " + treatedUsers + " and " + comparisonSegment.getName()
                    + " has " + comparisonUsers + " (users in both are left out: " + panel.both() + ")");
        }
        String metric = "'" + event + "' per user per " + periodName;
        DifferenceInDifferences.Result did = DifferenceInDifferences.estimate(metric, "events",
                Sample.Summary.of("treated", panel.treated().change()),
                Sample.Summary.of("comparison", panel.comparison().change()),
                pre < 2 ? null : Sample.Summary.of("treated", panel.treated().slope()),
                pre < 2 ? null : Sample.Summary.of("comparison", panel.comparison().slope()), ALPHA,
                DifferenceInDifferences.DEFAULT_TREND_ALPHA);

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
                .number("treated users", "users", List.of((double) treatedUsers))
                .number("comparison users", "users", List.of((double) comparisonUsers))
                .number("users in both, left out", "users", List.of((double) panel.both()))
                .build());

        List<String> periodStarts = new ArrayList<>();
        List<Double> treatedMeans = new ArrayList<>();
        List<Double> comparisonMeans = new ArrayList<>();
        List<Double> x = new ArrayList<>();
        List<Double> gap = new ArrayList<>();
        for (int p = 0; p < periods; p++) {
            periodStarts.add(start.toLocalDate().plusDays((long) p * days) + (p < pre ? " (before)" : " (after)"));
            treatedMeans.add((double) panel.treated().events()[p] / treatedUsers);
            comparisonMeans.add((double) panel.comparison().events()[p] / comparisonUsers);
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
}
