package io.sextant.data.quality;

/**
 * One result of a quality check.
 *
 * @param check    which check
 * @param severity how bad
 * @param subject  what it is about: an event, "event.property", or the whole source
 * @param count    how many events (or rows) are affected
 * @param message  one sentence for the report
 */
public record Finding(Check check, Severity severity, String subject, long count, String message) {

    public enum Check {
        NULL_VALUES, OUT_OF_RANGE, FUTURE_TIMESTAMPS, BEFORE_LAUNCH, UNKNOWN_USERS, DUPLICATES, VOLUME_ANOMALY
    }

    public enum Severity {
        INFO, WARNING, ERROR
    }
}
