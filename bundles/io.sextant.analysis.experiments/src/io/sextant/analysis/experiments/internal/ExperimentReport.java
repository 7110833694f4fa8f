package io.sextant.analysis.experiments.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.sextant.analysis.Results;
import io.sextant.analysis.experiments.stats.Comparison;
import io.sextant.analysis.experiments.stats.CupedComparison;
import io.sextant.analysis.experiments.stats.Interval;
import io.sextant.analysis.experiments.stats.MetricKind;
import io.sextant.analysis.experiments.stats.MultipleTesting.Correction;
import io.sextant.analysis.experiments.stats.PowerAnalysis;
import io.sextant.analysis.experiments.stats.RatioSample;
import io.sextant.analysis.experiments.stats.Sample;
import io.sextant.analysis.experiments.stats.SampleRatioResult;
import io.sextant.analysis.experiments.stats.SegmentBreakdown;
import io.sextant.dsl.seg.Experiment;
import io.sextant.model.Result;

/**
 * The experiment analysis' findings as they are gathered, and the stored tables made of them. The lift table
 * has the columns a forest plot reads (label, estimate, lower, upper: the relative lift in %).
 */
final class ExperimentReport {

    /** A treatment against the control on one metric. */
    private static final class Lift {
        final MetricData data;
        final String role;
        final Comparison comparison;
        final CupedComparison cuped;
        double adjustedP = Double.NaN;
        ExperimentAnalysis.AlwaysValid alwaysValid;

        Lift(MetricData data, String role, Comparison comparison, CupedComparison cuped) {
            this.data = data;
            this.role = role;
            this.comparison = comparison;
            this.cuped = cuped;
        }

        double pValue() {
            return alwaysValid != null ? alwaysValid.pValue() : comparison.pValue();
        }
    }

    private record VariantRow(String metric, String role, String variant, long users, double value,
            double standardError, String unit) {
    }

    private record PowerRow(String variant, double baseline, double standardDeviation, double effect, long users,
            double power, long usersNeeded, double minimumDetectableEffect, String note) {
    }

    final List<String> warnings = new ArrayList<>();
    private final Experiment experiment;
    private final double alpha;
    private final Correction correction;
    private final boolean sequential;
    private final Assignments assignments;
    private final SampleRatioResult sampleRatio;
    private final Map<String, Double> planned;
    private final List<VariantRow> variants = new ArrayList<>();
    private final List<Lift> lifts = new ArrayList<>();
    private final List<PowerRow> power = new ArrayList<>();
    /** treatment → segment → comparison of the primary metric. */
    private final Map<String, Map<String, Comparison>> perSegment = new LinkedHashMap<>();
    private final List<String> segmentNames = new ArrayList<>();
    private final Map<String, SegmentBreakdown> breakdowns = new LinkedHashMap<>();
    private long plannedUsersPerVariant;

    ExperimentReport(Experiment experiment, double alpha, Correction correction, boolean sequential,
            Assignments assignments, SampleRatioResult sampleRatio, Map<String, Double> planned) {
        this.experiment = experiment;
        this.alpha = alpha;
        this.correction = correction;
        this.sequential = sequential;
        this.assignments = assignments;
        this.sampleRatio = sampleRatio;
        this.planned = planned;
        if (sampleRatio.mismatch()) {
            warnings.add("UNTRUSTWORTHY: " + sampleRatio.message());
        }
    }

    boolean trustworthy() {
        return !sampleRatio.mismatch();
    }

    void addVariants(MetricData data, String role) {
        for (String variant : data.variants.keySet()) {
            long n = data.users(variant);
            double value = Double.NaN;
            double se = Double.NaN;
            if (n > 0 && data.kind == MetricKind.RATIO) {
                RatioSample.Summary summary = data.ratio(variant);
                value = summary.ratio();
                se = n > 1 ? Math.sqrt(summary.linearisedVariance() / n) : Double.NaN;
            } else if (n > 0 && data.kind == MetricKind.PROPORTION) {
                value = (double) data.variants.get(variant).positive() / n;
                se = Math.sqrt(value * (1 - value) / n);
            } else if (n > 0) {
                Sample.Summary summary = data.sample(variant);
                value = summary.mean();
                se = n > 1 ? Math.sqrt(summary.variance() / n) : Double.NaN;
            }
            variants.add(new VariantRow(data.name, role, variant, n, value, se, data.unit));
        }
        if (data.withoutValue > 0) {
            warnings.add(data.name + ": " + data.withoutValue + " assigned users have no value yet (e.g. their window"
                    + " has not ended) and are not counted for it");
        }
    }

    void addLift(MetricData data, String role, Comparison comparison, CupedComparison cuped) {
        lifts.add(new Lift(data, role, comparison, cuped));
    }

    /** Power of the primary metric for each treatment; also fixes the planned size the sequential monitor uses. */
    void power(Experiment experiment, String control, List<String> treatments) {
        PowerAnalysis.Effect effect = ExperimentAnalysis.minimumEffect(experiment);
        double wantedPower = experiment.getPower() == null ? 0.8 : experiment.getPower().doubleValue();
        for (Lift lift : lifts) {
            if (!"primary".equals(lift.role)) {
                continue;
            }
            Comparison c = lift.comparison;
            String variant = c.treatment().variant();
            double wc = planned.get(control) / 100;
            double wt = planned.get(variant) / 100;
            double sd = Math.sqrt(c.control().variance());
            long total = Math.round((c.control().users() + c.treatment().users()) / (wc + wt));
            if (!(sd > 0) || Double.isNaN(sd)) {
                power.add(new PowerRow(variant, c.control().value(), sd, Double.NaN, total, Double.NaN, 0, Double.NaN,
                        "the control's values do not vary: no power computed"));
                continue;
            }
            double mde = PowerAnalysis.minimumDetectableEffect(total, sd, alpha, wantedPower, wc, wt);
            if (effect == null) {
                power.add(new PowerRow(variant, c.control().value(), sd, Double.NaN, total, Double.NaN, 0, mde,
                        "the experiment names no minimum effect; the smallest effect detectable with power "
                                + wantedPower + " is shown"));
                plannedUsersPerVariant = Math.max(plannedUsersPerVariant, c.control().users());
                continue;
            }
            double absolute = effect.absoluteAt(c.control().value());
            if (absolute == 0) {
                power.add(new PowerRow(variant, c.control().value(), sd, 0, total, Double.NaN, 0, mde,
                        "a relative minimum effect of a control value of 0 is 0: no power computed"));
                continue;
            }
            double reached = PowerAnalysis.achievedPower(total, sd, absolute, alpha, wc, wt);
            PowerAnalysis.Plan plan = PowerAnalysis.forMean(c.control().value(), sd, effect, alpha, wantedPower, wc, wt);
            plannedUsersPerVariant = Math.max(plannedUsersPerVariant, Math.max(plan.controlUsers(), plan.treatmentUsers()));
            power.add(new PowerRow(variant, c.control().value(), sd, absolute, total, reached, plan.totalUsers(), mde,
                    reached >= wantedPower ? "reached the planned power " + wantedPower
                            : "below the planned power " + wantedPower + ": "
                                    + String.format(java.util.Locale.ROOT, "%,d", plan.totalUsers()) + " users are needed in all"));
        }
    }

    /** Always-valid intervals (when asked for) and the multiple-testing correction across all lifts. */
    void correct() {
        if (sequential) {
            long planned = plannedUsersPerVariant > 0 ? plannedUsersPerVariant : 0;
            for (Lift lift : lifts) {
                long size = planned > 0 ? planned : lift.comparison.control().users();
                lift.alwaysValid = ExperimentAnalysis.alwaysValid(lift.comparison, Math.max(1, size));
                if (lift.alwaysValid == null) {
                    warnings.add(lift.data.name + ": the values do not vary, so no always-valid interval;"
                            + " the fixed-horizon interval is shown");
                }
            }
        }
        double[] adjusted = ExperimentAnalysis.adjust(lifts.stream().map(Lift::pValue).toList(), correction);
        for (int i = 0; i < adjusted.length; i++) {
            lifts.get(i).adjustedP = adjusted[i];
        }
        for (Lift lift : lifts) {
            for (String warning : lift.comparison.warnings()) {
                warnings.add(lift.data.name + ", " + lift.comparison.treatment().variant() + ": " + warning);
            }
        }
    }

    void addSegment(String segment, MetricData data, String control, String treatment) {
        if (!segmentNames.contains(segment)) {
            segmentNames.add(segment);
        }
        try {
            perSegment.computeIfAbsent(treatment, t -> new LinkedHashMap<>()).put(segment,
                    data.compare(control, treatment, alpha));
        } catch (IllegalArgumentException e) {
            perSegment.computeIfAbsent(treatment, t -> new LinkedHashMap<>());
            warnings.add("segment " + segment + ", " + treatment + ": not compared (" + e.getMessage() + ")");
        }
    }

    void breakdowns(Correction correction) {
        perSegment.forEach((treatment, comparisons) -> {
            if (!comparisons.isEmpty()) {
                SegmentBreakdown breakdown = ExperimentAnalysis.breakdown(comparisons, correction);
                breakdowns.put(treatment, breakdown);
                for (String warning : breakdown.warnings()) {
                    warnings.add("segments, " + treatment + ": " + warning);
                }
            }
        });
    }

    // ------------------------------------------------------------------ the stored tables

    List<Result> results() {
        List<Result> results = new ArrayList<>();
        results.add(summary());
        results.add(sampleRatioTable());
        results.add(variantsTable());
        results.add(liftTable());
        if (lifts.stream().anyMatch(l -> l.cuped != null)) {
            results.add(cupedTable());
        }
        results.add(powerTable());
        if (!segmentNames.isEmpty()) {
            results.add(segmentTable());
        }
        results.add(Results.table("Warnings", "What makes these numbers less trustworthy, most serious first")
                .text("warning", warnings).build());
        return results;
    }

    private Result summary() {
        Summary s = new Summary();
        s.add("trustworthy", trustworthy() ? 1.0 : 0.0, trustworthy() ? "yes: " + sampleRatio.message()
                : "NO, untrustworthy: " + sampleRatio.message());
        s.add("sample ratio chi-square", sampleRatio.chiSquare(), sampleRatio.degreesOfFreedom() + " degrees of freedom");
        s.add("sample ratio p-value", sampleRatio.pValue(), "a mismatch is flagged below " + sampleRatio.threshold());
        s.add("users in the experiment", (double) assignments.assigned(), "each in the variant of their first"
                + " assignment event");
        s.add("left out: in several variants", (double) assignments.severalVariants(), "");
        s.add("left out: first assignment without a variant", (double) assignments.withoutVariant(), "");
        s.add("left out: unknown variant", (double) assignments.unknownVariants().values().stream()
                .mapToLong(Long::longValue).sum(), assignments.unknownVariants().isEmpty() ? ""
                        : assignments.unknownVariants().toString());
        s.add("left out: outside the population", (double) assignments.outsidePopulation(),
                experiment.getPopulation() == null ? "no population: every user takes part"
                        : experiment.getPopulation().getName());
        s.add("alpha", alpha, "two-sided");
        s.add("correction", null, correction == Correction.HOLM ? "Holm" : "Benjamini-Hochberg");
        s.add("intervals", null, sequential ? "always valid (normal-mixture confidence sequence)" : "fixed horizon");
        for (PowerRow row : power) {
            s.add("power reached, " + row.variant(), row.power(), row.note());
        }
        for (Lift lift : lifts) {
            if (lift.cuped != null) {
                s.add("CUPED variance reduction, " + lift.data.name + ", " + lift.comparison.treatment().variant(),
                        lift.cuped.varianceReduction(), "covariate " + experiment.getCovariate().getName());
            }
        }
        return Results.table("Summary", (trustworthy() ? "" : "UNTRUSTWORTHY (sample ratio mismatch). ")
                + "Experiment " + experiment.getName() + ": trust, exclusions, power").text("item", s.items)
                .number("value", null, s.values).text("note", s.notes).build();
    }

    private Result sampleRatioTable() {
        List<String> names = new ArrayList<>(planned.keySet());
        return Results.table("Sample ratio", "Users per variant against the planned allocation (chi-square p = "
                + format(sampleRatio.pValue()) + (sampleRatio.mismatch() ? ", MISMATCH" : "") + ")")
                .text("variant", names)
                .number("planned share", "%", names.stream().map(planned::get).toList())
                .number("expected users", "users", names.stream().map(n -> sampleRatio.expected().get(n)).toList())
                .number("users", "users", names.stream().map(n -> (double) assignments.users().get(n)).toList())
                .build();
    }

    private Result variantsTable() {
        return Results.table("Variants", "Each metric per variant: users with a value and the mean, rate or ratio")
                .text("metric", variants.stream().map(VariantRow::metric).toList())
                .text("role", variants.stream().map(VariantRow::role).toList())
                .text("variant", variants.stream().map(VariantRow::variant).toList())
                .number("users", "users", variants.stream().map(v -> (double) v.users()).toList())
                .number("value", null, variants.stream().map(v -> nullable(v.value())).toList())
                .number("standard error", null, variants.stream().map(v -> nullable(v.standardError())).toList())
                .text("unit", variants.stream().map(VariantRow::unit).toList())
                .build();
    }

    private Result liftTable() {
        List<String> labels = new ArrayList<>();
        List<Double> estimate = new ArrayList<>();
        List<Double> lower = new ArrayList<>();
        List<Double> upper = new ArrayList<>();
        List<Double> absolute = new ArrayList<>();
        List<Double> absoluteLower = new ArrayList<>();
        List<Double> absoluteUpper = new ArrayList<>();
        List<Double> p = new ArrayList<>();
        List<Double> adjusted = new ArrayList<>();
        List<String> significant = new ArrayList<>();
        List<String> intervals = new ArrayList<>();
        for (Lift lift : lifts) {
            Comparison c = lift.comparison;
            labels.add(lift.data.name + ": " + c.treatment().variant() + " vs " + c.control().variant());
            Interval relative = c.relativeInterval();
            Interval abs = c.absoluteInterval();
            String interval = "fixed horizon";
            if (lift.alwaysValid != null) {
                abs = lift.alwaysValid.absolute();
                relative = lift.alwaysValid.relative() != null ? lift.alwaysValid.relative() : relative;
                interval = lift.alwaysValid.relative() != null ? "always valid" : "always valid (absolute only)";
            }
            estimate.add(nullable(100 * c.relativeLift()));
            lower.add(nullable(100 * relative.lower()));
            upper.add(nullable(100 * relative.upper()));
            absolute.add(c.absoluteLift());
            absoluteLower.add(abs.lower());
            absoluteUpper.add(abs.upper());
            p.add(lift.pValue());
            adjusted.add(lift.adjustedP);
            significant.add(lift.adjustedP < c.alpha() ? "yes" : "no");
            intervals.add(interval);
        }
        return Results.table("Lifts", (trustworthy() ? "" : "UNTRUSTWORTHY (sample ratio mismatch). ")
                + "Each treatment against " + (lifts.isEmpty() ? "the control" : lifts.get(0).comparison.control().variant())
                + ": relative lift in % with its " + percent(1 - alpha) + " interval (estimate, lower, upper: a forest"
                + " plot), absolute lift, p-value and p-value corrected across all rows ("
                + (correction == Correction.HOLM ? "Holm" : "Benjamini-Hochberg") + ")")
                .text("label", labels)
                .number("estimate", "%", estimate)
                .number("lower", "%", lower)
                .number("upper", "%", upper)
                .text("metric", lifts.stream().map(l -> l.data.name).toList())
                .text("role", lifts.stream().map(l -> l.role).toList())
                .text("variant", lifts.stream().map(l -> l.comparison.treatment().variant()).toList())
                .number("control", null, lifts.stream().map(l -> l.comparison.control().value()).toList())
                .number("treatment", null, lifts.stream().map(l -> l.comparison.treatment().value()).toList())
                .number("absolute lift", null, absolute)
                .number("absolute lower", null, absoluteLower)
                .number("absolute upper", null, absoluteUpper)
                .text("unit", lifts.stream().map(l -> l.data.unit).toList())
                .number("p-value", null, p)
                .number("corrected p-value", null, adjusted)
                .text("significant", significant)
                .text("interval", intervals)
                .text("method", lifts.stream().map(l -> l.comparison.method() + (l.cuped != null ? ", CUPED" : "")).toList())
                .text("warnings", lifts.stream().map(l -> String.join("; ", l.comparison.warnings())).toList())
                .build();
    }

    private Result cupedTable() {
        List<Lift> adjusted = lifts.stream().filter(l -> l.cuped != null).toList();
        return Results.table("CUPED", "Variance reduction with the covariate " + experiment.getCovariate().getName()
                + ": the adjusted lift (reported above) against the unadjusted one")
                .text("metric", adjusted.stream().map(l -> l.data.name).toList())
                .text("variant", adjusted.stream().map(l -> l.comparison.treatment().variant()).toList())
                .number("theta", null, adjusted.stream().map(l -> l.cuped.theta()).toList())
                .number("variance reduction", "fraction", adjusted.stream().map(l -> l.cuped.varianceReduction()).toList())
                .number("adjusted lift", null, adjusted.stream().map(l -> l.cuped.adjusted().absoluteLift()).toList())
                .number("adjusted lower", null, adjusted.stream().map(l -> l.cuped.adjusted().absoluteInterval().lower()).toList())
                .number("adjusted upper", null, adjusted.stream().map(l -> l.cuped.adjusted().absoluteInterval().upper()).toList())
                .number("unadjusted lift", null, adjusted.stream().map(l -> l.cuped.unadjusted().absoluteLift()).toList())
                .number("unadjusted lower", null, adjusted.stream().map(l -> l.cuped.unadjusted().absoluteInterval().lower()).toList())
                .number("unadjusted upper", null, adjusted.stream().map(l -> l.cuped.unadjusted().absoluteInterval().upper()).toList())
                .build();
    }

    private Result powerTable() {
        return Results.table("Power", "The primary metric " + experiment.getPrimary().getName() + ": power reached with"
                + " the users observed, for the experiment's minimum effect at alpha " + alpha)
                .text("variant", power.stream().map(PowerRow::variant).toList())
                .number("baseline", primaryUnit(), power.stream().map(r -> nullable(r.baseline())).toList())
                .number("standard deviation", null, power.stream().map(r -> nullable(r.standardDeviation())).toList())
                .number("minimum effect", primaryUnit(), power.stream().map(r -> nullable(r.effect())).toList())
                .number("users", "users", power.stream().map(r -> (double) r.users()).toList())
                .number("power reached", "fraction", power.stream().map(r -> nullable(r.power())).toList())
                .number("users needed", "users", power.stream().map(r -> r.usersNeeded() > 0 ? (double) r.usersNeeded() : null).toList())
                .number("minimum detectable effect", primaryUnit(),
                        power.stream().map(r -> nullable(r.minimumDetectableEffect())).toList())
                .text("note", power.stream().map(PowerRow::note).toList())
                .build();
    }

    /**
     * The unit of the primary metric's values and differences, as results name units: "share" for a conversion
     * (a difference of 0.031 reads 3.1 %), its money unit for a mean of money, else none.
     */
    private String primaryUnit() {
        String unit = lifts.stream().filter(l -> "primary".equals(l.role)).map(l -> l.data.unit).findFirst().orElse(null);
        if (unit == null || unit.isBlank()) {
            return null;
        }
        return unit.startsWith("share") ? "share" : unit.matches("[A-Z]{3}") ? unit : null;
    }

    private Result segmentTable() {
        List<String> segment = new ArrayList<>();
        List<String> variant = new ArrayList<>();
        List<Double> controlUsers = new ArrayList<>();
        List<Double> treatmentUsers = new ArrayList<>();
        List<Double> lift = new ArrayList<>();
        List<Double> lower = new ArrayList<>();
        List<Double> upper = new ArrayList<>();
        List<Double> relative = new ArrayList<>();
        List<Double> p = new ArrayList<>();
        List<Double> adjusted = new ArrayList<>();
        List<String> small = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        breakdowns.forEach((treatment, breakdown) -> {
            for (SegmentBreakdown.Row row : breakdown.segments()) {
                Comparison c = row.comparison();
                segment.add(row.segment());
                variant.add(treatment);
                controlUsers.add((double) c.control().users());
                treatmentUsers.add((double) c.treatment().users());
                lift.add(c.absoluteLift());
                lower.add(c.absoluteInterval().lower());
                upper.add(c.absoluteInterval().upper());
                relative.add(nullable(100 * c.relativeLift()));
                p.add(c.pValue());
                adjusted.add(row.adjustedPValue());
                small.add(row.smallSample() ? "yes" : "no");
                notes.add(String.join("; ", row.warnings()));
            }
        });
        return Results.table("Segments", "The primary metric " + experiment.getPrimary().getName()
                + " within each segment (exploratory; p-values corrected across segments); small samples flagged")
                .text("segment", segment).text("variant", variant)
                .number("control users", "users", controlUsers).number("treatment users", "users", treatmentUsers)
                .number("absolute lift", primaryUnit(), lift).number("lower", primaryUnit(), lower)
                .number("upper", primaryUnit(), upper)
                .number("relative lift", "%", relative).number("p-value", null, p)
                .number("corrected p-value", null, adjusted).text("small sample", small).text("warnings", notes)
                .build();
    }

    private static final class Summary {
        final List<String> items = new ArrayList<>();
        final List<Double> values = new ArrayList<>();
        final List<String> notes = new ArrayList<>();

        void add(String item, Double value, String note) {
            items.add(item);
            values.add(value == null ? null : nullable(value));
            notes.add(note);
        }
    }

    private static Double nullable(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static String percent(double fraction) {
        return ExperimentAnalysis.percent(fraction);
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.3g", value);
    }
}
