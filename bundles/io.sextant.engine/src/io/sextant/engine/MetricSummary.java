package io.sextant.engine;

import java.math.BigDecimal;

/**
 * A metric aggregated over a group of users. {@code users} is the size of the group; {@code counted} the users
 * with a value (retention and conversion leave out users whose window has not ended; avg, min and max users
 * without events). For a ratio metric, {@code sum} and {@code denominatorSum} are the sums of its two parts
 * over the users who have both, and {@code mean} is their ratio (a ratio of sums). Divisions round to 34
 * significant digits; a mean without any counted user is null.
 */
public record MetricSummary(String metric, long users, long counted, BigDecimal sum, BigDecimal denominatorSum,
        BigDecimal mean, BigDecimal min, BigDecimal max) {
}
