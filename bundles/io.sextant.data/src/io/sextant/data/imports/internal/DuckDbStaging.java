package io.sextant.data.imports.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

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
     * <p>Equal rows have equal keys, so only the rows whose key occurs more than once in the file are compared
     * by all their values ({@code SELECT DISTINCT}); the others, nearly all, go in as they are. A DISTINCT over
     * every column of every row spilled to disk and took 67 of a 112 s import at tier M. The comparison with
     * the table joins on values, not on keys: the two bulk paths compute keys differently (Java's hash, DuckDB's
     * hash), and a store converted from H2 holds H2's keys. It is skipped when the table holds no events (a first
     * import).
     *
     * @param values the staging table's columns but sextant_seq, as the table names them
     */
    static String insertEvents(Connection connection, Dialect dialect, String staging, List<String> values,
            int importId) throws SQLException {
        String list = String.join(", ", values);
        String repeated = "(SELECT dedup_key FROM " + staging + " GROUP BY dedup_key HAVING COUNT(*) > 1)";
        String unique = "SELECT " + list + " FROM " + staging + " WHERE dedup_key NOT IN " + repeated;
        String distinctWithoutId = "SELECT DISTINCT " + list + " FROM " + staging + " WHERE event_id IS NULL"
                + " AND dedup_key IN " + repeated;
        String firstById = "SELECT " + list + " FROM (SELECT *, row_number() OVER (PARTITION BY event_id ORDER BY"
                + " sextant_seq) AS sextant_rank FROM " + staging + " WHERE event_id IS NOT NULL AND dedup_key IN "
                + repeated + ") WHERE sextant_rank = 1";
        String staged = "(" + unique + " UNION ALL " + distinctWithoutId + " UNION ALL " + firstById + ") s";
        String insert = "INSERT INTO " + EventSchema.EVENTS + " (" + list + ", import_id) SELECT "
                + prefixed("s.", values) + ", " + importId + " FROM " + staged;
        if (isEmpty(connection, EventSchema.EVENTS)) {
            return insert;
        }
        StringBuilder same = new StringBuilder("e.event_id IS NULL AND s.event_id IS NULL AND e.user_id = s.user_id"
                + " AND e.event_name = s.event_name AND e.event_time = s.event_time");
        for (PropertyColumns.Column column : PropertyColumns.load(connection, EventSchema.OWNER_EVENTS).values()) {
            String quoted = dialect.quote(column.columnName());
            same.append(" AND e.").append(quoted);
            same.append(values.contains(quoted) ? " IS NOT DISTINCT FROM s." + quoted : " IS NULL");
        }
        // two anti-joins on equalities rather than one on an OR, so that DuckDB hashes both
        return insert + " WHERE NOT EXISTS (SELECT 1 FROM " + EventSchema.EVENTS + " e WHERE e.event_id = s.event_id)"
                + " AND NOT EXISTS (SELECT 1 FROM " + EventSchema.EVENTS + " e WHERE " + same + ")";
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
