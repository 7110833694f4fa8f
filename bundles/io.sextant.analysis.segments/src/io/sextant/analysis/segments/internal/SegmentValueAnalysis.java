package io.sextant.analysis.segments.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.SelectField;
import org.jooq.impl.DSL;

import io.sextant.analysis.Analysis;
import io.sextant.analysis.AnalysisContext;
import io.sextant.analysis.AnalysisException;
import io.sextant.analysis.Estimate;
import io.sextant.analysis.Results;
import io.sextant.dsl.seg.Metric;
import io.sextant.dsl.seg.Segment;
import io.sextant.engine.EngineException;
import io.sextant.engine.EngineRun;
import io.sextant.model.Result;

/**
 * Segment value: each segment's size and share of the population, and each metric's mean over its members
 * against the mean over the whole population (the benchmark), with 95% intervals; the lift is measured again
 * on two fixed halves of the users (split by a hash of the user id, {@link #half}) to show whether it holds out
 * of sample. A ratio metric is a ratio of sums, with the delta method's interval. Computed in SQL: one query
 * counts the users and the members, and one per metric gives the sums of its values per segment and half
 * ({@link GroupSums}); what is read back is a row per segment and half.
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

        // sizes: the users and each segment's members, counted in one query
        List<Table<?>> members = new ArrayList<>();
        for (Segment segment : segments) {
            progress.subTask("Members of " + segment.getName());
            members.add(run.membersTable(segment, progress.split(1)));
        }
        List<SelectField<?>> counts = new ArrayList<>();
        counts.add(DSL.field(DSL.selectCount().from(run.usersTable(null, progress.split(1)))));
        for (Table<?> table : members) {
            counts.add(DSL.field(DSL.selectCount().from(table)));
        }
        Record sizes = run.aggregate(DSL.select(counts), "the segments' sizes", 1, monitor).get(0);
        long population = sizes.get(0, Long.class);
        List<Long> memberCounts = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            memberCounts.add(sizes.get(i + 1, Long.class));
        }
        List<Result> results = new ArrayList<>();
        results.add(sizes(segments, memberCounts, population));

        Rows value = new Rows();
        Rows outOfSample = new Rows();
        for (Metric metric : metrics) {
            progress.subTask("Metric " + metric.getName());
            GroupSums[][] sums = GroupSums.read(run, metric, members, halves, progress.split(1));
            Estimate everyone = sums[0][0].plus(sums[0][1]).estimate();
            for (int i = 0; i < segments.size(); i++) {
                GroupSums[] in = sums[i + 1];
                value.add(segments.get(i).getName(), metric, in[0].plus(in[1]).estimate(), everyone);
                if (halves) {
                    outOfSample.addHalves(segments.get(i).getName(), metric,
                            lift(in[0].estimate(), sums[0][0].estimate()), lift(in[1].estimate(), sums[0][1].estimate()));
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

    private static Result sizes(List<Segment> segments, List<Long> members, long population) {
        List<String> names = new ArrayList<>();
        List<Double> sizes = new ArrayList<>();
        List<Double> shares = new ArrayList<>();
        List<Double> lower = new ArrayList<>();
        List<Double> upper = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            Estimate share = Estimate.proportion(members.get(i), population);
            names.add(segments.get(i).getName());
            sizes.add((double) members.get(i));
            shares.add(share.value());
            lower.add(share.lower());
            upper.add(share.upper());
            warnings.add(members.get(i) < Estimate.SMALL_SAMPLE
                    ? "fewer than " + Estimate.SMALL_SAMPLE + " members: figures about this segment are unreliable" : "");
        }
        return Results.table("Segment size", "Members of each segment and their share of the " + population
                + " users, with a 95% Wilson interval").text("segment", names).number("members", "users", sizes)
                .number("share", "share", shares).number("share lower", "share", lower)
                .number("share upper", "share", upper).text("warning", warnings).build();
    }

    /**
     * Relative lift of the segment over the benchmark (0.1 = 10% more); NaN when the benchmark is 0. 0 when the
     * segment has as many users with a value as the population: its members are population users, so they are
     * the same users, whose sums the database added in another order (their last bits, and so the sign of a
     * lift of 1e-16, would differ by engine).
     */
    private static double lift(Estimate segment, Estimate benchmark) {
        if (benchmark.value() == 0) {
            return Double.NaN;
        }
        return segment.n() == benchmark.n() && segment.n() > 0 ? 0 : segment.value() / benchmark.value() - 1;
    }

    /**
     * A fixed half of the users: the parity of the last hexadecimal digit of the MD5 of the id's UTF-8 bytes
     * (the last byte's lowest bit), stable across runs and the same on every engine: H2, DuckDB and PostgreSQL
     * all compute MD5 ({@link GroupSums#half}); none of them has the CRC-32 this split was once made with.
     */
    static int half(String userId) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("MD5")
                    .digest(userId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return digest[digest.length - 1] & 1;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has MD5", e);
        }
    }

    /** The rows of the value and out-of-sample tables. */
    private static final class Rows {
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
