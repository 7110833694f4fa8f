package io.sextant.analysis.experiments.stats;

import java.util.ArrayList;
import java.util.List;

import io.sextant.analysis.experiments.stats.MultipleTesting.Correction;

/**
 * An experiment's comparisons with their multiple-testing correction and the sample ratio check that decides
 * whether any of them can be trusted.
 *
 * @param sampleRatio the sample ratio mismatch check
 * @param correction  the correction applied across all comparisons
 * @param comparisons each comparison with its adjusted p-value
 * @param trustworthy false when the sample ratio check flagged a mismatch
 * @param warnings    warnings about the experiment as a whole
 */
public record ExperimentResult(SampleRatioResult sampleRatio, Correction correction,
        List<CorrectedComparison> comparisons, boolean trustworthy, List<String> warnings) {

    public ExperimentResult {
        comparisons = List.copyOf(comparisons);
        warnings = List.copyOf(warnings);
    }

    /**
     * @param comparison      the comparison
     * @param adjustedPValue  its p-value after the correction
     * @param significant     adjusted p-value below the comparison's alpha
     */
    public record CorrectedComparison(Comparison comparison, double adjustedPValue, boolean significant) {
    }

    /** Holm's correction across the comparisons. */
    public static ExperimentResult of(SampleRatioResult sampleRatio, List<Comparison> comparisons) {
        return of(sampleRatio, comparisons, Correction.HOLM);
    }

    public static ExperimentResult of(SampleRatioResult sampleRatio, List<Comparison> comparisons,
            Correction correction) {
        double[] p = comparisons.stream().mapToDouble(Comparison::pValue).toArray();
        double[] adjusted = MultipleTesting.adjust(p, correction);
        List<CorrectedComparison> corrected = new ArrayList<>();
        for (int i = 0; i < p.length; i++) {
            Comparison c = comparisons.get(i);
            corrected.add(new CorrectedComparison(c, adjusted[i], adjusted[i] < c.alpha()));
        }
        List<String> warnings = new ArrayList<>();
        if (sampleRatio.mismatch()) {
            warnings.add("untrustworthy: " + sampleRatio.message());
        }
        return new ExperimentResult(sampleRatio, correction, corrected, !sampleRatio.mismatch(), warnings);
    }
}
