package io.sextant.engine;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.Map;

import io.sextant.engine.internal.SqlCompiler;

/**
 * A metric's value for each user of a group, as of the run's date: user id to value, null where the user has
 * no value (see {@link MetricSummary}). A ratio metric gives its numerator as the value and its denominator
 * beside it.
 */
public final class MetricValues {

    private final String metric;
    private final Map<String, BigDecimal> values;
    private final Map<String, BigDecimal> denominators;

    public MetricValues(String metric, Map<String, BigDecimal> values, Map<String, BigDecimal> denominators) {
        this.metric = metric;
        this.values = Collections.unmodifiableMap(values);
        this.denominators = denominators == null ? null : Collections.unmodifiableMap(denominators);
    }

    public String metric() {
        return metric;
    }

    /** User id to value (null: no value), in the order the engine returned them. */
    public Map<String, BigDecimal> values() {
        return values;
    }

    public boolean isRatio() {
        return denominators != null;
    }

    /** For a ratio metric, user id to the denominator's value; null for other metrics. */
    public Map<String, BigDecimal> denominators() {
        return denominators;
    }

    /** The metric over all these users: counts, sums, mean (or ratio of sums), least and greatest value. */
    public MetricSummary summary() {
        long counted = 0;
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal denominatorSum = isRatio() ? BigDecimal.ZERO : null;
        BigDecimal min = null;
        BigDecimal max = null;
        for (Map.Entry<String, BigDecimal> entry : values.entrySet()) {
            BigDecimal value = entry.getValue();
            BigDecimal denominator = isRatio() ? denominators.get(entry.getKey()) : BigDecimal.ONE;
            if (value == null || denominator == null) {
                continue;
            }
            counted++;
            sum = sum.add(value);
            if (isRatio()) {
                denominatorSum = denominatorSum.add(denominator);
            }
            min = min == null || value.compareTo(min) < 0 ? value : min;
            max = max == null || value.compareTo(max) > 0 ? value : max;
        }
        BigDecimal mean;
        if (isRatio()) {
            mean = denominatorSum.signum() == 0 ? null : sum.divide(denominatorSum, SqlCompiler.DIVISION);
        } else {
            mean = counted == 0 ? null : sum.divide(BigDecimal.valueOf(counted), SqlCompiler.DIVISION);
        }
        return new MetricSummary(metric, values.size(), counted, sum, denominatorSum, mean, min, max);
    }
}
