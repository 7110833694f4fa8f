package io.sextant.data;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The tables of an event data source. README.md ("Event data schema") says what each column means and why
 * properties are typed columns.
 *
 * <pre>
 * events(dedup_key, user_id, event_name, event_time, event_id, import_id, p_... one typed column per property)
 * users(user_id, signup_time, import_id, a_... one typed column per attribute)
 * property_columns(owner, property, column_name, value_type)   which column holds which property
 * imports(import_id, kind, file_name, started_at, finished_at, rows_read, rows_imported, rows_quarantined,
 *         duplicates, mapping)
 * quarantine(import_id, file_name, row_number, reason, raw)
 * catalog_events, catalog_properties                             derived; rebuilt by each derivation
 * pii_marks(owner, event_name, property, pii, marked_at)        the user's own marks; never derived
 * </pre>
 */
public final class EventSchema {

    public static final String EVENTS = "events";
    public static final String USERS = "users";
    public static final String PROPERTY_COLUMNS = "property_columns";
    public static final String IMPORTS = "imports";
    public static final String QUARANTINE = "quarantine";
    public static final String CATALOG_EVENTS = "catalog_events";
    public static final String CATALOG_PROPERTIES = "catalog_properties";
    public static final String PII_MARKS = "pii_marks";

    /** The owner of event properties in property_columns, catalog_properties and pii_marks. */
    public static final String OWNER_EVENTS = "event";
    /** The owner of user attributes. */
    public static final String OWNER_USERS = "user";

    /** Bumped when the tables change; a source of another version is refused with a clear message. */
    public static final int VERSION = 2;

    private EventSchema() {
    }

    /**
     * The indexes the engine's queries use: events by name in a time window, a user's events in time order.
     * A large import drops them and builds them again after its commit (a sorted build is much faster than
     * keeping them up to date row by row); if the process dies in between, the next open builds them.
     */
    public static void createQueryIndexes(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE INDEX IF NOT EXISTS events_by_name_time ON events(event_name, event_time)");
            s.execute("CREATE INDEX IF NOT EXISTS events_by_user_time ON events(user_id, event_time)");
        }
    }

    /** Drops the query indexes before a large import; see {@link #createQueryIndexes(Connection)}. */
    public static void dropQueryIndexes(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("DROP INDEX IF EXISTS events_by_name_time");
            s.execute("DROP INDEX IF EXISTS events_by_user_time");
        }
    }

    /**
     * Deletes the events of imports that never ended: a CSV import into DuckDB commits its rows before it records
     * itself (ImportRun.importReadCsv), so rows whose import is newer than the last one recorded are those of a
     * process gone between the two. Cheap when there are none: the largest import_id comes from the row groups'
     * statistics. The property columns such an import added stay, empty, as a failed import's do on H2.
     */
    public static void removeUnfinishedImports(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            // an import's rows have its id; the rows it marked to delete (bad rows of a CSV file read once) its
            // negated id, which no recorded import has
            statement.executeUpdate("DELETE FROM " + EVENTS + " WHERE (import_id > (SELECT COALESCE(MAX(import_id), 0)"
                    + " FROM imports) OR import_id < 0) AND ((SELECT MAX(import_id) FROM " + EVENTS + ") > (SELECT"
                    + " COALESCE(MAX(import_id), 0) FROM imports) OR (SELECT MIN(import_id) FROM " + EVENTS + ") < 0)");
        }
    }

    /**
     * Creates the tables if the source has none yet; checks the version otherwise, and the query indexes unless
     * {@code importRunning}: a bulk import drops them and builds them after its commit, and creating them
     * meanwhile would wait for the import's lock on the events table and fail.
     */
    static void ensure(Connection connection, Dialect dialect, boolean importRunning) throws SQLException {
        // DuckDB scans columns with min/max statistics per row group; an index would only slow the import down
        boolean indexed = dialect != Dialects.DUCKDB;
        if (tableExists(connection, "sextant_schema")) {
            if (!importRunning && indexed) {
                createQueryIndexes(connection);
            }
            if (!importRunning && dialect == Dialects.DUCKDB) {
                removeUnfinishedImports(connection);
            }
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT version FROM sextant_schema")) {
                int version = rows.next() ? rows.getInt(1) : -1;
                if (version != VERSION) {
                    throw new SQLException("the event data source has schema version " + version
                            + " but this Sextant reads version " + VERSION + "; import the files into a new data"
                            + " source (version 1, of Sextant 0.1 before its release, keyed events differently)");
                }
            }
            return;
        }
        String text = dialect.columnType(io.sextant.dsl.context.ValueType.TEXT);
        String time = dialect.columnType(io.sextant.dsl.context.ValueType.TIMESTAMP);
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement s = connection.createStatement()) {
            // the dedup key is the primary key, which in H2 is the table's own row key (a BIGINT primary key
            // needs no index of its own): an import inserts a row only when its key is new and, when it is
            // not, compares the two rows (ImportRun.DuplicateCheck)
            // on DuckDB the key is not unique: an import drops exact duplicates by comparing values in one
            // statement (ImportRun's DuckDB path), and a primary key would cost an index lookup per row
            s.execute("CREATE TABLE events (dedup_key BIGINT NOT NULL" + (indexed ? " PRIMARY KEY" : "") + ", user_id " + text
                    + " NOT NULL, event_name " + text + " NOT NULL, event_time " + time + " NOT NULL, event_id "
                    + text + ", import_id INT NOT NULL)");
            s.execute("CREATE TABLE users (user_id " + text + " NOT NULL PRIMARY KEY, signup_time " + time
                    + ", import_id INT NOT NULL)");
            s.execute("CREATE TABLE property_columns (owner VARCHAR(8) NOT NULL, property " + text
                    + " NOT NULL, column_name VARCHAR(80) NOT NULL, value_type VARCHAR(16) NOT NULL,"
                    + " PRIMARY KEY (owner, property), UNIQUE (owner, column_name))");
            s.execute("CREATE TABLE imports (import_id INT NOT NULL PRIMARY KEY, kind VARCHAR(8) NOT NULL,"
                    + " file_name " + text + " NOT NULL, started_at " + time + " NOT NULL, finished_at " + time
                    + " NOT NULL, rows_read BIGINT NOT NULL, rows_imported BIGINT NOT NULL,"
                    + " rows_quarantined BIGINT NOT NULL, duplicates BIGINT NOT NULL, mapping " + text + ")");
            s.execute("CREATE TABLE quarantine (import_id INT NOT NULL, file_name " + text
                    + " NOT NULL, row_number BIGINT NOT NULL, reason " + text + " NOT NULL, raw " + text + ")");
            s.execute("CREATE TABLE catalog_events (event_name " + text + " NOT NULL PRIMARY KEY,"
                    + " volume BIGINT NOT NULL, users BIGINT NOT NULL, first_seen " + time + ", last_seen " + time
                    + ", derived_at " + time + " NOT NULL)");
            s.execute("CREATE TABLE catalog_properties (owner VARCHAR(8) NOT NULL, event_name " + text
                    + " NOT NULL, property " + text + " NOT NULL, value_type VARCHAR(16) NOT NULL,"
                    + " present BIGINT NOT NULL, cardinality BIGINT NOT NULL, pii_detected BOOLEAN NOT NULL,"
                    + " pii_reason " + text + ", PRIMARY KEY (owner, event_name, property))");
            s.execute("CREATE TABLE pii_marks (owner VARCHAR(8) NOT NULL, event_name " + text
                    + " NOT NULL, property " + text + " NOT NULL, pii BOOLEAN NOT NULL, marked_at " + time
                    + " NOT NULL, PRIMARY KEY (owner, event_name, property))");
            s.execute("CREATE TABLE sextant_schema (version INT NOT NULL)");
            s.execute("INSERT INTO sextant_schema VALUES (" + VERSION + ")");
            connection.commit();
            if (indexed) {
                createQueryIndexes(connection);
            }
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static boolean tableExists(Connection connection, String table) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        for (String name : new String[] { table, table.toUpperCase(java.util.Locale.ROOT) }) {
            try (ResultSet rows = meta.getTables(null, null, name, new String[] { "TABLE", "BASE TABLE" })) {
                if (rows.next()) {
                    return true;
                }
            }
        }
        return false;
    }
}
