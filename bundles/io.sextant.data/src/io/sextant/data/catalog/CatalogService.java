package io.sextant.data.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;

import io.sextant.data.Dialect;
import io.sextant.data.EventDataSource;
import io.sextant.data.EventSchema;
import io.sextant.data.catalog.internal.PiiHeuristics;
import io.sextant.data.internal.PropertyColumns;
import io.sextant.dsl.context.ValueType;

/**
 * Derives the catalog from the data (after each import, and on demand), reads it, and keeps the user's PII
 * marks. Derivation replaces catalog_events and catalog_properties in one transaction; pii_marks is never
 * touched by it, so marks survive every re-derivation.
 */
public final class CatalogService {

    /** Distinct values per text property that the value heuristics look at. */
    private static final int PII_SAMPLE = 200;
    /** A mark on a property for every event (and the mark of a user attribute) has this event name. */
    public static final String ANY_EVENT = "";

    private final EventDataSource source;

    public CatalogService(EventDataSource source) {
        this.source = source;
    }

    /** Derives the catalog again from the events and users in the source, and returns it. */
    public DataCatalog derive(IProgressMonitor monitor) throws SQLException {
        SubMonitor progress = SubMonitor.convert(monitor, "Deriving the event catalog", 3);
        try (Connection connection = source.open()) {
            Dialect dialect = source.dialect();
            Map<String, PropertyColumns.Column> eventColumns = PropertyColumns.load(connection, EventSchema.OWNER_EVENTS);
            Map<String, PropertyColumns.Column> userColumns = PropertyColumns.load(connection, EventSchema.OWNER_USERS);
            Map<String, String> piiReasons = new HashMap<>();
            detectPii(connection, dialect, EventSchema.EVENTS, eventColumns, piiReasons, "e:");
            detectPii(connection, dialect, EventSchema.USERS, userColumns, piiReasons, "u:");
            progress.worked(1);
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                LocalDateTime now = LocalDateTime.ofInstant(Instant.now(), java.time.ZoneOffset.UTC);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("DELETE FROM catalog_events");
                    statement.execute("DELETE FROM catalog_properties");
                }
                deriveEvents(connection, dialect, eventColumns, piiReasons, now);
                progress.worked(1);
                deriveUsers(connection, dialect, userColumns, piiReasons);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
            progress.worked(1);
            return read(connection);
        }
    }

    /** The users' signup time, counted like an attribute. */
    private static final PropertyColumns.Column SIGNUP_TIME = new PropertyColumns.Column("signup_time", "signup_time",
            ValueType.TIMESTAMP);

    /** For each column: how many rows have a value, and how many distinct values there are. */
    private static void appendCounts(StringBuilder sql, Dialect dialect, List<PropertyColumns.Column> columns) {
        for (PropertyColumns.Column column : columns) {
            // the base column signup_time is unquoted (each engine folds it its way); property columns are quoted
            String name = column == SIGNUP_TIME ? "signup_time" : dialect.quote(column.columnName());
            sql.append(", COUNT(").append(name).append("), COUNT(DISTINCT ").append(name).append(')');
        }
    }

    /**
     * One pass over the events: per event its volume, users, first and last time, and per property how many
     * rows have it and how many distinct values it takes. Counted here with hash sets rather than by H2's
     * COUNT(DISTINCT ...) per column, which keeps every group's values in a sorted tree and took most of the
     * derivation's time; the sets hold what H2's would (each event's distinct values).
     */
    private void deriveEvents(Connection connection, Dialect dialect, Map<String, PropertyColumns.Column> columns,
            Map<String, String> piiReasons, LocalDateTime now) throws SQLException {
        if (dialect != io.sextant.data.Dialects.H2) {
            deriveEventsWhereTheDataIs(connection, dialect, columns, piiReasons, now);
            return;
        }
        List<PropertyColumns.Column> list = new ArrayList<>(columns.values());
        StringBuilder sql = new StringBuilder("SELECT event_name, user_id, event_time");
        for (PropertyColumns.Column column : list) {
            sql.append(", ").append(dialect.quote(column.columnName()));
        }
        sql.append(" FROM events");
        Map<String, EventStatistics> statistics = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement()) {
            statement.setFetchSize(10_000);
            try (ResultSet rows = statement.executeQuery(sql.toString())) {
                EventStatistics last = null;
                while (rows.next()) {
                    String name = rows.getString(1);
                    EventStatistics event = last != null && last.name.equals(name) ? last
                            : statistics.computeIfAbsent(name, n -> new EventStatistics(n, list.size()));
                    last = event;
                    event.add(rows.getString(2), rows.getObject(3, LocalDateTime.class));
                    for (int i = 0; i < list.size(); i++) {
                        Object value = switch (list.get(i).type()) {
                            case TIMESTAMP -> rows.getObject(4 + i, LocalDateTime.class);
                            // by value, as SQL compares them: 1.0 and 1 are one value
                            case NUMBER -> {
                                java.math.BigDecimal number = rows.getBigDecimal(4 + i);
                                yield number == null ? null : number.stripTrailingZeros();
                            }
                            default -> rows.getObject(4 + i);
                        };
                        event.addValue(i, value);
                    }
                }
            }
        }
        try (PreparedStatement event = connection.prepareStatement("INSERT INTO catalog_events(event_name, volume,"
                + " users, first_seen, last_seen, derived_at) VALUES (?, ?, ?, ?, ?, ?)");
                PreparedStatement property = insertProperty(connection)) {
            for (EventStatistics stats : statistics.values()) {
                event.setString(1, stats.name);
                event.setLong(2, stats.volume);
                event.setLong(3, stats.users.size());
                event.setObject(4, stats.first);
                event.setObject(5, stats.last);
                event.setObject(6, now);
                event.addBatch();
                for (int i = 0; i < list.size(); i++) {
                    if (stats.present[i] == 0) {
                        continue; // the event never has this property
                    }
                    PropertyColumns.Column column = list.get(i);
                    addProperty(property, EventSchema.OWNER_EVENTS, stats.name, column, stats.present[i],
                            stats.values.get(i).size(), piiReasons.get("e:" + column.property()));
                }
            }
            event.executeBatch();
            property.executeBatch();
        }
    }

    /**
     * The same counts as one grouped query where the data is (DuckDB, PostgreSQL): one row per event comes back,
     * never the events. Numbers are distinct by value there too (1.0 = 1 in a DECIMAL or NUMERIC column).
     */
    private void deriveEventsWhereTheDataIs(Connection connection, Dialect dialect,
            Map<String, PropertyColumns.Column> columns, Map<String, String> piiReasons, LocalDateTime now)
            throws SQLException {
        List<PropertyColumns.Column> list = new ArrayList<>(columns.values());
        StringBuilder sql = new StringBuilder("SELECT event_name, COUNT(*), COUNT(DISTINCT user_id), MIN(event_time),"
                + " MAX(event_time)");
        appendCounts(sql, dialect, list);
        sql.append(" FROM events GROUP BY event_name ORDER BY event_name");
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql.toString());
                PreparedStatement event = connection.prepareStatement("INSERT INTO catalog_events(event_name, volume,"
                        + " users, first_seen, last_seen, derived_at) VALUES (?, ?, ?, ?, ?, ?)");
                PreparedStatement property = insertProperty(connection)) {
            while (rows.next()) {
                String name = rows.getString(1);
                event.setString(1, name);
                event.setLong(2, rows.getLong(2));
                event.setLong(3, rows.getLong(3));
                event.setObject(4, rows.getObject(4, LocalDateTime.class));
                event.setObject(5, rows.getObject(5, LocalDateTime.class));
                event.setObject(6, now);
                event.addBatch();
                for (int i = 0; i < list.size(); i++) {
                    long present = rows.getLong(6 + 2 * i);
                    if (present > 0) {
                        PropertyColumns.Column column = list.get(i);
                        addProperty(property, EventSchema.OWNER_EVENTS, name, column, present, rows.getLong(7 + 2 * i),
                                piiReasons.get("e:" + column.property()));
                    }
                }
            }
            event.executeBatch();
            property.executeBatch();
        }
    }

    /** What one pass counts of one event. */
    private static final class EventStatistics {
        final String name;
        long volume;
        final java.util.Set<String> users = new java.util.HashSet<>();
        LocalDateTime first;
        LocalDateTime last;
        final long[] present;
        final List<java.util.Set<Object>> values = new ArrayList<>();

        EventStatistics(String name, int properties) {
            this.name = name;
            this.present = new long[properties];
            for (int i = 0; i < properties; i++) {
                values.add(new java.util.HashSet<>());
            }
        }

        void add(String user, LocalDateTime time) {
            volume++;
            users.add(user);
            if (first == null || time.isBefore(first)) {
                first = time;
            }
            if (last == null || time.isAfter(last)) {
                last = time;
            }
        }

        void addValue(int property, Object value) {
            if (value != null) {
                present[property]++;
                values.get(property).add(value);
            }
        }
    }

    private void deriveUsers(Connection connection, Dialect dialect, Map<String, PropertyColumns.Column> columns,
            Map<String, String> piiReasons) throws SQLException {
        List<PropertyColumns.Column> list = new ArrayList<>(columns.values());
        list.add(0, SIGNUP_TIME);
        StringBuilder sql = new StringBuilder("SELECT COUNT(*)");
        appendCounts(sql, dialect, list);
        sql.append(" FROM users");
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql.toString());
                PreparedStatement property = insertProperty(connection)) {
            rows.next();
            for (int i = 0; i < list.size(); i++) {
                long present = rows.getLong(2 + 2 * i);
                if (present > 0) {
                    PropertyColumns.Column column = list.get(i);
                    addProperty(property, EventSchema.OWNER_USERS, ANY_EVENT, column, present, rows.getLong(3 + 2 * i),
                            piiReasons.get("u:" + column.property()));
                }
            }
            property.executeBatch();
        }
    }

    private static PreparedStatement insertProperty(Connection connection) throws SQLException {
        return connection.prepareStatement("INSERT INTO catalog_properties(owner, event_name, property, value_type,"
                + " present, cardinality, pii_detected, pii_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    }

    private static void addProperty(PreparedStatement insert, String owner, String event,
            PropertyColumns.Column column, long present, long cardinality, String piiReason) throws SQLException {
        insert.setString(1, owner);
        insert.setString(2, event);
        insert.setString(3, column.property());
        insert.setString(4, column.type().name());
        insert.setLong(5, present);
        insert.setLong(6, cardinality);
        insert.setBoolean(7, piiReason != null);
        insert.setString(8, piiReason);
        insert.addBatch();
    }

    /** Name heuristics for every property, value heuristics on a sample of each text property. */
    private void detectPii(Connection connection, Dialect dialect, String table,
            Map<String, PropertyColumns.Column> columns, Map<String, String> reasons, String key) throws SQLException {
        for (PropertyColumns.Column column : columns.values()) {
            String reason = PiiHeuristics.byName(column.property());
            if (reason == null && column.type() == ValueType.TEXT) {
                String name = dialect.quote(column.columnName());
                List<String> sample = new ArrayList<>();
                try (Statement statement = connection.createStatement();
                        ResultSet rows = statement.executeQuery("SELECT DISTINCT " + name + " FROM " + table
                                + " WHERE " + name + " IS NOT NULL FETCH FIRST " + PII_SAMPLE + " ROWS ONLY")) {
                    while (rows.next()) {
                        sample.add(rows.getString(1));
                    }
                }
                reason = PiiHeuristics.byValues(sample);
            }
            if (reason != null) {
                reasons.put(key + column.property(), reason);
            }
        }
    }

    /**
     * Each event's number of events per day (UTC), the {@code days} days up to and including {@code lastDay}:
     * for a sparkline beside the event (the IDE's Data view). Days without events are absent.
     */
    public Map<String, java.util.SortedMap<java.time.LocalDate, Long>> dailyVolumes(java.time.LocalDate lastDay, int days)
            throws SQLException {
        Map<String, java.util.SortedMap<java.time.LocalDate, Long>> volumes = new java.util.TreeMap<>();
        java.time.LocalDate first = lastDay.minusDays(days - 1L);
        try (Connection connection = source.open();
                Statement statement = connection.createStatement();
                // one row per event and day (a few thousand): the days are picked here, with no value in the SQL
                ResultSet rows = statement.executeQuery("SELECT event_name, CAST(event_time AS DATE), COUNT(*)"
                        + " FROM events GROUP BY event_name, CAST(event_time AS DATE)")) {
            while (rows.next()) {
                java.time.LocalDate day = rows.getObject(2, java.time.LocalDate.class);
                if (day != null && !day.isBefore(first) && !day.isAfter(lastDay)) {
                    volumes.computeIfAbsent(rows.getString(1), e -> new java.util.TreeMap<>()).put(day, rows.getLong(3));
                }
            }
        }
        return volumes;
    }

    /** The catalog as last derived, with the user's marks applied. */
    public DataCatalog read() throws SQLException {
        try (Connection connection = source.open()) {
            return read(connection);
        }
    }

    private DataCatalog read(Connection connection) throws SQLException {
        Map<String, Boolean> marks = new HashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT owner, event_name, property, pii FROM pii_marks")) {
            while (rows.next()) {
                marks.put(rows.getString(1) + '\u0001' + rows.getString(2) + '\u0001' + rows.getString(3),
                        rows.getBoolean(4));
            }
        }
        Map<String, List<PropertySummary>> eventProperties = new LinkedHashMap<>();
        List<PropertySummary> attributes = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT owner, event_name, property, value_type, present,"
                        + " cardinality, pii_detected, pii_reason FROM catalog_properties ORDER BY event_name, property")) {
            while (rows.next()) {
                String owner = rows.getString(1);
                String event = rows.getString(2);
                String property = rows.getString(3);
                Boolean mark = marks.get(owner + '\u0001' + event + '\u0001' + property);
                if (mark == null) {
                    mark = marks.get(owner + '\u0001' + ANY_EVENT + '\u0001' + property);
                }
                PropertySummary summary = new PropertySummary(property, ValueType.valueOf(rows.getString(4)),
                        rows.getLong(5), rows.getLong(6), rows.getBoolean(7), rows.getString(8), mark);
                if (EventSchema.OWNER_USERS.equals(owner)) {
                    attributes.add(summary);
                } else {
                    eventProperties.computeIfAbsent(event, e -> new ArrayList<>()).add(summary);
                }
            }
        }
        List<EventSummary> events = new ArrayList<>();
        Instant derivedAt = null;
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT event_name, volume, users, first_seen, last_seen,"
                        + " derived_at FROM catalog_events ORDER BY event_name")) {
            while (rows.next()) {
                String name = rows.getString(1);
                events.add(new EventSummary(name, rows.getLong(2), rows.getLong(3), instant(rows, 4), instant(rows, 5),
                        eventProperties.getOrDefault(name, List.of())));
                derivedAt = instant(rows, 6);
            }
        }
        return new DataCatalog(events, attributes, derivedAt);
    }

    /**
     * The user's own mark: {@code pii} true marks the property as personal data, false as not (overriding
     * the heuristics). {@code event} {@link #ANY_EVENT} marks it under every event (and is the only choice
     * for user attributes). Marks are kept apart from the derived catalog, so re-derivation keeps them.
     */
    public void markPii(String owner, String event, String property, boolean pii) throws SQLException {
        // a delete and an insert in one transaction: MERGE and upserts are spelled differently on every engine
        try (Connection connection = source.open()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM pii_marks WHERE owner = ? AND event_name = ? AND property = ?");
                    PreparedStatement insert = connection.prepareStatement("INSERT INTO pii_marks(owner, event_name,"
                            + " property, pii, marked_at) VALUES (?, ?, ?, ?, ?)")) {
                delete.setString(1, owner);
                delete.setString(2, event == null ? ANY_EVENT : event);
                delete.setString(3, property);
                delete.executeUpdate();
                insert.setString(1, owner);
                insert.setString(2, event == null ? ANY_EVENT : event);
                insert.setString(3, property);
                insert.setBoolean(4, pii);
                insert.setObject(5, LocalDateTime.ofInstant(Instant.now(), java.time.ZoneOffset.UTC));
                insert.executeUpdate();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
    }

    /** Removes the user's mark, so the heuristics decide again. */
    public void clearPiiMark(String owner, String event, String property) throws SQLException {
        try (Connection connection = source.open();
                PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM pii_marks WHERE owner = ? AND event_name = ? AND property = ?")) {
            delete.setString(1, owner);
            delete.setString(2, event == null ? ANY_EVENT : event);
            delete.setString(3, property);
            delete.executeUpdate();
        }
    }

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        LocalDateTime time = rows.getObject(column, LocalDateTime.class);
        return time == null ? null : time.toInstant(ZoneOffset.UTC);
    }
}
