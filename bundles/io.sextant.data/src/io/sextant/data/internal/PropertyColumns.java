package io.sextant.data.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.sextant.data.Dialect;
import io.sextant.data.EventSchema;
import io.sextant.dsl.context.ValueType;

/**
 * The typed columns that hold properties (of events) and attributes (of users), as listed in
 * property_columns. A property keeps its column and type across imports.
 */
public final class PropertyColumns {

    /** A property and the column that holds it. */
    public record Column(String property, String columnName, ValueType type) {
    }

    private PropertyColumns() {
    }

    /** The columns of {@code owner} (EventSchema.OWNER_EVENTS or OWNER_USERS) by property name. */
    public static Map<String, Column> load(Connection connection, String owner) throws SQLException {
        Map<String, Column> columns = new LinkedHashMap<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT property, column_name, value_type FROM property_columns WHERE owner = ? ORDER BY column_name")) {
            query.setString(1, owner);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    columns.put(rows.getString(1),
                            new Column(rows.getString(1), rows.getString(2), ValueType.valueOf(rows.getString(3))));
                }
            }
        }
        return columns;
    }

    /**
     * Adds a column for a new property. On H2 and PostgreSQL this is committed at once, before an import's
     * transaction begins (H2's DDL commits by itself), so a failed import may leave an empty column behind,
     * which holds no value and so appears in no catalog. On DuckDB, whose DDL is transactional, the column is
     * part of the import's transaction and goes with it.
     */
    public static Column add(Connection connection, Dialect dialect, String owner, String property, ValueType type,
            Map<String, Column> existing) throws SQLException {
        String prefix = EventSchema.OWNER_EVENTS.equals(owner) ? "p_" : "a_";
        String base = prefix + sanitize(property);
        String name = base;
        for (int n = 2; nameTaken(existing, name); n++) {
            name = base + "_" + n;
        }
        String table = EventSchema.OWNER_EVENTS.equals(owner) ? EventSchema.EVENTS : EventSchema.USERS;
        try (Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE " + table + " ADD COLUMN " + dialect.quote(name) + " "
                    + dialect.columnType(type));
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO property_columns(owner, property, column_name, value_type) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, owner);
            insert.setString(2, property);
            insert.setString(3, name);
            insert.setString(4, type.name());
            insert.executeUpdate();
        }
        if (!connection.getAutoCommit() && dialect != io.sextant.data.Dialects.DUCKDB) {
            connection.commit();
        }
        Column column = new Column(property, name, type);
        existing.put(property, column);
        return column;
    }

    /** Drops a property's column and forgets it: what {@link #add} did, undone after a failed import. */
    public static void remove(Connection connection, Dialect dialect, String owner, Column column) throws SQLException {
        String table = EventSchema.OWNER_EVENTS.equals(owner) ? EventSchema.EVENTS : EventSchema.USERS;
        try (Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE " + table + " DROP COLUMN " + dialect.quote(column.columnName()));
        }
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM property_columns WHERE owner = ? AND property = ?")) {
            delete.setString(1, owner);
            delete.setString(2, column.property());
            delete.executeUpdate();
        }
    }

    private static boolean nameTaken(Map<String, Column> existing, String name) {
        return existing.values().stream().anyMatch(c -> c.columnName().equalsIgnoreCase(name));
    }

    /** Lower case letters, digits and underscores, at most 60 characters: a name that needs no care in SQL. */
    static String sanitize(String property) {
        StringBuilder name = new StringBuilder();
        for (char c : property.toLowerCase(Locale.ROOT).toCharArray()) {
            name.append(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' ? c : '_');
            if (name.length() == 60) {
                break;
            }
        }
        return name.isEmpty() ? "property" : name.toString();
    }
}
