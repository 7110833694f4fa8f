package io.sextant.data.imports.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.SubMonitor;

import io.sextant.data.Dialect;
import io.sextant.data.EventSchema;
import io.sextant.data.internal.PropertyColumns;

/**
 * The last step of every import into DuckDB: one INSERT ... SELECT moves the checked, typed rows of a staging
 * table of the import's transaction into the events (or users) table, dropping exact duplicates within the file
 * and against the rows the source already holds. A staging table has {@code sextant_seq} (the file's order)
 * then the target table's columns but import_id. Both bulk paths fill one: the Appender (rows the Java reader
 * parsed, JSON Lines) and {@link DuckDbCsvImport} (rows DuckDB's CSV reader parsed and SQL typed).
 */
final class DuckDbStaging {

    private DuckDbStaging() {
    }

    /**
     * Moves the staged events into the table, each event once: rows with an event id by the id (the first in
     * the file wins), rows without by all their values (exact copies are one event), and none whose equal the
     * table already holds (the same id; or no id on either side and the same user, event, time and property
     * values, a property set on one side and missing on the other being a difference).
     *
     * <p>Equal rows have equal keys, so only the rows whose key occurs more than once in the file ({@code repeated},
     * whose keys are {@code keys}) are compared by all their values ({@code SELECT DISTINCT}); the others, nearly
     * all, go in as they are. A DISTINCT over
     * every column of every row spilled to disk and took 67 of a 112 s import at tier M. The comparison with
     * the table joins on values, not on keys: the two bulk paths compute keys differently (Java's hash, DuckDB's
     * hash), and a store converted from H2 holds H2's keys. It is skipped when the table holds no events (a first
     * import).
     *
     * @param staging  the staged rows: a table, or a view of the rows that passed the checks
     * @param repeated the rows of {@code staging} whose key occurs more than once in the file (a small relation)
     * @param keys     the keys of {@code repeated}, none null
     * @param values   the staging table's columns but sextant_seq, as the table names them
     */
    static InsertedEvents insertEvents(Connection connection, Dialect dialect, String staging, String repeated,
            String keys, List<String> values, int importId, SubMonitor progress) throws SQLException {
        String list = String.join(", ", values);
        String unique = "SELECT " + list + " FROM " + staging + " WHERE dedup_key NOT IN " + keys;
        String distinctWithoutId = "SELECT DISTINCT " + list + " FROM " + repeated + " WHERE event_id IS NULL";
        String firstById = "SELECT " + list + " FROM (SELECT *, row_number() OVER (PARTITION BY event_id ORDER BY"
                + " sextant_seq) AS sextant_rank FROM " + repeated + " WHERE event_id IS NOT NULL) WHERE sextant_rank = 1";
        String insert = "INSERT INTO " + EventSchema.EVENTS + " (" + list + ", import_id) SELECT "
                + prefixed("s.", values) + ", " + importId + " FROM ";
        String older = "";
        boolean first = isEmpty(connection, EventSchema.EVENTS);
        if (!first) {
            StringBuilder same = new StringBuilder("e.event_id IS NULL AND s.event_id IS NULL AND e.user_id = s.user_id"
                    + " AND e.event_name = s.event_name AND e.event_time = s.event_time");
            for (PropertyColumns.Column column : PropertyColumns.load(connection, EventSchema.OWNER_EVENTS).values()) {
                String quoted = dialect.quote(column.columnName());
                same.append(" AND e.").append(quoted);
                same.append(values.contains(quoted) ? " IS NOT DISTINCT FROM s." + quoted : " IS NULL");
            }
            // two anti-joins on equalities rather than one on an OR, so that DuckDB hashes both
            older = " WHERE NOT EXISTS (SELECT 1 FROM " + EventSchema.EVENTS + " e WHERE e.event_id = s.event_id)"
                    + " AND NOT EXISTS (SELECT 1 FROM " + EventSchema.EVENTS + " e WHERE " + same + ")";
        }
        // the rows with a key of their own, nearly all, go in as they are; the others once each
        long uniqueRows;
        try (PreparedStatement statement = connection.prepareStatement(insert + "(" + unique + ") s" + older)) {
            DuckDbProgress.execute(statement, progress);
            uniqueRows = statement.getUpdateCount();
        }
        try (Statement statement = connection.createStatement()) {
            long others = statement.executeUpdate(insert + "(" + distinctWithoutId + " UNION ALL " + firstById + ") s"
                    + older);
            return new InsertedEvents(uniqueRows, others, first);
        }
    }

    /**
     * What {@link #insertEvents} inserted: the rows whose key occurs once in the file, and the others (one of each
     * group of equal rows); {@code first}: whether the table held no events before, so that no row was dropped as
     * the copy of an earlier import's.
     */
    record InsertedEvents(long uniqueRows, long others, boolean first) {
        long total() {
            return uniqueRows + others;
        }
    }

    /** The keys that occur more than once in a staging table, as a relation for {@link #insertEvents}. */
    static String repeatedKeys(String staging) {
        return "(SELECT dedup_key FROM " + staging + " GROUP BY dedup_key HAVING COUNT(*) > 1)";
    }

    /** Moves the staged users into the table: a user id the table holds, or met earlier in the file, is a duplicate. */
    static String insertUsers(String staging, List<String> values, int importId) {
        return "INSERT INTO " + EventSchema.USERS + " (" + String.join(", ", values) + ", import_id) SELECT "
                + prefixed("s.", values) + ", " + importId + " FROM (SELECT *, row_number() OVER (PARTITION BY"
                + " user_id ORDER BY sextant_seq) AS sextant_rank FROM " + staging + ") s WHERE s.sextant_rank = 1"
                + " AND NOT EXISTS (SELECT 1 FROM " + EventSchema.USERS + " u WHERE u.user_id = s.user_id)";
    }

    private static boolean isEmpty(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT NOT EXISTS (SELECT 1 FROM " + table + ")")) {
            rows.next();
            return rows.getBoolean(1);
        }
    }

    private static String prefixed(String prefix, List<String> names) {
        List<String> result = new ArrayList<>();
        for (String name : names) {
            result.add(prefix + name);
        }
        return String.join(", ", result);
    }
}
