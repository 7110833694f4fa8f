package io.sextant.data.quality;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NavigableMap;

/**
 * Finds anomalies in an event's daily volume by comparing each day with the same weekday of the weeks
 * before, each scaled by the change in the overall level since (growth is not an anomaly): median and MAD
 * (median absolute deviation) of those days, so one odd week in the history does not move the baseline, and
 * weekends are compared with weekends. A day is flagged when its robust z-score and
 * its jump (a factor up or down) both pass their thresholds; the spread is floored by Poisson noise (√median) so a very
 * regular history does not make every small wobble an anomaly.
 */
public final class VolumeAnomalyDetector {

    private final int weeks;
    private final int minimumHistory;
    private final double threshold;
    private final double minimumFactor;
    private final double minimumExpected;

    /**
     * @param weeks           same weekdays looked back at (8 by default)
     * @param minimumHistory  fewer same weekdays than this: the day is not judged (4 by default)
     * @param threshold       the |robust z| a day must reach (4 by default)
     * @param minimumFactor   the factor by which the day must differ as well, up or down (1.8: at least 1.8
     *                        times the usual, or at most 1/1.8 of it); symmetric on a log scale, so a halving
     *                        counts as much as a doubling
     * @param minimumExpected days whose baseline is below this many events are not judged (too few to tell)
     */
    public VolumeAnomalyDetector(int weeks, int minimumHistory, double threshold, double minimumFactor,
            double minimumExpected) {
        this.weeks = weeks;
        this.minimumHistory = minimumHistory;
        this.threshold = threshold;
        this.minimumFactor = minimumFactor;
        this.minimumExpected = minimumExpected;
    }

    /** The defaults of {@link QualitySettings#defaults()}. */
    public static VolumeAnomalyDetector defaults() {
        return new VolumeAnomalyDetector(8, 4, 4.0, 1.8, 20);
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
            if (Math.abs(score) >= threshold && (jump >= minimumFactor || jump <= 1 / minimumFactor)) {
                found.add(new VolumeAnomaly(event, first.plusDays(i), counts[i], median, jump, score));
            }
        }
        return found;
    }

    /**
     * The same weekday of earlier weeks, each scaled by how the level (the sum of the seven days before) has
     * changed since: a product that grows 10% a week should expect 10% more than last week, not the same.
     * The level before a day never includes the day itself, so an anomaly does not raise its own baseline.
     */
    private double[] history(long[] counts, int day) {
        double[] values = new double[weeks];
        int n = 0;
        double levelNow = level(counts, day);
        for (int k = 1; k <= weeks && day - 7 * k >= 0; k++) {
            double levelThen = level(counts, day - 7 * k);
            if (levelNow > 0 && levelThen > 0) {
                values[n++] = counts[day - 7 * k] * levelNow / levelThen;
            }
        }
        return Arrays.copyOf(values, n);
    }

    /** The sum of the seven days before {@code day}; NaN when the data does not reach back a week. */
    private static double level(long[] counts, int day) {
        if (day < 7) {
            return Double.NaN;
        }
        long sum = 0;
        for (int i = day - 7; i < day; i++) {
            sum += counts[i];
        }
        return sum;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
