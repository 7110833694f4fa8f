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
 * The last step of every import into DuckDB: the checked, typed rows go into the events (or users) table without
 * exact duplicates within the file and against the rows the source already holds. The Appender path (rows the
 * Java reader parsed, JSON Lines) moves a staging table of the import's transaction, with {@code sextant_seq} (the
 * file's order) then the target table's columns but import_id ({@link #insertEvents}); a CSV file DuckDB reads
 * ({@link DuckDbCsvImport}) is written as it is read and its copies deleted afterwards ({@link #insertGood},
 * {@link #deleteRepeatedCopies}).
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
        String older = withoutOlderCopies(connection, dialect, values);
        boolean first = older.isEmpty();
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
     * The condition that leaves out the staged rows ({@code s}) whose equal the table already holds: the same id;
     * or no id on either side and the same user, event, time and property values, a property set on one side and
     * missing on the other being a difference. Empty when the table holds no events (a first import).
     */
    private static String withoutOlderCopies(Connection connection, Dialect dialect, List<String> values)
            throws SQLException {
        if (isEmpty(connection, EventSchema.EVENTS)) {
            return "";
        }
        String same = sameEvent(connection, dialect, values::contains);
        // two anti-joins on equalities rather than one on an OR, so that DuckDB hashes both
        return " WHERE NOT EXISTS (SELECT 1 FROM " + EventSchema.EVENTS + " e WHERE e.event_id = s.event_id)"
                + " AND NOT EXISTS (SELECT 1 FROM " + EventSchema.EVENTS + " e WHERE " + same + ")";
    }

    /**
     * Inserts the checked rows of {@code staging} (a CSV file DuckDB reads, {@link DuckDbCsvImport#GOOD}) with
     * {@code importId}, all but those whose equal the table already holds; the copies within the file are left
     * for {@link #deleteRepeatedCopies}, once these rows are committed. Returns the rows inserted.
     *
     * <p>Why not drop the copies here, as {@link #insertEvents} does: that needs the keys that repeat in the file
     * first, and finding them in the file cost as much as reading it twice more (tier L: 20 s), while in the
     * written key column it takes 7 s. Nor in the same transaction: deleting rows DuckDB has not committed yet
     * made it write every row group again at the commit (tier L: 42 s for 97,000 deleted rows of 48 million).
     */
    static long insertGood(Connection connection, Dialect dialect, String staging, List<String> values, int importId,
            SubMonitor progress) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO " + EventSchema.EVENTS + " ("
                + String.join(", ", values) + ", import_id) SELECT " + prefixed("s.", values) + ", " + importId
                + " FROM (SELECT " + String.join(", ", values) + " FROM " + staging + ") s"
                + withoutOlderCopies(connection, dialect, values))) {
            DuckDbProgress.execute(statement, progress);
            return statement.getUpdateCount();
        }
    }

    /**
     * Deletes the copies among the events of {@code importId} (committed by {@link #insertGood}), keeping one of
     * each: rows with an event id by the id, the first in the file winning; rows without by all their values
     * (exact copies are one event). Equal rows have equal keys, so only the rows whose key repeats are compared.
     * The rows of an import are in the table in the file's order (DuckDB preserves the order of an insert), so
     * the first in the file is the one with the lowest rowid. Returns the rows deleted.
     *
     * <p>The keys that repeat are found in parts, by their lowest bits (which are hash bits, see
     * DuckDbCsvImport#key, so the parts are even): one GROUP BY over the 48 million keys of tier L builds a hash
     * table larger than the memory limit, which spills; each part scans the key column again, so there are as few
     * as keep a part's table well inside the limit (parts of 1.5 million keys at tier L, 32 scans, made this step
     * take longer than one GROUP BY).
     *
     * @param rows   the rows of the import (the parts are sized by it)
     * @param values the table's columns but import_id, as the table names them
     */
    static long deleteRepeatedCopies(Connection connection, int importId, long rows, List<String> values)
            throws SQLException {
        String repeated = "sextant_repeated_rows";
        String list = String.join(", ", values);
        String ofImport = " FROM " + EventSchema.EVENTS + " WHERE import_id = " + importId;
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMP TABLE " + repeated + " AS SELECT rowid AS sextant_row, " + list + ofImport
                    + " AND dedup_key IN (" + repeatedKeysInParts(ofImport, rows) + ")");
            try {
                return statement.executeUpdate("DELETE FROM " + EventSchema.EVENTS + " WHERE rowid IN (SELECT"
                        + " sextant_row FROM " + repeated + " EXCEPT (SELECT min(sextant_row) FROM " + repeated
                        + " WHERE event_id IS NULL GROUP BY " + list + " UNION ALL SELECT min(sextant_row) FROM "
                        + repeated + " WHERE event_id IS NOT NULL GROUP BY event_id))");
            } finally {
                statement.execute("DROP TABLE " + repeated);
            }
        }
    }

    /**
     * Writes every row of {@code all} ({@link DuckDbCsvImport#ALL}) with {@code importId}, the marked ones with
     * {@code -importId} (see {@link #markedRows}). Returns the rows written: the file's rows.
     */
    static long insertAll(Connection connection, String all, List<String> values, int importId, SubMonitor progress)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO " + EventSchema.EVENTS + " ("
                + String.join(", ", values) + ", import_id) SELECT " + String.join(", ", values)
                + ", CASE WHEN sextant_marked THEN " + (-importId) + " ELSE " + importId + " END FROM " + all)) {
            DuckDbProgress.execute(statement, progress);
            return statement.getUpdateCount();
        }
    }

    /**
     * The marked rows {@link #insertAll} wrote: [0] all of them, [1] those marked because a value does not fit the
     * type the first rows gave its property (the event_id of a marked row is null unless it is one of these).
     */
    static long[] markedRows(Connection connection, int importId) throws SQLException {
        String query = "SELECT count(*), count(event_id) FROM " + EventSchema.EVENTS
                + " WHERE import_id = " + (-importId);
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(query)) {
            rows.next();
            return new long[] { rows.getLong(1), rows.getLong(2) };
        }
    }

    /** Deletes the marked rows of an import ({@link #insertAll}). */
    static void deleteMarkedRows(Connection connection, int importId) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM " + EventSchema.EVENTS + " WHERE import_id = " + (-importId));
        }
    }

    /**
     * Deletes the events of {@code importId} (committed by {@link #insertAll}) whose equal an earlier import wrote:
     * the same id; or no id on either side and the same user, event, time and property values. Returns the rows
     * deleted. The same comparison as {@link #withoutOlderCopies}, made after the rows are written: an import that
     * reads the file once must write every row to count them.
     */
    static long deleteOlderCopies(Connection connection, Dialect dialect, int importId) throws SQLException {
        String older = "e.import_id > 0 AND e.import_id <> " + importId;
        // every property column is the table's here, so s has each (null where the file has no such field)
        String same = sameEvent(connection, dialect, column -> true);
        String ofImport = " FROM " + EventSchema.EVENTS + " s WHERE s.import_id = " + importId;
        String copies = "sextant_older_copies";
        try (Statement statement = connection.createStatement()) {
            // two semi-joins on equalities rather than one on an OR, so that DuckDB hashes both
            statement.execute("CREATE TEMP TABLE " + copies + " AS SELECT s.rowid AS sextant_row" + ofImport
                    + " AND EXISTS (SELECT 1 FROM " + EventSchema.EVENTS + " e WHERE " + older
                    + " AND e.event_id = s.event_id) UNION SELECT s.rowid" + ofImport + " AND EXISTS (SELECT 1 FROM "
                    + EventSchema.EVENTS + " e WHERE " + older + " AND " + same + ")");
            try {
                return statement.executeUpdate("DELETE FROM " + EventSchema.EVENTS + " WHERE rowid IN (SELECT"
                        + " sextant_row FROM " + copies + ")");
            } finally {
                statement.execute("DROP TABLE " + copies);
            }
        }
    }

    /**
     * The condition that an event {@code e} of the table and a row {@code s} are the same event without an id: no
     * id on either side and the same user, event, time and property values, a property set on one side and missing
     * on the other being a difference. {@code inRow} says which property columns (quoted) {@code s} has; for the
     * others, {@code e}'s value must be missing.
     */
    private static String sameEvent(Connection connection, Dialect dialect, java.util.function.Predicate<String> inRow)
            throws SQLException {
        StringBuilder same = new StringBuilder("e.event_id IS NULL AND s.event_id IS NULL AND e.user_id = s.user_id"
                + " AND e.event_name = s.event_name AND e.event_time = s.event_time");
        for (PropertyColumns.Column column : PropertyColumns.load(connection, EventSchema.OWNER_EVENTS).values()) {
            String quoted = dialect.quote(column.columnName());
            same.append(" AND e.").append(quoted);
            same.append(inRow.test(quoted) ? " IS NOT DISTINCT FROM s." + quoted : " IS NULL");
        }
        return same.toString();
    }

    /** Rows per part of {@link #repeatedKeysInParts}: a part's hash table stays well inside the memory limit. */
    private static final long ROWS_PER_PART = 8_000_000;

    /** The keys among {@code ofImport}'s rows that occur more than once, found in parts (a power of two of them). */
    private static String repeatedKeysInParts(String ofImport, long rows) {
        int parts = 1;
        while (parts < 16 && (long) parts * ROWS_PER_PART < rows) {
            parts *= 2;
        }
        List<String> queries = new ArrayList<>();
        for (int part = 0; part < parts; part++) {
            queries.add("SELECT dedup_key" + ofImport + (parts > 1 ? " AND dedup_key & " + (parts - 1) + " = " + part : "")
                    + " GROUP BY dedup_key HAVING count(*) > 1");
        }
        return String.join(" UNION ALL ", queries);
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
