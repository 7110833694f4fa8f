package io.sextant.data.quality;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;

/**
 * What the quality checks take as normal.
 *
 * @param productLaunch   events before this day are "before the product existed" (null: not checked)
 * @param futureTolerance events later than now plus this are "in the future" (clock skew allowance)
 * @param ranges          property → allowed [min, max] (either may be null); numeric properties without a
 *                        range must not be negative when at least 95% of their values are not
 * @param anomalies       how daily volume anomalies are found
 */
public record QualitySettings(LocalDate productLaunch, Duration futureTolerance, Map<String, Range> ranges,
        VolumeAnomalyDetector anomalies) {

    /** An allowed interval of a numeric property; a null end is open. */
    public record Range(BigDecimal min, BigDecimal max) {
        public boolean contains(BigDecimal value) {
            return (min == null || value.compareTo(min) >= 0) && (max == null || value.compareTo(max) <= 0);
        }
    }

    public QualitySettings {
        ranges = Map.copyOf(ranges);
    }

    public static QualitySettings defaults() {
        return new QualitySettings(null, Duration.ofDays(1), Map.of(), VolumeAnomalyDetector.defaults());
    }

    public QualitySettings withProductLaunch(LocalDate day) {
        return new QualitySettings(day, futureTolerance, ranges, anomalies);
    }

    public QualitySettings withRange(String property, BigDecimal min, BigDecimal max) {
        java.util.Map<String, Range> more = new java.util.HashMap<>(ranges);
        more.put(property, new Range(min, max));
        return new QualitySettings(productLaunch, futureTolerance, more, anomalies);
    }
}
