package io.sextant.data.imports.internal;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import io.sextant.data.imports.FileFormat;
import io.sextant.data.imports.ImportKind;
import io.sextant.data.imports.ImportMapping;
import io.sextant.data.imports.TimestampFormat;
import io.sextant.dsl.context.ValueType;

/**
 * A mapping as properties: {@code kind}, {@code format}, {@code userId}, {@code event}, {@code time},
 * {@code timeFormat}, {@code eventId}, {@code delimiter}, {@code otherFieldsAsProperties},
 * {@code property.<field>=<name>}, {@code type.<property>=TEXT|NUMBER|BOOLEAN|TIMESTAMP},
 * {@code ignore.<field>=true}; each key after a prefix (the mapping's name in a project's file).
 */
public final class MappingText {

    private MappingText() {
    }

    public static void put(Properties target, String prefix, ImportMapping mapping) {
        Map<String, String> values = new TreeMap<>();
        values.put("kind", mapping.kind().name());
        if (mapping.format() != null) {
            values.put("format", mapping.format().name());
        }
        putIfSet(values, "userId", mapping.userId());
        putIfSet(values, "event", mapping.event());
        putIfSet(values, "time", mapping.time());
        values.put("timeFormat", mapping.timeFormat().spec());
        putIfSet(values, "eventId", mapping.eventId());
        values.put("delimiter", String.valueOf(mapping.delimiter()));
        values.put("otherFieldsAsProperties", String.valueOf(mapping.otherFieldsAsProperties()));
        mapping.properties().forEach((field, name) -> values.put("property." + field, name));
        mapping.types().forEach((property, type) -> values.put("type." + property, type.name()));
        mapping.ignored().forEach(field -> values.put("ignore." + field, "true"));
        values.forEach((key, value) -> target.setProperty(prefix + key, value));
    }

    /** The mapping under {@code prefix}; an unknown value is an error naming {@code origin} and the key. */
    public static ImportMapping get(Properties source, String prefix, String origin) {
        String kind = source.getProperty(prefix + "kind");
        if (kind == null) {
            return null;
        }
        ImportMapping.Builder builder = new ImportMapping.Builder(value(ImportKind.class, kind, origin, prefix + "kind"));
        String format = source.getProperty(prefix + "format");
        if (format != null) {
            builder.format(value(FileFormat.class, format, origin, prefix + "format"));
        }
        builder.userId(source.getProperty(prefix + "userId")).event(source.getProperty(prefix + "event"))
                .time(source.getProperty(prefix + "time")).eventId(source.getProperty(prefix + "eventId"));
        String timeFormat = source.getProperty(prefix + "timeFormat");
        if (timeFormat != null) {
            try {
                builder.timeFormat(TimestampFormat.of(timeFormat));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(origin + ": setting '" + prefix + "timeFormat': " + e.getMessage(), e);
            }
        }
        String delimiter = source.getProperty(prefix + "delimiter");
        if (delimiter != null) {
            if (delimiter.length() != 1) {
                throw new IllegalArgumentException(origin + ": setting '" + prefix + "delimiter' must be one character, not '"
                        + delimiter + "'");
            }
            builder.delimiter(delimiter.charAt(0));
        }
        builder.otherFieldsAsProperties(!"false".equalsIgnoreCase(source.getProperty(prefix + "otherFieldsAsProperties")));
        for (String key : new TreeMap<>(toMap(source)).keySet()) {
            if (!key.startsWith(prefix)) {
                continue;
            }
            String rest = key.substring(prefix.length());
            if (rest.startsWith("property.")) {
                builder.property(rest.substring("property.".length()), source.getProperty(key));
            } else if (rest.startsWith("type.")) {
                builder.type(rest.substring("type.".length()), value(ValueType.class, source.getProperty(key), origin, key));
            } else if (rest.startsWith("ignore.") && "true".equalsIgnoreCase(source.getProperty(key))) {
                builder.ignore(rest.substring("ignore.".length()));
            }
        }
        return builder.build();
    }

    /** The mapping as one text (stored with each import, so it can be seen what an import did). */
    public static String write(ImportMapping mapping) {
        Properties properties = new Properties();
        put(properties, "", mapping);
        StringWriter text = new StringWriter();
        try {
            properties.store(text, null);
        } catch (IOException e) {
            throw new IllegalStateException("writing to a string cannot fail", e);
        }
        // drop the date comment Properties.store writes, so equal mappings give equal texts
        return text.toString().lines().filter(l -> !l.startsWith("#")).sorted()
                .reduce("", (a, b) -> a + b + "\n");
    }

    public static ImportMapping read(String text) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail", e);
        }
        return get(properties, "", "mapping");
    }

    private static Map<String, String> toMap(Properties properties) {
        Map<String, String> map = new TreeMap<>();
        for (String name : properties.stringPropertyNames()) {
            map.put(name, properties.getProperty(name));
        }
        return map;
    }

    private static void putIfSet(Map<String, String> values, String key, String value) {
        if (value != null && !value.isEmpty()) {
            values.put(key, value);
        }
    }

    private static <E extends Enum<E>> E value(Class<E> type, String text, String origin, String key) {
        try {
            return Enum.valueOf(type, text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            StringBuilder known = new StringBuilder();
            for (E constant : type.getEnumConstants()) {
                known.append(known.isEmpty() ? "" : ", ").append(constant.name());
            }
            throw new IllegalArgumentException(origin + ": setting '" + key + "' is '" + text + "'; it must be one of "
                    + known, e);
        }
    }
}
