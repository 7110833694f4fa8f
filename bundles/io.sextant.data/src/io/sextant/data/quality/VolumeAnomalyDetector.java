package io.sextant.data.quality;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NavigableMap;

/**
 * Finds anomalies in an event's daily volume by comparing each day with the same weekday of the weeks
 * before: median and MAD (median absolute deviation) of those days, so one odd week in the history does not
 * move the baseline, and weekends are compared with weekends. A day is flagged when its robust z-score and
 * its relative jump both pass their thresholds; the spread is floored by Poisson noise (√median) so a very
 * regular history does not make every small wobble an anomaly.
 */
public final class VolumeAnomalyDetector {

    private final int weeks;
    private final int minimumHistory;
    private final double threshold;
    private final double minimumJump;
    private final double minimumExpected;

    /**
     * @param weeks           same weekdays looked back at (e.g. 8)
     * @param minimumHistory  fewer same weekdays than this: the day is not judged (e.g. 4)
     * @param threshold       the |robust z| a day must reach (e.g. 5)
     * @param minimumJump     the relative change it must reach as well (0.5: +50% or −50%)
     * @param minimumExpected days whose baseline is below this many events are not judged (too few to tell)
     */
    public VolumeAnomalyDetector(int weeks, int minimumHistory, double threshold, double minimumJump,
            double minimumExpected) {
        this.weeks = weeks;
        this.minimumHistory = minimumHistory;
        this.threshold = threshold;
        this.minimumJump = minimumJump;
        this.minimumExpected = minimumExpected;
    }

    /** The defaults of {@link QualitySettings#defaults()}. */
    public static VolumeAnomalyDetector defaults() {
        return new VolumeAnomalyDetector(8, 4, 5.0, 0.5, 20);
    }

    /**
     * The anomalous days of one event. {@code daily} holds a count for days with events; days between the
     * first and last key that are missing count as zero.
     */
    public List<VolumeAnomaly> detect(String event, NavigableMap<LocalDate, Long> daily) {
        List<VolumeAnomaly> found = new ArrayList<>();
        if (daily.isEmpty()) {
            return found;
        }
        LocalDate first = daily.firstKey();
        int length = (int) (daily.lastKey().toEpochDay() - first.toEpochDay()) + 1;
        long[] counts = new long[length];
        daily.forEach((day, count) -> counts[(int) (day.toEpochDay() - first.toEpochDay())] = count);
        for (int i = 0; i < length; i++) {
            double[] history = history(counts, i);
            if (history.length < minimumHistory) {
                continue;
            }
            double median = median(history);
            if (median < minimumExpected) {
                continue;
            }
            double[] deviations = Arrays.stream(history).map(h -> Math.abs(h - median)).toArray();
            double spread = Math.max(1.4826 * median(deviations), Math.sqrt(median));
            double score = (counts[i] - median) / spread;
            double jump = counts[i] / median;
            if (Math.abs(score) >= threshold && Math.abs(jump - 1) >= minimumJump) {
                found.add(new VolumeAnomaly(event, first.plusDays(i), counts[i], median, jump, score));
            }
        }
        return found;
    }

    private double[] history(long[] counts, int day) {
        double[] values = new double[weeks];
        int n = 0;
        for (int k = 1; k <= weeks && day - 7 * k >= 0; k++) {
            values[n++] = counts[day - 7 * k];
        }
        return Arrays.copyOf(values, n);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
