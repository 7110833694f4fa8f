package io.sextant.data.imports.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import io.sextant.dsl.context.ValueType;

/** Turns field values into values of a property type, or says why they are not one. */
public final class ValueParsers {

    private ValueParsers() {
    }

    /** A value that is not of the type it should have. */
    public static final class BadValue extends Exception {
        private static final long serialVersionUID = 1L;

        BadValue(String message) {
            super(message, null, false, false);
        }
    }

    static boolean isBoolean(String text) {
        return "true".equalsIgnoreCase(text) || "false".equalsIgnoreCase(text);
    }

    /** The number the text writes, or null. Only plain decimal notation with an optional exponent. */
    static BigDecimal number(String text) {
        int n = text.length();
        if (n == 0 || n > 64) {
            return null;
        }
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E')) {
                return null;
            }
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static boolean looksLikeTimestamp(String text) {
        if (text.length() < 10 || text.charAt(4) != '-') {
            return false;
        }
        try {
            IsoTimestamps.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /**
     * The JDBC value of {@code value} as a property of {@code type}: String, BigDecimal, Boolean or
     * LocalDateTime (UTC); null for null or empty text.
     */
    public static Object convert(Object value, ValueType type) throws BadValue {
        if (value == null || value instanceof String text && text.isEmpty()) {
            return null;
        }
        switch (type) {
            case TEXT:
                return value.toString();
            case NUMBER:
                if (value instanceof BigDecimal decimal) {
                    return decimal;
                }
                if (value instanceof String text) {
                    BigDecimal number = number(text.strip());
                    if (number != null) {
                        return number;
                    }
                }
                throw new BadValue("'" + abbreviate(value) + "' is not a number");
            case BOOLEAN:
                if (value instanceof Boolean flag) {
                    return flag;
                }
                if (value instanceof String text && isBoolean(text.strip())) {
                    return Boolean.valueOf(text.strip().toLowerCase(java.util.Locale.ROOT));
                }
                throw new BadValue("'" + abbreviate(value) + "' is not true or false");
            case TIMESTAMP:
                if (value instanceof String text) {
                    try {
                        return utc(IsoTimestamps.parse(text.strip()));
                    } catch (DateTimeParseException e) {
                        throw new BadValue("'" + abbreviate(value) + "' is not an ISO-8601 timestamp");
                    }
                }
                throw new BadValue("'" + abbreviate(value) + "' is not a timestamp");
            default:
                throw new IllegalStateException(type.name());
        }
    }

    /** The instant as the UTC wall time the TIMESTAMP columns hold. */
    public static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
    }

    static String abbreviate(Object value) {
        String text = String.valueOf(value);
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
