package io.sextant.analysis.experiments.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Adjusted p-values for several comparisons (metrics × variants): reject where the adjusted p-value is below
 * alpha.
 */
public final class MultipleTesting {

    /** The correction. */
    public enum Correction {
        /**
         * Holm's step-down (1979): controls the family-wise error rate (the chance of any false positive)
         * under any dependence between the tests; uniformly more powerful than Bonferroni. The default.
         */
        HOLM,
        /**
         * Benjamini-Hochberg (1995) step-up: controls the false discovery rate (the expected share of false
         * positives among the rejections) for independent or positively dependent tests.
         */
        BENJAMINI_HOCHBERG,
        /** No correction. */
        NONE
    }

    private MultipleTesting() {
    }

    /**
     * @param pValues p-values in [0, 1]; NaN (no test possible) stays NaN and does not count as a test
     * @return the adjusted p-values, in the same order
     */
    public static double[] adjust(double[] pValues, Correction correction) {
        double[] adjusted = new double[pValues.length];
        Arrays.fill(adjusted, Double.NaN);
        Integer[] order = IntStream.range(0, pValues.length).filter(i -> !Double.isNaN(pValues[i])).boxed()
                .sorted(Comparator.comparingDouble(i -> pValues[i])).toArray(Integer[]::new);
        int m = order.length;
        for (int i : order) {
            if (!(pValues[i] >= 0 && pValues[i] <= 1)) {
                throw new IllegalArgumentException("p-value " + i + " is not in [0, 1]: " + pValues[i]);
            }
        }
        switch (correction) {
            case NONE -> {
                for (int i : order) {
                    adjusted[i] = pValues[i];
                }
            }
            case HOLM -> {
                double running = 0;
                for (int k = 0; k < m; k++) {
                    running = Math.max(running, Math.min(1, (m - k) * pValues[order[k]]));
                    adjusted[order[k]] = running;
                }
            }
            case BENJAMINI_HOCHBERG -> {
                double running = 1;
                for (int k = m - 1; k >= 0; k--) {
                    running = Math.min(running, Math.min(1, (double) m / (k + 1) * pValues[order[k]]));
                    adjusted[order[k]] = running;
                }
            }
        }
        return adjusted;
    }
}
