package io.sextant.analysis.experiments.stats;

import java.util.Map;

/**
 * The outcome of the sample ratio mismatch check.
 *
 * @param observed         variant → users counted
 * @param expected         variant → users expected from the planned allocation and the total
 * @param chiSquare        Pearson's statistic
 * @param degreesOfFreedom variants - 1
 * @param pValue           P(chi-square >= statistic) under the planned allocation
 * @param threshold        the p-value below which a mismatch is flagged
 * @param mismatch         whether it is flagged (then the experiment's results are untrustworthy)
 * @param message          the finding in words
 */
public record SampleRatioResult(Map<String, Long> observed, Map<String, Double> expected, double chiSquare,
        int degreesOfFreedom, double pValue, double threshold, boolean mismatch, String message) {

    public SampleRatioResult {
        observed = Map.copyOf(observed);
        expected = Map.copyOf(expected);
    }
}
