package io.sextant.data.imports;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import java.util.Objects;

import io.sextant.data.imports.internal.IsoTimestamps;

/**
 * How the timestamps of a file are written. Times without an offset are UTC. Written in settings as
 * {@code iso}, {@code epoch_millis}, {@code epoch_seconds} or a {@link DateTimeFormatter} pattern such as
 * {@code dd.MM.yyyy HH:mm:ss}.
 */
public final class TimestampFormat {

    public static final TimestampFormat ISO = new TimestampFormat("iso");
    public static final TimestampFormat EPOCH_MILLIS = new TimestampFormat("epoch_millis");
    public static final TimestampFormat EPOCH_SECONDS = new TimestampFormat("epoch_seconds");

    private final String spec;
    private final DateTimeFormatter pattern;

    private TimestampFormat(String spec) {
        this.spec = spec;
        this.pattern = null;
    }

    private TimestampFormat(String spec, DateTimeFormatter pattern) {
        this.spec = spec;
        this.pattern = pattern;
    }

    /** The format a setting names; an unknown or malformed pattern is an error naming it. */
    public static TimestampFormat of(String spec) {
        Objects.requireNonNull(spec, "spec");
        switch (spec.strip().toLowerCase(Locale.ROOT)) {
            case "iso", "":
                return ISO;
            case "epoch_millis":
                return EPOCH_MILLIS;
            case "epoch_seconds":
                return EPOCH_SECONDS;
            default:
                try {
                    return new TimestampFormat(spec, DateTimeFormatter.ofPattern(spec, Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("timestamp format '" + spec
                            + "' is neither iso, epoch_millis, epoch_seconds nor a valid date-time pattern: "
                            + e.getMessage(), e);
                }
        }
    }

    /** The setting's text. */
    public String spec() {
        return spec;
    }

    /** The instant written in {@code text}, or throws DateTimeParseException saying why not. */
    public Instant parse(String text) {
        String value = text.strip();
        if (pattern != null) {
            TemporalAccessor parsed = pattern.parse(value);
            if (parsed.isSupported(java.time.temporal.ChronoField.OFFSET_SECONDS)) {
                return Instant.from(parsed);
            }
            return LocalDateTime.from(parsed).toInstant(ZoneOffset.UTC);
        }
        if (this == ISO) {
            return IsoTimestamps.parse(value);
        }
        try {
            long number = Long.parseLong(value);
            return this == EPOCH_MILLIS ? Instant.ofEpochMilli(number) : Instant.ofEpochSecond(number);
        } catch (NumberFormatException e) {
            throw new DateTimeParseException("not a whole number of " + (this == EPOCH_MILLIS ? "milliseconds"
                    : "seconds"), value, 0);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TimestampFormat format && format.spec.equals(spec);
    }

    @Override
    public int hashCode() {
        return spec.hashCode();
    }

    @Override
    public String toString() {
        return spec;
    }
}
