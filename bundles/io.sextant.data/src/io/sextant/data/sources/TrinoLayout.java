package io.sextant.data.sources;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.sextant.dsl.context.ValueType;

/**
 * The tables of a Trino data source as the server describes them ({@code information_schema.columns}), checked
 * against the settings: the mapped columns exist and have usable types, and every other column of a usable type is
 * a property (or attribute) under its name without the prefix. Read from the server rather than from the lake
 * manifest: a team's tables need not come from {@code sextant export-lake}, and the server's types are the ones
 * its queries compare with.
 *
 * @param settings     the settings it was read for
 * @param eventColumns every column of the events table with its Trino type, in table order
 * @param properties   event properties: name → column
 * @param attributes   user attributes: name → column (empty without a users table)
 * @param timeWithZone whether the time column is a {@code timestamp with time zone} (read as UTC)
 * @param skipped      columns that would be properties but whose type the language has no type for
 */
public record TrinoLayout(TrinoSettings settings, Map<String, String> eventColumns,
        Map<String, Column> properties, Map<String, Column> attributes, boolean timeWithZone, List<String> skipped) {

    /** A column that holds a property or attribute. */
    public record Column(String name, ValueType type, String trinoType) {
    }

    /** The server does not have what a setting names (one line naming the setting). */
    public static final class LayoutException extends SQLException {
        private static final long serialVersionUID = 1L;

        public LayoutException(String message) {
            super(message);
        }
    }

    public TrinoLayout {
        eventColumns = Collections.unmodifiableMap(new LinkedHashMap<>(eventColumns));
        properties = Collections.unmodifiableMap(new TreeMap<>(properties));
        attributes = Collections.unmodifiableMap(new TreeMap<>(attributes));
        skipped = List.copyOf(skipped);
    }

    /** {@code catalog.schema.table} of the events. */
    public String eventsTableName() {
        return settings.catalog() + "." + settings.schema() + "." + settings.eventsTable();
    }

    /** {@code catalog.schema.table} of the users, or null. */
    public String usersTableName() {
        return settings.usersTable() == null ? null
                : settings.catalog() + "." + settings.schema() + "." + settings.usersTable();
    }

    /** Reads and checks the tables' columns; a {@link LayoutException} names the setting that does not fit. */
    public static TrinoLayout read(Connection connection, TrinoSettings settings) throws SQLException {
        List<String> catalogs = strings(connection, "SELECT catalog_name FROM system.metadata.catalogs ORDER BY 1");
        if (!catalogs.contains(settings.catalog().toLowerCase(Locale.ROOT))) {
            throw new LayoutException("catalog: the Trino server has no catalog '" + settings.catalog() + "'; it has: "
                    + String.join(", ", catalogs));
        }
        String stagingCatalog = settings.staging().split("\\.")[0];
        if (!catalogs.contains(stagingCatalog.toLowerCase(Locale.ROOT))) {
            throw new LayoutException("staging: the Trino server has no catalog '" + stagingCatalog
                    + "' to stage a run's segment members in; it has: " + String.join(", ", catalogs)
                    + " (configure a memory catalog, or name a writable catalog.schema)");
        }
        String information = quote(settings.catalog()) + ".information_schema";
        List<String> schemas = strings(connection, "SELECT schema_name FROM " + information + ".schemata ORDER BY 1");
        if (!schemas.contains(settings.schema().toLowerCase(Locale.ROOT))) {
            throw new LayoutException("schema: the catalog " + settings.catalog() + " has no schema '" + settings.schema()
                    + "'; it has: " + String.join(", ", schemas));
        }
        Map<String, String> events = columns(connection, information, settings.schema(), settings.eventsTable());
        if (events.isEmpty()) {
            throw new LayoutException("events-table: " + settings.catalog() + "." + settings.schema() + " has no table '"
                    + settings.eventsTable() + "'; it has: " + String.join(", ", strings(connection,
                            "SELECT table_name FROM " + information + ".tables WHERE table_schema = '"
                                    + settings.schema().toLowerCase(Locale.ROOT).replace("'", "''") + "' ORDER BY 1")));
        }
        String table = settings.catalog() + "." + settings.schema() + "." + settings.eventsTable();
        requireText("user-id-column", settings.userIdColumn(), events, table);
        requireText("event-name-column", settings.eventNameColumn(), events, table);
        String timeType = require("time-column", settings.timeColumn(), events, table);
        if (!timeType.startsWith("timestamp")) {
            throw new LayoutException("time-column: the column " + settings.timeColumn() + " of " + table + " is "
                    + timeType + ", not a timestamp");
        }
        boolean withZone = timeType.endsWith("with time zone");
        List<String> skipped = new ArrayList<>();
        List<String> mapped = new ArrayList<>(List.of(settings.userIdColumn(), settings.eventNameColumn(),
                settings.timeColumn()));
        settings.ignoredColumns().forEach(mapped::add);
        Map<String, Column> properties = properties(events, mapped, settings.propertyPrefix(), table, skipped);

        Map<String, Column> attributes = new LinkedHashMap<>();
        if (settings.usersTable() != null) {
            Map<String, String> users = columns(connection, information, settings.schema(), settings.usersTable());
            String usersTable = settings.catalog() + "." + settings.schema() + "." + settings.usersTable();
            if (users.isEmpty()) {
                throw new LayoutException("users-table: " + settings.catalog() + "." + settings.schema()
                        + " has no table '" + settings.usersTable() + "'");
            }
            requireText("users-id-column", settings.usersIdColumn(), users, usersTable);
            List<String> usersMapped = new ArrayList<>(List.of(settings.usersIdColumn()));
            if (settings.signupColumn() != null) {
                String signup = require("signup-column", settings.signupColumn(), users, usersTable);
                if (!signup.startsWith("timestamp") || signup.endsWith("with time zone")) {
                    throw new LayoutException("signup-column: the column " + settings.signupColumn() + " of "
                            + usersTable + " is " + signup + ", not a timestamp (without time zone, UTC)");
                }
                usersMapped.add(settings.signupColumn());
            }
            attributes.putAll(properties(users, usersMapped, settings.attributePrefix(), usersTable, skipped));
        }
        return new TrinoLayout(settings, events, properties, attributes, withZone, skipped);
    }

    private static Map<String, Column> properties(Map<String, String> columns, List<String> mapped, String prefix,
            String table, List<String> skipped) {
        Map<String, Column> found = new LinkedHashMap<>();
        for (Map.Entry<String, String> column : columns.entrySet()) {
            String name = column.getKey();
            if (mapped.stream().anyMatch(m -> m.equalsIgnoreCase(name))) {
                continue;
            }
            if (!prefix.isEmpty() && !name.startsWith(prefix.toLowerCase(Locale.ROOT))) {
                continue;
            }
            ValueType type = valueType(column.getValue());
            if (type == null) {
                skipped.add(table + "." + name + " (" + column.getValue() + ")");
                continue;
            }
            found.put(name.substring(prefix.length()), new Column(name, type, column.getValue()));
        }
        return found;
    }

    /** The language's type of a Trino column type, or null when it has none (arrays, maps, dates, ...). */
    public static ValueType valueType(String trinoType) {
        String t = trinoType.toLowerCase(Locale.ROOT);
        if (t.startsWith("varchar") || t.startsWith("char")) {
            return ValueType.TEXT;
        }
        if (t.startsWith("decimal") || t.equals("bigint") || t.equals("integer") || t.equals("smallint")
                || t.equals("tinyint") || t.equals("double") || t.equals("real")) {
            return ValueType.NUMBER;
        }
        if (t.equals("boolean")) {
            return ValueType.BOOLEAN;
        }
        if (t.startsWith("timestamp") && !t.endsWith("with time zone")) {
            return ValueType.TIMESTAMP;
        }
        return null;
    }

    private static String require(String setting, String column, Map<String, String> columns, String table)
            throws LayoutException {
        String type = columns.get(column.toLowerCase(Locale.ROOT));
        if (type == null) {
            throw new LayoutException(setting + ": the table " + table + " has no column '" + column + "'; its columns: "
                    + String.join(", ", columns.keySet()));
        }
        return type;
    }

    private static void requireText(String setting, String column, Map<String, String> columns, String table)
            throws LayoutException {
        String type = require(setting, column, columns, table);
        if (valueType(type) != ValueType.TEXT) {
            throw new LayoutException(setting + ": the column " + column + " of " + table + " is " + type
                    + ", not varchar");
        }
    }

    private static Map<String, String> columns(Connection connection, String information, String schema, String table)
            throws SQLException {
        Map<String, String> columns = new LinkedHashMap<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT column_name, data_type FROM " + information
                + ".columns WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position")) {
            query.setString(1, schema.toLowerCase(Locale.ROOT));
            query.setString(2, table.toLowerCase(Locale.ROOT));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    columns.put(rows.getString(1), rows.getString(2));
                }
            }
        }
        return columns;
    }

    private static List<String> strings(Connection connection, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (var statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    /** An identifier quoted for Trino. */
    public static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /**
     * The events as the engine reads them: a query over the events table that names the mapped columns
     * {@code user_id}, {@code event_name}, {@code event_time} (UTC, without time zone) and keeps the property
     * columns under their own names; the plain table name when the columns already have those names.
     */
    public String eventsSql() {
        TrinoSettings s = settings;
        String table = quote(s.catalog()) + "." + quote(s.schema()) + "." + quote(s.eventsTable());
        if (s.userIdColumn().equalsIgnoreCase("user_id") && s.eventNameColumn().equalsIgnoreCase("event_name")
                && s.timeColumn().equalsIgnoreCase("event_time") && !timeWithZone) {
            return null;
        }
        StringBuilder select = new StringBuilder("SELECT ").append(quote(s.userIdColumn())).append(" AS user_id, ")
                .append(quote(s.eventNameColumn())).append(" AS event_name, ");
        select.append(timeWithZone ? "CAST(" + quote(s.timeColumn()) + " AT TIME ZONE 'UTC' AS timestamp(6))"
                : quote(s.timeColumn())).append(" AS event_time");
        for (Column column : properties.values()) {
            select.append(", ").append(quote(column.name()));
        }
        return select.append(" FROM ").append(table).toString();
    }

    /**
     * The users as the engine reads them ({@code user_id}, {@code signup_time}, the attribute columns), or null
     * when the table's columns already have those names.
     */
    public String usersSql() {
        TrinoSettings s = settings;
        if (s.usersTable() == null) {
            return null;
        }
        if (s.usersIdColumn().equalsIgnoreCase("user_id") && "signup_time".equalsIgnoreCase(s.signupColumn())) {
            return null;
        }
        StringBuilder select = new StringBuilder("SELECT ").append(quote(s.usersIdColumn())).append(" AS user_id, ")
                .append(s.signupColumn() == null ? "CAST(NULL AS timestamp(6))" : quote(s.signupColumn()))
                .append(" AS signup_time");
        for (Column column : attributes.values()) {
            select.append(", ").append(quote(column.name()));
        }
        return select.append(" FROM ").append(quote(s.catalog())).append('.').append(quote(s.schema())).append('.')
                .append(quote(s.usersTable())).toString();
    }
}
