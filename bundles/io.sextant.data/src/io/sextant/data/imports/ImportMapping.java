package io.sextant.data.imports;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.sextant.dsl.context.ValueType;

/**
 * Which field of a file holds what: the user id, the event name and its timestamp (or, for users, the signup
 * time), an optional event id, and the properties (attributes, for users). Fields the mapping does not name
 * become properties under their own name unless {@link #otherFieldsAsProperties()} is off or they are
 * {@link #ignored()}. Property types are inferred from the data unless declared in {@link #types()}.
 *
 * @param kind                    events or users
 * @param format                  the file's format, or null to take it from the file name
 * @param userId                  the field with the user id (required)
 * @param event                   the field with the event name (events only)
 * @param time                    the field with the event time (events, required) or signup time (users)
 * @param timeFormat              how timestamps are written
 * @param eventId                 the field with a unique event id, or null
 * @param properties              field → property name, for fields taken under another name
 * @param types                   property name → declared type
 * @param ignored                 fields that are not imported
 * @param otherFieldsAsProperties whether unnamed fields become properties
 * @param delimiter               the CSV field separator
 */
public record ImportMapping(ImportKind kind, FileFormat format, String userId, String event, String time,
        TimestampFormat timeFormat, String eventId, Map<String, String> properties, Map<String, ValueType> types,
        Set<String> ignored, boolean otherFieldsAsProperties, char delimiter) {

    public ImportMapping {
        Objects.requireNonNull(kind, "kind");
        timeFormat = timeFormat == null ? TimestampFormat.ISO : timeFormat;
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        types = Collections.unmodifiableMap(new LinkedHashMap<>(types));
        ignored = Collections.unmodifiableSet(new LinkedHashSet<>(ignored));
    }

    /** A mapping of an events file: user id, event name and time fields; every other field a property. */
    public static Builder events(String userId, String event, String time) {
        return new Builder(ImportKind.EVENTS).userId(userId).event(event).time(time);
    }

    /** A mapping of a users file: the user id and signup time fields; every other field an attribute. */
    public static Builder users(String userId, String signupTime) {
        return new Builder(ImportKind.USERS).userId(userId).time(signupTime);
    }

    public Builder toBuilder() {
        Builder builder = new Builder(kind).format(format).userId(userId).event(event).time(time)
                .timeFormat(timeFormat).eventId(eventId).otherFieldsAsProperties(otherFieldsAsProperties)
                .delimiter(delimiter);
        properties.forEach(builder::property);
        types.forEach(builder::type);
        ignored.forEach(builder::ignore);
        return builder;
    }

    /** Builds a mapping step by step. */
    public static final class Builder {
        private final ImportKind kind;
        private FileFormat format;
        private String userId;
        private String event;
        private String time;
        private TimestampFormat timeFormat = TimestampFormat.ISO;
        private String eventId;
        private final Map<String, String> properties = new LinkedHashMap<>();
        private final Map<String, ValueType> types = new LinkedHashMap<>();
        private final Set<String> ignored = new LinkedHashSet<>();
        private boolean otherFieldsAsProperties = true;
        private char delimiter = ',';

        public Builder(ImportKind kind) {
            this.kind = kind;
        }

        public Builder format(FileFormat value) {
            format = value;
            return this;
        }

        public Builder userId(String field) {
            userId = field;
            return this;
        }

        public Builder event(String field) {
            event = field;
            return this;
        }

        public Builder time(String field) {
            time = field;
            return this;
        }

        public Builder timeFormat(TimestampFormat value) {
            timeFormat = value;
            return this;
        }

        public Builder eventId(String field) {
            eventId = field;
            return this;
        }

        /** Takes {@code field} as the property {@code name}. */
        public Builder property(String field, String name) {
            properties.put(field, name);
            return this;
        }

        /** Declares the type of a property instead of inferring it. */
        public Builder type(String property, ValueType type) {
            types.put(property, type);
            return this;
        }

        public Builder ignore(String field) {
            ignored.add(field);
            return this;
        }

        public Builder otherFieldsAsProperties(boolean value) {
            otherFieldsAsProperties = value;
            return this;
        }

        public Builder delimiter(char value) {
            delimiter = value;
            return this;
        }

        public ImportMapping build() {
            return new ImportMapping(kind, format, userId, event, time, timeFormat, eventId, properties, types,
                    ignored, otherFieldsAsProperties, delimiter);
        }
    }
}
