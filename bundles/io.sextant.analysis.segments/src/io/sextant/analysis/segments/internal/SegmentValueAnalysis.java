package io.sextant.analysis.segments.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.zip.CRC32;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;

import io.sextant.analysis.Analysis;
import io.sextant.analysis.AnalysisContext;
import io.sextant.analysis.AnalysisException;
import io.sextant.analysis.Estimate;
import io.sextant.analysis.Results;
import io.sextant.dsl.seg.Metric;
import io.sextant.dsl.seg.Segment;
import io.sextant.engine.EngineException;
import io.sextant.engine.EngineRun;
import io.sextant.engine.MetricValues;
import io.sextant.model.Result;

/**
 * Segment value: each segment's size and share of the population, and each metric's mean over its members
 * against the mean over the whole population (the benchmark), with 95% intervals; the lift is measured again
 * on two fixed halves of the users (split by a hash of the user id) to show whether it holds out of sample.
 * A ratio metric is a ratio of sums, with the delta method's interval.
 */
public final class SegmentValueAnalysis implements Analysis {

    @Override
    public List<String> unmetRequirements(AnalysisContext context) {
        if (context.parameters().segments("segments").isEmpty()) {
            return List.of("name at least one segment");
        }
        return List.of();
    }

    @Override
    public List<Result> run(AnalysisContext context, IProgressMonitor monitor) throws AnalysisException, EngineException {
        List<Segment> segments = context.parameters().segments("segments");
        List<Metric> metrics = new ArrayList<>();
        if (context.parameters().metric("metric") != null) {
            metrics.add(context.parameters().metric("metric"));
        }
        for (Metric metric : context.parameters().metrics("metrics")) {
            if (!metrics.contains(metric)) {
                metrics.add(metric);
            }
        }
        boolean halves = "halves".equals(context.parameters().text("split"));
        SubMonitor progress = SubMonitor.convert(monitor, "Segment value", segments.size() + metrics.size() + 1);
        EngineRun run = context.engine();

        long population = run.users(null, progress.split(1)).size();
        List<Set<String>> members = new ArrayList<>();
        for (Segment segment : segments) {
            progress.subTask("Members of " + segment.getName());
            members.add(run.members(segment, progress.split(1)));
        }
        List<Result> results = new ArrayList<>();
        results.add(sizes(segments, members, population));

        Table value = new Table();
        Table outOfSample = new Table();
        for (Metric metric : metrics) {
            progress.subTask("Metric " + metric.getName());
            MetricValues values = run.metricValues(metric, null, progress.split(1));
            Estimate everyone = estimate(values, id -> true);
            for (int i = 0; i < segments.size(); i++) {
                Set<String> in = members.get(i);
                Estimate segment = estimate(values, in::contains);
                value.add(segments.get(i).getName(), metric, segment, everyone);
                if (halves) {
                    Estimate firstIn = estimate(values, id -> in.contains(id) && half(id) == 0);
                    Estimate firstAll = estimate(values, id -> half(id) == 0);
                    Estimate secondIn = estimate(values, id -> in.contains(id) && half(id) == 1);
                    Estimate secondAll = estimate(values, id -> half(id) == 1);
                    outOfSample.addHalves(segments.get(i).getName(), metric, lift(firstIn, firstAll),
                            lift(secondIn, secondAll));
                }
            }
        }
        if (!metrics.isEmpty()) {
            results.add(value.build());
            if (halves) {
                results.add(outOfSample.buildHalves());
            }
        }
        return results;
    }

    private static Result sizes(List<Segment> segments, List<Set<String>> members, long population) {
        List<String> names = new ArrayList<>();
        List<Double> sizes = new ArrayList<>();
        List<Double> shares = new ArrayList<>();
        List<Double> lower = new ArrayList<>();
        List<Double> upper = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            Estimate share = Estimate.proportion(members.get(i).size(), population);
            names.add(segments.get(i).getName());
            sizes.add((double) members.get(i).size());
            shares.add(share.value());
            lower.add(share.lower());
            upper.add(share.upper());
            warnings.add(members.get(i).size() < Estimate.SMALL_SAMPLE
                    ? "fewer than " + Estimate.SMALL_SAMPLE + " members: figures about this segment are unreliable" : "");
        }
        return Results.table("Segment size", "Members of each segment and their share of the " + population
                + " users, with a 95% Wilson interval").text("segment", names).number("members", "users", sizes)
                .number("share", "share", shares).number("share lower", "share", lower)
                .number("share upper", "share", upper).text("warning", warnings).build();
    }

    /** The mean (or ratio of sums) of the metric over the users the filter admits who have a value. */
    private static Estimate estimate(MetricValues values, Predicate<String> admitted) {
        if (values.isRatio()) {
            List<double[]> pairs = new ArrayList<>();
            for (Map.Entry<String, BigDecimal> entry : values.values().entrySet()) {
                BigDecimal denominator = values.denominators().get(entry.getKey());
                if (entry.getValue() != null && denominator != null && admitted.test(entry.getKey())) {
                    pairs.add(new double[] { entry.getValue().doubleValue(), denominator.doubleValue() });
                }
            }
            double[] a = pairs.stream().mapToDouble(p -> p[0]).toArray();
            double[] b = pairs.stream().mapToDouble(p -> p[1]).toArray();
            return Estimate.ratio(a, b);
        }
        List<BigDecimal> admittedValues = new ArrayList<>();
        for (Map.Entry<String, BigDecimal> entry : values.values().entrySet()) {
            if (entry.getValue() != null && admitted.test(entry.getKey())) {
                admittedValues.add(entry.getValue());
            }
        }
        return Estimate.mean(admittedValues);
    }

    /** Relative lift of the segment over the benchmark (0.1 = 10% more); NaN when the benchmark is 0. */
    private static double lift(Estimate segment, Estimate benchmark) {
        return benchmark.value() == 0 ? Double.NaN : segment.value() / benchmark.value() - 1;
    }

    /** A fixed half of the users: the parity of a CRC-32 of the id, stable across runs and engines. */
    static int half(String userId) {
        CRC32 crc = new CRC32();
        crc.update(userId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return (int) (crc.getValue() & 1);
    }

    /** The rows of the value and out-of-sample tables. */
    private static final class Table {
        final List<String> segments = new ArrayList<>();
        final List<String> metrics = new ArrayList<>();
        final List<String> units = new ArrayList<>();
        final List<Double> counted = new ArrayList<>();
        final List<Double> means = new ArrayList<>();
        final List<Double> lowers = new ArrayList<>();
        final List<Double> uppers = new ArrayList<>();
        final List<Double> benchmarks = new ArrayList<>();
        final List<Double> benchmarkLowers = new ArrayList<>();
        final List<Double> benchmarkUppers = new ArrayList<>();
        final List<Double> lifts = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        final List<Double> firstLifts = new ArrayList<>();
        final List<Double> secondLifts = new ArrayList<>();
        final List<String> holds = new ArrayList<>();

        void add(String segment, Metric metric, Estimate value, Estimate benchmark) {
            segments.add(segment);
            metrics.add(metric.getName());
            units.add(metric.getUnit() == null ? "" : metric.getUnit());
            counted.add((double) value.n());
            means.add(value.value());
            lowers.add(value.lower());
            uppers.add(value.upper());
            benchmarks.add(benchmark.value());
            benchmarkLowers.add(benchmark.lower());
            benchmarkUppers.add(benchmark.upper());
            lifts.add(lift(value, benchmark));
            boolean clear = value.lower() > benchmark.value() || value.upper() < benchmark.value();
            if (value.smallSample()) {
                warnings.add("only " + value.n() + " members with a value (fewer than " + Estimate.SMALL_SAMPLE
                        + "): the interval is unreliable");
            } else {
                warnings.add(clear ? "" : "the interval includes the population's mean: no clear difference");
            }
        }

        void addHalves(String segment, Metric metric, double first, double second) {
            segments.add(segment);
            metrics.add(metric.getName());
            firstLifts.add(first);
            secondLifts.add(second);
            boolean same = !Double.isNaN(first) && !Double.isNaN(second) && Math.signum(first) == Math.signum(second);
            holds.add(same ? "yes: the same direction on both halves"
                    : String.format(Locale.ROOT, "no: %+.1f%% on one half, %+.1f%% on the other", 100 * first,
                            100 * second));
        }

        Result build() {
            return Results.table("Segment value", "Mean of each metric over each segment's members with a value,"
                    + " against the whole population, with 95% intervals (ratio metrics: ratio of sums, delta method)")
                    .text("segment", segments).text("metric", metrics).text("unit", units)
                    .number("users with a value", "users", counted).number("mean", null, means)
                    .number("lower", null, lowers).number("upper", null, uppers)
                    .number("population mean", null, benchmarks).number("population lower", null, benchmarkLowers)
                    .number("population upper", null, benchmarkUppers).number("lift", "share", lifts)
                    .text("warning", warnings).build();
        }

        Result buildHalves() {
            return Results.table("Out of sample", "The lift over the population measured separately on two fixed"
                    + " halves of the users (split by a hash of the user id)").text("segment", segments)
                    .text("metric", metrics).number("lift, first half", "share", firstLifts)
                    .number("lift, second half", "share", secondLifts).text("holds", holds).build();
        }
    }
}
