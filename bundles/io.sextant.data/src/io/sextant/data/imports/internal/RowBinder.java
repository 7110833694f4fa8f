package io.sextant.data.imports.internal;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.sextant.data.imports.ImportKind;
import io.sextant.data.imports.ImportMapping;
import io.sextant.data.imports.QuarantineReason;
import io.sextant.data.imports.internal.ImportPlan.PropertyField;

/**
 * Turns a good record into the values of a row, or says why the row is bad. Event rows: key, user id,
 * event, time, event id, then the properties in the canonical order; user rows: user id, signup time,
 * then the attributes. One binder per thread: it keeps the reason of the last bad row.
 */
final class RowBinder {
    /** The scale of DuckDB's exact decimals (Dialects.DUCKDB: DECIMAL(38,10)). */
    static final int DECIMAL_SCALE = 10;
    /** The digits DuckDB's exact decimals hold before the point: 38 - {@link #DECIMAL_SCALE}. */
    static final int DECIMAL_DIGITS = 28;

    private final ImportMapping mapping;
    private final boolean events;
    private final ImportPlan plan;
    private final List<PropertyField> properties;
    private final StringBuilder key = new StringBuilder(256);
    private final boolean duckDb;
    QuarantineReason reason;
    String detail;

    /** {@code properties}: the plan's, in the canonical order of the row. */
    RowBinder(ImportMapping mapping, ImportPlan plan, List<PropertyField> properties, boolean duckDb) {
        this.mapping = mapping;
        this.events = mapping.kind() == ImportKind.EVENTS;
        this.plan = plan;
        this.properties = properties;
        this.duckDb = duckDb;
    }

    /** The row's values, or null with {@link #reason} and {@link #detail} set. */
    Object[] bind(SourceRecord record) {
        Object[] values = record.values();
        int first = events ? 5 : 2;
        Object[] row = new Object[first + properties.size()];
        String userId = text(values[plan.userIdIndex]);
        if (userId == null || userId.isBlank()) {
            return bad(QuarantineReason.EMPTY_USER_ID, "the field '" + mapping.userId() + "' is empty");
        }
        LocalDateTime time = null;
        if (plan.timeIndex >= 0) {
            String written = text(values[plan.timeIndex]);
            if (written == null || written.isBlank()) {
                if (events) {
                    return bad(QuarantineReason.UNPARSABLE_TIMESTAMP, "the field '" + mapping.time() + "' is empty");
                }
            } else {
                try {
                    // stored to the millisecond (TIMESTAMP(3)); the duplicate check sees what is stored
                    time = ValueParsers.utc(mapping.timeFormat().parse(written)).truncatedTo(ChronoUnit.MILLIS);
                } catch (java.time.DateTimeException e) {
                    return bad(QuarantineReason.UNPARSABLE_TIMESTAMP, "'" + ValueParsers.abbreviate(written)
                            + "' in field '" + mapping.time() + "' does not match the format "
                            + mapping.timeFormat().spec());
                }
            }
        }
        for (int i = 0; i < properties.size(); i++) {
            PropertyField property = properties.get(i);
            try {
                Object value = ValueParsers.convert(values[property.fieldIndex], property.type);
                if (value instanceof BigDecimal number && duckDb && number.precision() - number.scale() > DECIMAL_DIGITS) {
                    return bad(QuarantineReason.BAD_VALUE, "property '" + property.property + "' (field '"
                            + property.field + "'): " + ValueParsers.abbreviate(number.toString()) + " is too large;"
                            + " numbers have at most " + DECIMAL_DIGITS + " digits before the decimal point");
                }
                // stored to the millisecond, like the event time
                row[first + i] = value instanceof LocalDateTime stamp ? stamp.truncatedTo(ChronoUnit.MILLIS) : value;
            } catch (ValueParsers.BadValue e) {
                return bad(QuarantineReason.BAD_VALUE, "property '" + property.property + "' (field '"
                        + property.field + "'): " + e.getMessage() + "; the property is " + property.type
                        + " (declare its type in the mapping if that is wrong)");
            }
        }
        if (!events) {
            row[0] = userId;
            row[1] = time;
            return row;
        }
        String event = text(values[plan.eventIndex]);
        if (event == null || event.isBlank()) {
            return bad(QuarantineReason.EMPTY_EVENT_NAME, "the field '" + mapping.event() + "' is empty");
        }
        String eventId = plan.eventIdIndex >= 0 ? text(values[plan.eventIdIndex]) : null;
        if (eventId != null && eventId.isEmpty()) {
            eventId = null;
        }
        row[1] = userId;
        row[2] = event;
        row[3] = time;
        row[4] = eventId;
        row[0] = key(row);
        return row;
    }

    private Object[] bad(QuarantineReason why, String what) {
        reason = why;
        detail = what;
        return null;
    }

    /**
     * Where the event is looked for first: a 64-bit hash of its event id when it has one, else its time in
     * milliseconds times 2^20 plus 20 bits of a hash of user, event, time and every property value (numbers
     * by value: 1.0 = 1). A time-ordered file thus adds keys near each other, at the recent end of the
     * table. The key only says where to look: two events are duplicates when their values are equal,
     * which {@link DuplicateCheck} compares whenever a key is taken.
     */
    private long key(Object[] row) {
        key.setLength(0);
        if (row[4] != null) {
            return ImportRun.hash(key.append("id\u0001").append((String) row[4]));
        }
        key.append((String) row[1]).append('\u0001').append((String) row[2]);
        for (int i = 0; i < properties.size(); i++) {
            Object value = row[5 + i];
            if (value != null) {
                key.append('\u0001').append(properties.get(i).property).append('\u0002').append(canonical(value));
            }
        }
        long millis = ((LocalDateTime) row[3]).toInstant(ZoneOffset.UTC).toEpochMilli();
        return (millis << 20) + (ImportRun.hash(key) & 0xF_FFFFL);
    }

    private String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static String canonical(Object value) {
        return value instanceof BigDecimal decimal ? decimal.stripTrailingZeros().toPlainString() : value.toString();
    }
}
