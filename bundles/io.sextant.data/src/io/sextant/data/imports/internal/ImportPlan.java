package io.sextant.data.imports.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.sextant.data.imports.ImportException;
import io.sextant.data.imports.ImportKind;
import io.sextant.data.imports.ImportMapping;
import io.sextant.dsl.context.ValueType;

/**
 * A mapping checked against a file's fields: where the user id, event, time and event id are, and which
 * field becomes which property. Every mistake is an {@link ImportException} naming the file and setting.
 */
public final class ImportPlan {

    /** A field imported as a property, with the type it is stored as (filled in once columns are known). */
    public static final class PropertyField {
        public final int fieldIndex;
        public final String field;
        public final String property;
        public ValueType type;
        public String columnName;

        PropertyField(int fieldIndex, String field, String property) {
            this.fieldIndex = fieldIndex;
            this.field = field;
            this.property = property;
        }
    }

    public final int userIdIndex;
    public final int eventIndex;
    public final int timeIndex;
    public final int eventIdIndex;
    public final List<PropertyField> properties;

    private ImportPlan(int userIdIndex, int eventIndex, int timeIndex, int eventIdIndex,
            List<PropertyField> properties) {
        this.userIdIndex = userIdIndex;
        this.eventIndex = eventIndex;
        this.timeIndex = timeIndex;
        this.eventIdIndex = eventIdIndex;
        this.properties = properties;
    }

    public static ImportPlan of(String file, ImportMapping mapping, List<String> fields) throws ImportException {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < fields.size(); i++) {
            index.put(fields.get(i), i);
        }
        boolean events = mapping.kind() == ImportKind.EVENTS;
        int userId = required(file, "userId", mapping.userId(), index, fields);
        int event = events ? required(file, "event", mapping.event(), index, fields) : -1;
        int time = events ? required(file, "time", mapping.time(), index, fields)
                : optional(file, "time", mapping.time(), index, fields);
        int eventId = optional(file, "eventId", mapping.eventId(), index, fields);
        Set<Integer> taken = new LinkedHashSet<>(List.of(userId, event, time, eventId));
        for (String field : mapping.ignored()) {
            taken.add(optional(file, "ignore", field, index, fields));
        }
        List<PropertyField> properties = new ArrayList<>();
        Map<String, String> propertyFields = new HashMap<>();
        for (Map.Entry<String, String> named : mapping.properties().entrySet()) {
            int at = required(file, "property " + named.getKey(), named.getKey(), index, fields);
            addProperty(file, properties, propertyFields, at, fields.get(at), named.getValue());
            taken.add(at);
        }
        if (mapping.otherFieldsAsProperties()) {
            for (int i = 0; i < fields.size(); i++) {
                if (!taken.contains(i)) {
                    addProperty(file, properties, propertyFields, i, fields.get(i), fields.get(i));
                }
            }
        }
        for (String declared : mapping.types().keySet()) {
            if (!propertyFields.containsKey(declared)) {
                throw new ImportException(file + ": the mapping declares the type of property '" + declared
                        + "' (setting 'type." + declared + "'), but no field of the file becomes that property");
            }
        }
        return new ImportPlan(userId, event, time, eventId, properties);
    }

    private static void addProperty(String file, List<PropertyField> properties, Map<String, String> byName,
            int fieldIndex, String field, String property) throws ImportException {
        if (property == null || property.isBlank()) {
            throw new ImportException(file + ": the mapping gives field '" + field + "' an empty property name");
        }
        String earlier = byName.putIfAbsent(property, field);
        if (earlier != null) {
            throw new ImportException(file + ": fields '" + earlier + "' and '" + field
                    + "' would both become property '" + property + "'; map one of them to another name");
        }
        properties.add(new PropertyField(fieldIndex, field, property));
    }

    private static int required(String file, String setting, String field, Map<String, Integer> index,
            List<String> fields) throws ImportException {
        if (field == null || field.isBlank()) {
            throw new ImportException(file + ": the mapping names no field for setting '" + setting + "'");
        }
        return optional(file, setting, field, index, fields);
    }

    private static int optional(String file, String setting, String field, Map<String, Integer> index,
            List<String> fields) throws ImportException {
        if (field == null || field.isBlank()) {
            return -1;
        }
        Integer at = index.get(field);
        if (at == null) {
            throw new ImportException(file + ": the mapping's setting '" + setting + "' names the field '" + field
                    + "', which the file does not have; its fields are " + String.join(", ", fields));
        }
        return at;
    }
}
