package io.sextant.analysis.experiments.stats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.sextant.analysis.experiments.stats.MultipleTesting.Correction;

/**
 * The same comparison within each segment (country, device, plan...), with warnings where a segment is too
 * small to say anything and a correction across the segments (looking at many segments finds "effects" by
 * chance).
 *
 * @param segments    one row per segment, in the order given
 * @param correction  the correction applied across segments
 * @param minimumUsers a variant with fewer users than this in a segment is flagged
 * @param warnings    warnings about the breakdown as a whole
 */
public record SegmentBreakdown(List<Row> segments, Correction correction, long minimumUsers, List<String> warnings) {

    /** Fewer users than this in either variant of a segment: flagged as a small sample. */
    public static final long DEFAULT_MINIMUM_USERS = 100;

    public SegmentBreakdown {
        segments = List.copyOf(segments);
        warnings = List.copyOf(warnings);
    }

    /**
     * @param segment        the segment's name
     * @param comparison     the comparison within it
     * @param adjustedPValue its p-value corrected across segments
     * @param smallSample    whether a variant has fewer than {@code minimumUsers} users (or, for a rate, fewer
     *                       than {@link Lifts#FEW_CONVERSIONS} conversions or non-conversions)
     * @param warnings       the comparison's warnings and the small-sample warning
     */
    public record Row(String segment, Comparison comparison, double adjustedPValue, boolean smallSample,
            List<String> warnings) {

        public Row {
            warnings = List.copyOf(warnings);
        }
    }

    /** Holm across segments, {@link #DEFAULT_MINIMUM_USERS}. */
    public static SegmentBreakdown of(Map<String, Comparison> perSegment) {
        return of(perSegment, Correction.HOLM, DEFAULT_MINIMUM_USERS);
    }

    public static SegmentBreakdown of(Map<String, Comparison> perSegment, Correction correction, long minimumUsers) {
        List<String> names = new ArrayList<>(perSegment.keySet());
        double[] p = names.stream().mapToDouble(s -> perSegment.get(s).pValue()).toArray();
        double[] adjusted = MultipleTesting.adjust(p, correction);
        List<Row> rows = new ArrayList<>();
        int small = 0;
        for (int i = 0; i < names.size(); i++) {
            Comparison c = perSegment.get(names.get(i));
            List<String> warnings = new ArrayList<>(c.warnings());
            boolean tooSmall = c.control().users() < minimumUsers || c.treatment().users() < minimumUsers;
            if (c.kind() == MetricKind.PROPORTION) {
                for (VariantStats v : List.of(c.control(), c.treatment())) {
                    double conversions = Math.round(v.value() * v.users());
                    tooSmall |= conversions < Lifts.FEW_CONVERSIONS || v.users() - conversions < Lifts.FEW_CONVERSIONS;
                }
            }
            if (tooSmall) {
                small++;
                warnings.add(String.format("small sample: %s %d and %s %d users (fewer than %d in a variant): the"
                        + " interval is wide and the approximations weak; do not act on this segment alone",
                        c.control().variant(), c.control().users(), c.treatment().variant(), c.treatment().users(),
                        minimumUsers));
            }
            rows.add(new Row(names.get(i), c, adjusted[i], tooSmall, warnings));
        }
        List<String> warnings = new ArrayList<>();
        warnings.add("segment results are exploratory: p-values are corrected across the " + names.size()
                + " segments (" + correction + "), but segments chosen after seeing the data are not covered");
        if (small > 0) {
            warnings.add(small + " of " + names.size() + " segments have fewer than " + minimumUsers
                    + " users in a variant");
        }
        return new SegmentBreakdown(rows, correction, minimumUsers, warnings);
    }

    /** Welch's t per segment: segment → control sample and treatment sample. */
    public static SegmentBreakdown means(String metric, String unit, Map<String, Sample> control,
            Map<String, Sample> treatment, double alpha) {
        Map<String, Comparison> perSegment = new LinkedHashMap<>();
        List<String> untested = new ArrayList<>();
        for (Map.Entry<String, Sample> e : control.entrySet()) {
            Sample t = treatment.get(e.getKey());
            if (t == null || t.values().length < 2 || e.getValue().values().length < 2) {
                untested.add(e.getKey());
                continue;
            }
            perSegment.put(e.getKey(), Lifts.welch(metric, unit, e.getValue(), t, alpha));
        }
        for (String s : treatment.keySet()) {
            if (!control.containsKey(s)) {
                untested.add(s);
            }
        }
        SegmentBreakdown breakdown = of(perSegment);
        if (untested.isEmpty()) {
            return breakdown;
        }
        List<String> warnings = new ArrayList<>(breakdown.warnings());
        warnings.add("not compared (fewer than 2 users in a variant): " + String.join(", ", untested));
        return new SegmentBreakdown(breakdown.segments(), breakdown.correction(), breakdown.minimumUsers(), warnings);
    }
}
