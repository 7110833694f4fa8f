package io.sextant.analysis.experiments.stats;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.statistics.distribution.ChiSquaredDistribution;

/**
 * The sample ratio mismatch check: Pearson's chi-square goodness of fit of the users counted per variant
 * against the planned allocation. A mismatch means assignment or logging is broken (users lost or added in
 * one variant), so the comparisons cannot be trusted whatever their p-values.
 */
public final class SampleRatio {

    /** Flag below this p-value, as GrowthBook does: strict, because the check runs on every experiment. */
    public static final double DEFAULT_THRESHOLD = 0.001;

    private SampleRatio() {
    }

    public static SampleRatioResult check(Map<String, Long> observed, Map<String, Double> planned) {
        return check(observed, planned, DEFAULT_THRESHOLD);
    }

    /**
     * @param observed  variant → users counted
     * @param planned   variant → planned share (any positive weights: 50/50, 0.5/0.5 or 1/1)
     * @param threshold flag when the p-value is below it
     */
    public static SampleRatioResult check(Map<String, Long> observed, Map<String, Double> planned, double threshold) {
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("the threshold must be between 0 and 1, not " + threshold);
        }
        if (planned.size() < 2) {
            throw new IllegalArgumentException("a sample ratio check needs at least two planned variants");
        }
        for (String variant : observed.keySet()) {
            if (!planned.containsKey(variant)) {
                throw new IllegalArgumentException("users were counted in variant \"" + variant
                        + "\", which the allocation does not plan");
            }
        }
        double weights = 0;
        long total = 0;
        for (Map.Entry<String, Double> e : planned.entrySet()) {
            if (!(e.getValue() > 0)) {
                throw new IllegalArgumentException("variant \"" + e.getKey() + "\" has a planned share of "
                        + e.getValue() + "; shares must be positive");
            }
            weights += e.getValue();
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String variant : planned.keySet()) {
            long n = observed.getOrDefault(variant, 0L);
            if (n < 0) {
                throw new IllegalArgumentException("variant \"" + variant + "\" has a negative count " + n);
            }
            counts.put(variant, n);
            total += n;
        }
        if (total == 0) {
            throw new IllegalArgumentException("no users were counted in any variant");
        }
        Map<String, Double> expected = new LinkedHashMap<>();
        double chiSquare = 0;
        for (Map.Entry<String, Double> e : planned.entrySet()) {
            double exp = total * e.getValue() / weights;
            expected.put(e.getKey(), exp);
            double d = counts.get(e.getKey()) - exp;
            chiSquare += d * d / exp;
        }
        int df = planned.size() - 1;
        double p = ChiSquaredDistribution.of(df).survivalProbability(chiSquare);
        boolean mismatch = p < threshold;
        StringBuilder split = new StringBuilder();
        // counts with thousands separators, the same in every locale
        counts.forEach((v, n) -> split.append(split.isEmpty() ? "" : ", ").append(v).append(' ')
                .append(String.format(Locale.ROOT, "%,d (expected %,.1f)", n, expected.get(v))));
        String message = mismatch
                ? String.format(Locale.ROOT, "sample ratio mismatch: %s; chi-square %.3g, p = %.3g < %s. Assignment or"
                        + " logging lost or added users in some variant; the results cannot be trusted", split, chiSquare,
                        p, threshold)
                : String.format(Locale.ROOT, "no sample ratio mismatch: %s; chi-square %.3g, p = %.3g", split, chiSquare, p);
        return new SampleRatioResult(counts, expected, chiSquare, df, p, threshold, mismatch, message);
    }
}
