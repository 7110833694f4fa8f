package io.sextant.analysis.experiments.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;

import io.sextant.analysis.Analysis;
import io.sextant.analysis.AnalysisContext;
import io.sextant.analysis.AnalysisException;
import io.sextant.analysis.experiments.stats.Comparison;
import io.sextant.analysis.experiments.stats.CupedComparison;
import io.sextant.analysis.experiments.stats.Interval;
import io.sextant.analysis.experiments.stats.MetricKind;
import io.sextant.analysis.experiments.stats.MultipleTesting;
import io.sextant.analysis.experiments.stats.MultipleTesting.Correction;
import io.sextant.analysis.experiments.stats.PowerAnalysis;
import io.sextant.analysis.experiments.stats.SampleRatio;
import io.sextant.analysis.experiments.stats.SampleRatioResult;
import io.sextant.analysis.experiments.stats.SegmentBreakdown;
import io.sextant.analysis.experiments.stats.SequentialMonitor;
import io.sextant.analysis.experiments.stats.VariantStats;
import io.sextant.dsl.SegDefinitions;
import io.sextant.dsl.seg.Experiment;
import io.sextant.dsl.seg.Metric;
import io.sextant.dsl.seg.Segment;
import io.sextant.dsl.seg.Variant;
import io.sextant.engine.EngineException;
import io.sextant.engine.EngineRun;
import io.sextant.model.Result;

/**
 * The experiment analysis: counts who is in which variant (first assignment event, see {@link Assignments}),
 * checks the sample ratio against the planned allocation, compares every treatment with the control on the
 * primary metric and the guardrails (corrected for multiple testing), with CUPED when the experiment names a
 * covariate, always-valid intervals on request, the power reached, and the primary metric per segment.
 * A sample ratio mismatch marks the whole result untrustworthy.
 */
public final class ExperimentAnalysis implements Analysis {

    @Override
    public List<String> unmetRequirements(AnalysisContext context) {
        Experiment experiment = context.parameters().experiment("experiment");
        List<String> unmet = new ArrayList<>();
        String where = where(experiment) + ": experiment " + experiment.getName();
        if (experiment.getVariants().size() < 2) {
            unmet.add(where + " needs at least two variants (the first is the control)");
        }
        if (experiment.getAssignmentEvent() == null || experiment.getAssignmentProperty() == null) {
            unmet.add(where + " has no assignment clause (write assignment \"event\".property)");
        }
        if (experiment.getPrimary() == null) {
            unmet.add(where + " has no primary metric");
        }
        double alpha = alpha(experiment);
        if (!(alpha > 0 && alpha < 1)) {
            unmet.add(where + ": alpha is between 0 and 1, not " + experiment.getAlpha());
        }
        return unmet;
    }

    @Override
    public List<Result> run(AnalysisContext context, IProgressMonitor monitor) throws AnalysisException, EngineException {
        Experiment experiment = context.parameters().experiment("experiment");
        Correction correction = "bh".equals(context.parameters().text("correction")) ? Correction.BENJAMINI_HOCHBERG
                : Correction.HOLM;
        boolean sequential = Boolean.TRUE.equals(context.parameters().flag("sequential"));
        List<Segment> segments = context.parameters().segments("segments");
        double alpha = alpha(experiment);
        List<Metric> metrics = metrics(experiment);
        SubMonitor progress = SubMonitor.convert(monitor, "Experiment " + experiment.getName(),
                3 + metrics.size() + segments.size());
        EngineRun run = context.engine();

        Segment population = experiment.getPopulation();
        progress.subTask("Assignments");
        Assignments assignments = Assignments.read(run, experiment, population, progress.split(2));
        List<String> variants = new ArrayList<>(assignments.users().keySet());
        String control = variants.get(0);
        List<String> treatments = variants.subList(1, variants.size());
        if (assignments.assigned() == 0) {
            throw new AnalysisException(where(experiment) + ": no user of experiment " + experiment.getName()
                    + " has an assignment event \"" + experiment.getAssignmentEvent() + "\" with a variant of "
                    + String.join(", ", variants) + " before " + context.asOf().plusDays(1) + excluded(assignments));
        }
        Map<String, Double> planned = new LinkedHashMap<>();
        for (Variant variant : experiment.getVariants()) {
            planned.put(variant.getName(), variant.getAllocation().doubleValue());
        }
        SampleRatioResult sampleRatio = SampleRatio.check(assignments.users(), planned);

        ExperimentReport report = new ExperimentReport(experiment, alpha, correction, sequential, assignments,
                sampleRatio, planned);
        report.warnings.addAll(assignmentWarnings(experiment, assignments));

        MetricData.Covariate covariate = null;
        if (experiment.getCovariate() != null) {
            progress.subTask("Covariate " + experiment.getCovariate().getName());
            covariate = covariate(run, experiment.getCovariate(), population, assignments, report, progress.split(1));
        }
        for (Metric metric : metrics) {
            progress.subTask("Metric " + metric.getName());
            boolean cuped = covariate != null && MetricData.kindOf(metric) != MetricKind.RATIO;
            MetricData data = MetricData.read(run, metric, population, assignments, null, cuped ? covariate : null,
                    progress.split(1));
            String role = metric == experiment.getPrimary() ? "primary" : "guardrail";
            report.addVariants(data, role);
            String window = MetricWindows.unanchored(metric);
            if (window != null) {
                report.warnings.add(metric.getName() + " " + window + ": it may count events from before a user's"
                        + " assignment (measure after assignment with a window 'after signup' or 'after first \""
                        + experiment.getAssignmentEvent() + "\"')");
            }
            for (String treatment : treatments) {
                compare(report, data, role, control, treatment, covariate != null, alpha);
            }
        }
        report.power(experiment, control, treatments); // first: it fixes the size the sequential monitor is tuned to
        report.correct();

        Metric primary = experiment.getPrimary();
        for (Segment segment : segments) {
            progress.subTask("Segment " + segment.getName());
            MetricData data = MetricData.read(run, primary, population, assignments, segment, null, progress.split(1));
            for (String treatment : treatments) {
                report.addSegment(segment.getName(), data, control, treatment);
            }
        }
        report.breakdowns(correction);
        return report.results();
    }

    private static void compare(ExperimentReport report, MetricData data, String role, String control,
            String treatment, boolean covariate, double alpha) {
        Comparison comparison;
        try {
            comparison = data.compare(control, treatment, alpha);
        } catch (IllegalArgumentException e) {
            report.warnings.add(data.name + ", " + treatment + " against " + control + " not compared: "
                    + e.getMessage());
            return;
        }
        CupedComparison cuped = null;
        if (covariate) {
            if (data.kind == MetricKind.RATIO) {
                report.warnings.add(data.name + ": CUPED is not applied to ratio metrics; the unadjusted lift is shown");
            } else {
                cuped = data.cuped(control, treatment, alpha);
                comparison = cuped.adjusted();
            }
        }
        report.addLift(data, role, comparison, cuped);
    }

    /**
     * The covariate for the assigned users: a user without a value gets the mean of the assigned users with one,
     * so CUPED leaves that user unadjusted (a ratio covariate is the user's own ratio).
     */
    private static MetricData.Covariate covariate(EngineRun run, Metric metric, Segment population,
            Assignments assignments, ExperimentReport report, IProgressMonitor monitor) throws EngineException {
        MetricData.Covariate covariate = MetricData.Covariate.read(run, metric, population, assignments, monitor);
        if (covariate.missing() > 0) {
            report.warnings.add(covariate.missing() + " assigned users have no value of the covariate "
                    + SegDefinitions.qualifiedName(metric)
                    + "; CUPED uses the mean of the others for them (they are not adjusted)");
        }
        return covariate;
    }

    private static List<Metric> metrics(Experiment experiment) {
        List<Metric> metrics = new ArrayList<>();
        metrics.add(experiment.getPrimary());
        for (Metric guardrail : experiment.getGuardrails()) {
            if (!metrics.contains(guardrail)) {
                metrics.add(guardrail);
            }
        }
        return metrics;
    }

    private static List<String> assignmentWarnings(Experiment experiment, Assignments a) {
        List<String> warnings = new ArrayList<>();
        if (a.severalVariants() > 0) {
            warnings.add(a.severalVariants() + " users have assignment events naming more than one variant and are"
                    + " left out");
        }
        if (a.withoutVariant() > 0) {
            warnings.add(a.withoutVariant() + " users' first assignment event has no " + experiment.getAssignmentProperty()
                    + " value; they are left out");
        }
        a.unknownVariants().forEach((variant, users) -> warnings.add(users + " users were assigned to \"" + variant
                + "\", which experiment " + experiment.getName() + " does not define; they are left out"));
        if (a.outsidePopulation() > 0) {
            warnings.add(a.outsidePopulation() + " assigned users are not in the population "
                    + experiment.getPopulation().getName() + " and are left out");
        }
        return warnings;
    }

    private static String excluded(Assignments a) {
        long left = a.severalVariants() + a.withoutVariant() + a.outsidePopulation()
                + a.unknownVariants().values().stream().mapToLong(Long::longValue).sum();
        return left == 0 ? "" : " (" + left + " assigned users were left out: " + String.join("; ",
                assignmentWarningsShort(a)) + ")";
    }

    private static List<String> assignmentWarningsShort(Assignments a) {
        List<String> parts = new ArrayList<>();
        if (a.severalVariants() > 0) {
            parts.add(a.severalVariants() + " in several variants");
        }
        if (a.withoutVariant() > 0) {
            parts.add(a.withoutVariant() + " without a variant");
        }
        if (!a.unknownVariants().isEmpty()) {
            parts.add("unknown variants " + a.unknownVariants());
        }
        if (a.outsidePopulation() > 0) {
            parts.add(a.outsidePopulation() + " outside the population");
        }
        return parts;
    }

    static double alpha(Experiment experiment) {
        return experiment.getAlpha() == null ? 0.05 : experiment.getAlpha().doubleValue();
    }

    /** file:line of a definition, for messages. */
    static String where(EObject element) {
        String file = element.eResource() == null ? "?" : element.eResource().getURI().lastSegment();
        INode node = NodeModelUtils.findActualNodeFor(element);
        return node == null ? file : file + ":" + node.getStartLine();
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f %%", 100 * fraction);
    }

    /**
     * A comparison's always-valid interval (absolute and relative) and p-value.
     *
     * @param relative null when the control's value is 0
     */
    record AlwaysValid(Interval absolute, Interval relative, double pValue) {
    }

    /**
     * The sequential monitor's view of a comparison, tuned to be narrowest at {@code plannedUsersPerVariant}:
     * the normal-mixture confidence sequence applied to the absolute lift, and to the relative lift with its
     * delta-method variance. Null when the metric does not vary.
     */
    static AlwaysValid alwaysValid(Comparison c, long plannedUsersPerVariant) {
        VariantStats control = c.control();
        double sd = Math.sqrt(Double.isNaN(control.variance()) ? 0 : control.variance());
        if (!(sd > 0)) {
            sd = Math.sqrt(c.treatment().variance());
        }
        if (!(sd > 0) || !(c.standardError() > 0)) {
            return null;
        }
        double variance = c.standardError() * c.standardError();
        SequentialMonitor absolute = SequentialMonitor.tunedFor(c.alpha(), sd, plannedUsersPerVariant);
        Interval relative = null;
        double z = io.sextant.analysis.experiments.stats.internal.Normal.upperQuantile(c.alpha() / 2);
        double relativeSe = c.relativeInterval().width() / (2 * z);
        if (control.value() != 0 && relativeSe > 0) {
            relative = SequentialMonitor.tunedFor(c.alpha(), sd / Math.abs(control.value()), plannedUsersPerVariant)
                    .interval(c.relativeLift(), relativeSe * relativeSe);
        }
        return new AlwaysValid(absolute.interval(c.absoluteLift(), variance), relative,
                absolute.pValue(c.absoluteLift(), variance));
    }

    static double[] adjust(List<Double> pValues, Correction correction) {
        return MultipleTesting.adjust(pValues.stream().mapToDouble(Double::doubleValue).toArray(), correction);
    }

    static PowerAnalysis.Effect minimumEffect(Experiment experiment) {
        if (experiment.getMinimumEffect() == null) {
            return null;
        }
        double value = experiment.getMinimumEffect().doubleValue();
        return experiment.isRelativeEffect() ? PowerAnalysis.Effect.relative(value / 100)
                : PowerAnalysis.Effect.absolute(value);
    }

    static SegmentBreakdown breakdown(Map<String, Comparison> perSegment, Correction correction) {
        return SegmentBreakdown.of(perSegment, correction, SegmentBreakdown.DEFAULT_MINIMUM_USERS);
    }
}
