package io.sextant.data.quality;

import java.time.LocalDate;

/**
 * A day on which an event's volume jumped away from its usual level for that weekday.
 *
 * @param event    the event name
 * @param day      the day (UTC)
 * @param count    events that day
 * @param expected the median of the same weekday in the weeks before
 * @param jump     count / expected (3.0: three times the usual; 0.1: a tenth of it)
 * @param score    the robust z-score: (count − expected) / (1.4826 · MAD), the MAD floored by Poisson noise
 */
public record VolumeAnomaly(String event, LocalDate day, long count, double expected, double jump, double score) {
}
