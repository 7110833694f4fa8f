package io.sextant.cli.internal.commands;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.sextant.cli.internal.UserError;
import io.sextant.data.imports.FileFormat;
import io.sextant.data.imports.ImportKind;
import io.sextant.data.imports.ImportMapping;
import io.sextant.data.imports.TimestampFormat;
import io.sextant.dsl.context.ValueType;

/**
 * The {@code --mapping} text of {@code sextant import}: settings separated by commas, each {@code key=value}
 * ({@code \,} is a comma inside a value):
 *
 * <pre>
 * user=FIELD                 the user id (required)
 * event=FIELD                the event name (events; required)
 * time=FIELD[:FORMAT]        the event time, or a users file's signup time (required for events);
 *                            FORMAT: iso (default), epoch_millis, epoch_seconds or a pattern such as dd.MM.yyyy HH:mm
 * signup=FIELD[:FORMAT]      a users file's signup time (same as time=)
 * id=FIELD                   a unique event id (duplicates are found by it)
 * prop.NAME=TYPE             declare a property's type: text, number, boolean or timestamp
 * rename.FIELD=NAME          take a field as the property NAME
 * ignore=FIELD               do not import a field (may be repeated)
 * others=properties|ignore   whether fields not named become properties (default: properties)
 * format=csv|jsonl           the file's format (default: from the file name)
 * delimiter=CHAR             the CSV separator: one character, or tab (default: ,)
 * </pre>
 */
public final class MappingSyntax {

    public static final String EXAMPLE = "user=user_id,event=event,time=time:iso,prop.amount=number";
    static final String KEYS = "user, event, time, signup, id, prop.<name>, rename.<field>, ignore, others, format, delimiter";

    private MappingSyntax() {
    }

    /** The mapping the text describes, for an events file or (users) a users file. */
    public static ImportMapping parse(String text, boolean users) throws UserError {
        ImportMapping.Builder builder = new ImportMapping.Builder(users ? ImportKind.USERS : ImportKind.EVENTS);
        Set<String> seen = new HashSet<>();
        boolean hasUser = false;
        boolean hasEvent = false;
        boolean hasTime = false;
        for (String setting : split(text)) {
            int equals = setting.indexOf('=');
            if (equals <= 0) {
                throw mistake("'" + setting + "' is not key=value");
            }
            String key = setting.substring(0, equals).strip();
            String value = setting.substring(equals + 1).strip();
            String lower = key.toLowerCase(Locale.ROOT);
            if (value.isEmpty()) {
                throw mistake(key + " has no value");
            }
            boolean repeatable = lower.equals("ignore");
            String identity = lower.equals("time") || lower.equals("signup") ? "time" : key;
            if (!repeatable && !seen.add(identity)) {
                throw mistake(key + " is given twice");
            }
            switch (lower) {
                case "user" -> {
                    builder.userId(value);
                    hasUser = true;
                }
                case "event" -> {
                    if (users) {
                        throw mistake("event= is for events files; a users file (--users) has user= and signup=");
                    }
                    builder.event(value);
                    hasEvent = true;
                }
                case "time", "signup" -> {
                    if (lower.equals("signup") && !users) {
                        throw mistake("signup= is for users files (--users); an events file has time=");
                    }
                    int colon = value.indexOf(':');
                    builder.time(colon < 0 ? value : value.substring(0, colon).strip());
                    if (colon >= 0) {
                        builder.timeFormat(timeFormat(key, value.substring(colon + 1).strip()));
                    }
                    hasTime = true;
                }
                case "id" -> builder.eventId(value);
                case "ignore" -> builder.ignore(value);
                case "others" -> builder.otherFieldsAsProperties(switch (value.toLowerCase(Locale.ROOT)) {
                    case "properties" -> true;
                    case "ignore" -> false;
                    default -> throw mistake("others=" + value + ": use others=properties or others=ignore");
                });
                case "format" -> builder.format(switch (value.toLowerCase(Locale.ROOT)) {
                    case "csv" -> FileFormat.CSV;
                    case "jsonl", "json", "ndjson" -> FileFormat.JSON_LINES;
                    default -> throw mistake("format=" + value + ": use format=csv or format=jsonl");
                });
                case "delimiter" -> builder.delimiter(delimiter(value));
                default -> {
                    if (lower.startsWith("prop.") && key.length() > "prop.".length()) {
                        builder.type(key.substring("prop.".length()), type(key, value));
                    } else if (lower.startsWith("rename.") && key.length() > "rename.".length()) {
                        builder.property(key.substring("rename.".length()), value);
                    } else {
                        throw mistake("unknown setting '" + key + "'; known: " + KEYS);
                    }
                }
            }
        }
        if (!hasUser) {
            throw mistake("user=<field> is required (the field with the user id), e.g. " + (users
                    ? "user=user_id,signup=signup_time" : EXAMPLE));
        }
        if (!users && !hasEvent) {
            throw mistake("event=<field> is required for an events file (give --users for a users file)");
        }
        if (!users && !hasTime) {
            throw mistake("time=<field>[:format] is required for an events file");
        }
        return builder.build();
    }

    /** The mapping written back in this syntax, to show what an import used. */
    public static String write(ImportMapping mapping) {
        List<String> settings = new ArrayList<>();
        settings.add("user=" + escape(mapping.userId()));
        if (mapping.event() != null) {
            settings.add("event=" + escape(mapping.event()));
        }
        if (mapping.time() != null) {
            settings.add((mapping.kind() == ImportKind.USERS ? "signup=" : "time=") + escape(mapping.time()) + ":"
                    + escape(mapping.timeFormat().spec()));
        }
        if (mapping.eventId() != null) {
            settings.add("id=" + escape(mapping.eventId()));
        }
        mapping.types().forEach((property, type) -> settings.add("prop." + property + "=" + type.name().toLowerCase(Locale.ROOT)));
        mapping.properties().forEach((field, name) -> settings.add("rename." + field + "=" + escape(name)));
        mapping.ignored().forEach(field -> settings.add("ignore=" + escape(field)));
        if (!mapping.otherFieldsAsProperties()) {
            settings.add("others=ignore");
        }
        if (mapping.format() != null) {
            settings.add("format=" + (mapping.format() == FileFormat.CSV ? "csv" : "jsonl"));
        }
        if (mapping.delimiter() != ',') {
            settings.add("delimiter=" + (mapping.delimiter() == '\t' ? "tab" : escape(String.valueOf(mapping.delimiter()))));
        }
        return String.join(",", settings);
    }

    private static List<String> split(String text) throws UserError {
        List<String> settings = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && (text.charAt(i + 1) == ',' || text.charAt(i + 1) == '\\')) {
                current.append(text.charAt(++i));
            } else if (c == ',') {
                settings.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        settings.add(current.toString());
        List<String> nonBlank = settings.stream().filter(s -> !s.isBlank()).toList();
        if (nonBlank.isEmpty()) {
            throw mistake("the mapping is empty; e.g. " + EXAMPLE);
        }
        return nonBlank;
    }

    private static TimestampFormat timeFormat(String key, String spec) throws UserError {
        try {
            return TimestampFormat.of(spec);
        } catch (IllegalArgumentException e) {
            throw mistake(key + ": " + e.getMessage());
        }
    }

    private static ValueType type(String key, String value) throws UserError {
        try {
            return ValueType.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw mistake(key + ": '" + value + "' is not a type; use text, number, boolean or timestamp");
        }
    }

    private static char delimiter(String value) throws UserError {
        if (value.equalsIgnoreCase("tab")) {
            return '\t';
        }
        if (value.length() != 1) {
            throw mistake("delimiter=" + value + ": give one character, or tab");
        }
        return value.charAt(0);
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace(",", "\\,");
    }

    private static UserError mistake(String message) {
        return new UserError("--mapping: " + message);
    }
}
