package io.sextant.engine.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import java.sql.Statement;

import org.jooq.Table;
import org.jooq.impl.DSL;

import io.sextant.data.EventSchema;
import io.sextant.data.sources.TrinoLayout;
import io.sextant.data.sources.TrinoSettings;
import io.sextant.dsl.context.ValueType;

/**
 * Which typed column holds each event property and user attribute of a data source (its property_columns
 * table), and whether it has a users table with rows. Read once per engine run: imports add columns.
 */
public final class DataLayout {

    /** The user's signup time is a base column of the users table, addressed as user.signup_time. */
    public static final String SIGNUP_ATTRIBUTE = "signup_time";

    private final Map<String, LogicalPlan.Column> eventProperties;
    private final Map<String, LogicalPlan.Column> userAttributes;
    private final boolean hasUsers;
    /** The events as queries name them: the table {@code events}, or a Trino source's table or mapping query. */
    private final Table<?> events;
    /** The users likewise. */
    private final Table<?> users;
    /** Prefix of the names of a run's tables: "" (temporary tables) or a Trino source's {@code catalog.schema.}. */
    private final String staging;

    public DataLayout(Map<String, LogicalPlan.Column> eventProperties, Map<String, LogicalPlan.Column> userAttributes,
            boolean hasUsers) {
        this(eventProperties, userAttributes, hasUsers, DSL.table(DSL.unquotedName("events")),
                DSL.table(DSL.unquotedName("users")), "");
    }

    private DataLayout(Map<String, LogicalPlan.Column> eventProperties, Map<String, LogicalPlan.Column> userAttributes,
            boolean hasUsers, Table<?> events, Table<?> users, String staging) {
        // sorted, so that messages list them alphabetically
        this.eventProperties = Collections.unmodifiableMap(new TreeMap<>(eventProperties));
        this.userAttributes = Collections.unmodifiableMap(new TreeMap<>(userAttributes));
        this.hasUsers = hasUsers;
        this.events = events;
        this.users = users;
        this.staging = staging;
    }

    /**
     * The layout of a Trino source: properties and attributes from its tables' columns (read from the server and
     * checked against the settings, {@link TrinoLayout}), the events and users as its tables (or a query that
     * names the mapped columns as the engine does), and the run's tables in the settings' staging schema.
     */
    public static DataLayout trino(TrinoLayout layout, Connection connection) throws SQLException {
        Map<String, LogicalPlan.Column> events = new TreeMap<>();
        Map<String, LogicalPlan.Column> users = new TreeMap<>();
        users.put(SIGNUP_ATTRIBUTE, new LogicalPlan.Column("signup_time", ValueType.TIMESTAMP, false));
        layout.properties().forEach((name, column) -> events.put(name,
                new LogicalPlan.Column(column.name(), column.type(), true)));
        layout.attributes().forEach((name, column) -> users.putIfAbsent(name,
                new LogicalPlan.Column(column.name(), column.type(), true)));
        TrinoSettings s = layout.settings();
        Table<?> eventsTable = layout.eventsSql() == null
                ? DSL.table(DSL.quotedName(s.catalog(), s.schema(), s.eventsTable()))
                : DSL.table("(" + layout.eventsSql() + ")");
        boolean hasUsers = false;
        Table<?> usersTable = DSL.table(DSL.unquotedName("users"));
        if (s.usersTable() != null) {
            usersTable = layout.usersSql() == null ? DSL.table(DSL.quotedName(s.catalog(), s.schema(), s.usersTable()))
                    : DSL.table("(" + layout.usersSql() + ")");
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT count(*) FROM (SELECT 1 FROM "
                            + TrinoLayout.quote(s.catalog()) + "." + TrinoLayout.quote(s.schema()) + "."
                            + TrinoLayout.quote(s.usersTable()) + " LIMIT 1) AS one")) {
                rows.next();
                hasUsers = rows.getLong(1) > 0;
            }
        }
        return new DataLayout(events, users, hasUsers, eventsTable, usersTable, s.staging() + ".");
    }

    /** The events, for FROM (give it an alias). */
    public Table<?> events() {
        return events;
    }

    /** The users, for FROM (give it an alias); only when {@link #hasUsers()}. */
    public Table<?> users() {
        return users;
    }

    /** What a run's table names start with: "" or a Trino source's staging {@code catalog.schema.}. */
    public String staging() {
        return staging;
    }

    /** The owner of the marker row that says the users table has rows; no property has this owner. */
    private static final String USERS_PRESENT = "#users-present";

    /**
     * Reads the layout of the data source behind {@code connection} in one statement: on a run that answers a
     * question in a few milliseconds (DuckDB, PostgreSQL), each extra round trip is a visible share of the time.
     */
    public static DataLayout read(Connection connection) throws SQLException {
        Map<String, LogicalPlan.Column> events = new TreeMap<>();
        Map<String, LogicalPlan.Column> users = new TreeMap<>();
        users.put(SIGNUP_ATTRIBUTE, new LogicalPlan.Column("signup_time", ValueType.TIMESTAMP, false));
        boolean hasUsers = false;
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT owner, property, column_name, value_type FROM property_columns"
                        + " UNION ALL SELECT '" + USERS_PRESENT + "', NULL, NULL, NULL WHERE EXISTS (SELECT 1 FROM users)")) {
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    String owner = rows.getString(1);
                    if (USERS_PRESENT.equals(owner)) {
                        hasUsers = true;
                        continue;
                    }
                    LogicalPlan.Column column = new LogicalPlan.Column(rows.getString(3),
                            ValueType.valueOf(rows.getString(4)), true);
                    if (EventSchema.OWNER_EVENTS.equals(owner)) {
                        events.put(rows.getString(2), column);
                    } else {
                        users.putIfAbsent(rows.getString(2), column);
                    }
                }
            }
        }
        return new DataLayout(events, users, hasUsers);
    }

    public Optional<LogicalPlan.Column> eventProperty(String name) {
        return Optional.ofNullable(eventProperties.get(name));
    }

    public Optional<LogicalPlan.Column> userAttribute(String name) {
        return Optional.ofNullable(userAttributes.get(name));
    }

    public Map<String, LogicalPlan.Column> eventProperties() {
        return eventProperties;
    }

    public Map<String, LogicalPlan.Column> userAttributes() {
        return userAttributes;
    }

    /**
     * Whether the users table has rows. Without any, the users of an analysis are every user id with an event
     * before T, who have no signup time and no attributes.
     */
    public boolean hasUsers() {
        return hasUsers;
    }
}
