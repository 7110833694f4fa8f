package io.sextant.data.imports.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;

import io.sextant.data.Dialects;
import io.sextant.data.imports.ImportKind;
import io.sextant.data.imports.ImportMapping;
import io.sextant.data.imports.QuarantineReason;
import io.sextant.data.imports.QuarantinedRow;
import io.sextant.data.imports.internal.ImportPlan.PropertyField;
import io.sextant.dsl.context.ValueType;

/**
 * A CSV import into DuckDB where DuckDB does the reading: on two cores, parsing 5 million rows in Java cost most
 * of a minute, while DuckDB's CSV reader reads them on every core in a few seconds. Within the import's one
 * transaction (so a cancel, an error or a killed process leaves nothing behind):
 * <ol>
 * <li>{@link #stage}: read_csv reads every field as text into a temporary table whose rowid is the record's
 * ordinal in the file. A file with lines DuckDB rejects (broken quoting, a wrong number of fields, invalid
 * UTF-8, a runaway line) is left to the Java reader, whose quarantine resumes on the line after a broken one
 * where DuckDB's would swallow the lines up to the next quote.</li>
 * <li>{@link #inferTypes}: each property's type from every non-empty value, by the rules of
 * {@link TypeInference}, in SQL.</li>
 * <li>{@link #type}: the values typed in SQL (TRY_CAST, strptime) into a second temporary table shaped as
 * {@link DuckDbStaging} wants, each row with the reason it is bad, if it is: the checks of {@link RowBinder},
 * in its order.</li>
 * <li>{@link #quarantined}: the bad rows, few, with the messages {@link RowBinder} gives them and the row
 * number and raw text {@link CsvRowLocator} finds in the file.</li>
 * </ol>
 * Then {@link DuckDbStaging} moves the good rows ({@link #GOOD}) into the table, dropping duplicates.
 */
final class DuckDbCsvImport implements AutoCloseable {

    /** The view of the typed rows that passed every check, in the shape {@link DuckDbStaging} moves. */
    static final String GOOD = "sextant_csv_good";
    private static final String RAW = "sextant_csv_raw";
    private static final String TYPED = "sextant_csv_typed";
    private static final String REJECTS = "sextant_csv_rejects";
    private static final String REJECT_SCANS = "sextant_csv_reject_scans";
    /** Rows whose values decide most properties' types before every row is looked at. */
    private static final int FIRST_ROWS = 100_000;
    /** What java.math.BigDecimal reads (ValueParsers.number): plain decimals with an optional exponent. */
    private static final String NUMBER = "[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?";
    /** The ISO-8601 shapes IsoTimestamps reads: a date, then optionally a time and an offset. */
    private static final String ISO = "[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?"
            + "(Z|[+-][0-9]{2}:[0-9]{2}(:[0-9]{2})?)?)?";
    /** What String.isBlank and String.strip treat as white space, as far as CSV values go. */
    private static final String WHITE = "' ' || chr(9) || chr(10) || chr(11) || chr(12) || chr(13)";

    private final Connection connection;
    private final Path file;
    private final String fileName;
    private final ImportMapping mapping;
    private final ImportPlan plan;
    private final int fieldCount;
    private final boolean events;
    private final String timeFormat;
    private long rows;

    /**
     * @param fieldCount the number of fields of the file's header
     */
    DuckDbCsvImport(Connection connection, Path file, ImportMapping mapping, ImportPlan plan, int fieldCount) {
        this.connection = connection;
        this.file = file;
        this.fileName = file.getFileName().toString();
        this.mapping = mapping;
        this.plan = plan;
        this.fieldCount = fieldCount;
        this.events = mapping.kind() == ImportKind.EVENTS;
        this.timeFormat = StrptimeFormat.of(mapping.timeFormat());
    }

    /**
     * Whether SQL can read the mapping's timestamps: ISO-8601, epoch seconds or milliseconds, and the
     * DateTimeFormatter patterns {@link StrptimeFormat} translates. Other patterns go to the Java reader.
     */
    static boolean canRead(ImportMapping mapping) {
        return StrptimeFormat.of(mapping.timeFormat()) != null;
    }

    /**
     * Reads the file into the raw staging table, every field as text. False when DuckDB rejected a line or could
     * not read the file: nothing is staged then, and the Java reader imports the file.
     */
    boolean stage(SubMonitor progress) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            // timestamps without an offset are UTC, as everywhere in Sextant, whatever the machine's zone
            statement.execute("SET SESSION TimeZone = 'UTC'");
        }
        StringBuilder columns = new StringBuilder();
        for (int i = 0; i < fieldCount; i++) {
            columns.append(i > 0 ? ", " : "").append("'c").append(i).append("': 'VARCHAR'");
        }
        // strict: a line DuckDB cannot read exactly is a reject, never guessed at; the longest line is the Java
        // reader's, so a line only one of them accepts does not exist
        String sql = "CREATE TEMP TABLE " + RAW + " AS SELECT * FROM read_csv(?, header = true, auto_detect = false,"
                + " delim = ?, quote = '\"', escape = '\"', strict_mode = true, null_padding = false,"
                + " max_line_size = " + (LineReader.MAX_LINE_BYTES + 2) + ", store_rejects = true, rejects_table = '"
                + REJECTS + "', rejects_scan = '" + REJECT_SCANS + "', columns = {" + columns + "})";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, file.toAbsolutePath().toString());
            statement.setString(2, String.valueOf(mapping.delimiter()));
            DuckDbProgress.execute(statement, progress);
        } catch (SQLException e) {
            if (progress.isCanceled()) {
                throw new OperationCanceledException();
            }
            // a file DuckDB cannot read at all (an unterminated quote at its end, a line too long to be a
            // reject): the Java reader says which rows are wrong and why
            return false;
        }
        if (count(REJECTS) > 0) {
            drop();
            return false;
        }
        rows = count(RAW);
        return true;
    }

    /** The data rows of the file. */
    long rows() {
        return rows;
    }

    /**
     * The type of each property of {@code open} (the field's name → its type), from every non-empty value of
     * its field, by {@link TypeInference}'s rules: the narrowest of BOOLEAN, NUMBER, TIMESTAMP every value
     * fits, else TEXT, and TEXT when no value is given. The first rows settle most TEXT properties; the others
     * are checked on every row.
     */
    Map<String, ValueType> inferTypes(List<PropertyField> open, SubMonitor progress) throws SQLException {
        Map<String, ValueType> types = new HashMap<>();
        List<PropertyField> undecided = new ArrayList<>(open);
        for (String where : new String[] { " WHERE rowid < " + FIRST_ROWS, "" }) {
            if (undecided.isEmpty() || where.isEmpty() && rows <= FIRST_ROWS) {
                break;
            }
            progress.subTask("Reading the types of " + fileName);
            StringBuilder sql = new StringBuilder("SELECT ");
            for (int i = 0; i < undecided.size(); i++) {
                String c = "c" + undecided.get(i).fieldIndex;
                String given = " FILTER (WHERE " + c + " <> '')";
                sql.append(i > 0 ? ", " : "").append("count(").append(c).append(')').append(given)
                        .append(", coalesce(bool_and(lower(").append(c).append(") IN ('true', 'false'))").append(given)
                        .append(", true), coalesce(bool_and(length(").append(c).append(") <= 64 AND regexp_full_match(")
                        .append(c).append(", '").append(NUMBER).append("'))").append(given).append(", true)")
                        .append(", coalesce(bool_and(").append(isoTimestamp(c)).append(" IS NOT NULL)").append(given)
                        .append(", true)");
            }
            List<PropertyField> still = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(sql.append(" FROM ").append(RAW)
                    .append(where).toString())) {
                try (ResultSet result = DuckDbProgress.query(statement, progress.split(where.isEmpty() ? 80 : 20))) {
                    result.next();
                    for (int i = 0; i < undecided.size(); i++) {
                        long values = result.getLong(4 * i + 1);
                        boolean bool = result.getBoolean(4 * i + 2);
                        boolean number = result.getBoolean(4 * i + 3);
                        boolean time = result.getBoolean(4 * i + 4);
                        ValueType type = values == 0 ? ValueType.TEXT : bool ? ValueType.BOOLEAN
                                : number ? ValueType.NUMBER : time ? ValueType.TIMESTAMP : ValueType.TEXT;
                        types.put(undecided.get(i).field, type);
                        if (values == 0 || bool || number || time) {
                            still.add(undecided.get(i)); // a later value may still make it wider
                        }
                    }
                }
            }
            undecided = still;
        }
        return types;
    }

    /**
     * Types and checks every row into the typed staging table: {@code sextant_seq} (the ordinal), the key and
     * the values of {@link DuckDbStaging}'s staging tables ({@code columns}, properties in {@code properties}'
     * order), and {@code sextant_problem}, the QuarantineReason of a bad row or null.
     *
     * @param columns the staging columns but sextant_seq, quoted as the table names them
     */
    void type(List<PropertyField> properties, List<String> columns, SubMonitor progress)
            throws SQLException {
        List<String> values = new ArrayList<>();
        List<String> checks = new ArrayList<>();
        checks.add("WHEN " + blank(field(plan.userIdIndex)) + " THEN '" + QuarantineReason.EMPTY_USER_ID.name() + "'");
        String time;
        if (plan.timeIndex >= 0) {
            String written = field(plan.timeIndex);
            time = "date_trunc('millisecond', " + eventTime(trim(written)) + ")";
            String unparsable = " THEN '" + QuarantineReason.UNPARSABLE_TIMESTAMP.name() + "'";
            if (events) {
                checks.add("WHEN " + blank(written) + unparsable);
            }
            checks.add("WHEN NOT " + blank(written) + " AND " + "sextant_time IS NULL" + unparsable);
        } else {
            time = "CAST(NULL AS TIMESTAMP)";
        }
        for (int i = 0; i < properties.size(); i++) {
            PropertyField property = properties.get(i);
            String written = field(property.fieldIndex);
            values.add(convert(written, property.type) + " AS sextant_p" + i);
            checks.add("WHEN " + written + " <> '' AND sextant_p" + i + " IS NULL THEN '"
                    + QuarantineReason.BAD_VALUE.name() + "'");
        }
        if (events) {
            checks.add("WHEN " + blank(field(plan.eventIndex)) + " THEN '" + QuarantineReason.EMPTY_EVENT_NAME.name()
                    + "'");
        }
        // inner: the typed values, computed once; outer: the key and the checks, which read them
        StringBuilder inner = new StringBuilder("SELECT rowid AS sextant_seq, *, ").append(time).append(" AS sextant_time");
        for (String value : values) {
            inner.append(", ").append(value);
        }
        inner.append(" FROM ").append(RAW);
        StringBuilder outer = new StringBuilder("CREATE TEMP TABLE ").append(TYPED).append(" AS SELECT sextant_seq");
        List<String> selected = new ArrayList<>();
        if (events) {
            String eventId = plan.eventIdIndex >= 0 ? "NULLIF(" + field(plan.eventIdIndex) + ", '')" : "CAST(NULL AS VARCHAR)";
            // where equal events meet (DuckDbStaging): the id, or the time and who did what; properties are compared
            // by value there, so they need no part in the key
            selected.add("CASE WHEN " + eventId + " IS NOT NULL THEN CAST(hash(" + eventId + ") >> 1 AS BIGINT)"
                    + " ELSE (epoch_ms(sextant_time) << 20) + CAST(hash(" + field(plan.userIdIndex) + ", "
                    + field(plan.eventIndex) + ") & 1048575 AS BIGINT) END");
            selected.add(field(plan.userIdIndex));
            selected.add(field(plan.eventIndex));
            selected.add("sextant_time");
            selected.add(eventId);
        } else {
            selected.add(field(plan.userIdIndex));
            selected.add("sextant_time");
        }
        for (int i = 0; i < properties.size(); i++) {
            selected.add("sextant_p" + i);
        }
        for (int i = 0; i < selected.size(); i++) {
            outer.append(", ").append(selected.get(i)).append(" AS ").append(columns.get(i));
        }
        outer.append(", CASE ").append(String.join(" ", checks)).append(" END AS sextant_problem FROM (")
                .append(inner).append(')');
        progress.subTask("Importing " + fileName + ": checking " + String.format("%,d", rows) + " rows");
        try (PreparedStatement statement = connection.prepareStatement(outer.toString())) {
            DuckDbProgress.execute(statement, progress);
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMP VIEW " + GOOD + " AS SELECT sextant_seq, " + String.join(", ", columns)
                    + " FROM " + TYPED + " WHERE sextant_problem IS NULL");
        }
    }

    /** What {@link #quarantined} hands each bad row to. */
    interface QuarantineSink {
        void accept(QuarantinedRow row) throws SQLException;
    }

    /**
     * Hands every bad row to {@code sink} in file order, with the reason and message the Java reader gives it,
     * and its row number and raw text. False when the file's records do not line up with DuckDB's (the Java
     * reader must import the file then; what the sink was given is to be rolled back).
     */
    boolean quarantined(RowBinder binder, int maxRaw, QuarantineSink sink) throws SQLException, IOException {
        StringBuilder sql = new StringBuilder("SELECT r.rowid, t.sextant_problem");
        for (int i = 0; i < fieldCount; i++) {
            sql.append(", r.c").append(i);
        }
        sql.append(" FROM ").append(RAW).append(" r JOIN ").append(TYPED).append(" t ON r.rowid = t.sextant_seq")
                .append(" WHERE t.sextant_problem IS NOT NULL ORDER BY r.rowid");
        CsvRowLocator locator = null;
        try (Statement statement = connection.createStatement(); ResultSet bad = statement.executeQuery(sql.toString())) {
            while (bad.next()) {
                if (locator == null) {
                    locator = new CsvRowLocator(Files.newInputStream(file), maxRaw);
                }
                CsvRowLocator.Located where = locator.locate(bad.getLong(1));
                if (where == null) {
                    return false;
                }
                Object[] values = new Object[fieldCount];
                for (int i = 0; i < fieldCount; i++) {
                    values[i] = bad.getString(3 + i);
                }
                QuarantineReason reason = QuarantineReason.valueOf(bad.getString(2));
                String detail = "a value does not fit its field";
                if (binder.bind(SourceRecord.good(where.rowNumber(), values, where.raw())) == null) {
                    reason = binder.reason;
                    detail = binder.detail;
                }
                sink.accept(new QuarantinedRow(fileName, where.rowNumber(), reason, detail, where.raw()));
            }
            // every record of the file is one of DuckDB's, or the row numbers above are wrong
            return locator == null || locator.count() == rows;
        } finally {
            if (locator != null) {
                locator.close();
            }
        }
    }

    /** Frees the raw text once the rows are typed and the bad ones quarantined. */
    void dropRaw() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + RAW);
        }
    }

    private void drop() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP VIEW IF EXISTS " + GOOD);
            for (String table : new String[] { TYPED, RAW, REJECTS, REJECT_SCANS }) {
                statement.execute("DROP TABLE IF EXISTS " + table);
            }
            statement.execute("RESET SESSION TimeZone");
        }
    }

    private long count(String table) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT count(*) FROM " + table)) {
            result.next();
            return result.getLong(1);
        }
    }

    /**
     * Drops the temporary tables. Best effort: after a failed statement DuckDB refuses every statement until the
     * rollback, which takes them with it, and they end with the connection in any case.
     */
    @Override
    public void close() {
        try {
            if (!connection.isClosed()) {
                drop();
            }
        } catch (SQLException e) {
            // see above
        }
    }

    // ---- the SQL of values ----

    private static String field(int index) {
        return "c" + index;
    }

    private static String trim(String value) {
        return "trim(" + value + ", " + WHITE + ")";
    }

    private static String blank(String value) {
        return "coalesce(" + trim(value) + ", '') = ''";
    }

    /** An ISO-8601 timestamp (IsoTimestamps' shapes) as a UTC TIMESTAMP, or NULL. */
    private static String isoTimestamp(String value) {
        return "CASE WHEN regexp_full_match(" + value + ", '" + ISO + "') THEN CAST(TRY_CAST(" + value
                + " AS TIMESTAMPTZ) AS TIMESTAMP) END";
    }

    /** The event time (users: signup time) as the mapping's format reads it, as a UTC TIMESTAMP, or NULL. */
    private String eventTime(String value) {
        return switch (timeFormat) {
            case StrptimeFormat.ISO -> isoTimestamp(value);
            case StrptimeFormat.EPOCH_MILLIS -> "CASE WHEN regexp_full_match(" + value + ", '[+-]?[0-9]{1,16}')"
                    + " AND abs(CAST(" + value + " AS BIGINT)) < 9000000000000000 THEN make_timestamp(CAST(" + value
                    + " AS BIGINT) * 1000) END";
            case StrptimeFormat.EPOCH_SECONDS -> "CASE WHEN regexp_full_match(" + value + ", '[+-]?[0-9]{1,13}')"
                    + " AND abs(CAST(" + value + " AS BIGINT)) < 9000000000000 THEN make_timestamp(CAST(" + value
                    + " AS BIGINT) * 1000000) END";
            default -> "CAST(try_strptime(" + value + ", " + literal(timeFormat) + ") AS TIMESTAMP)";
        };
    }

    /** A property value as its type, or NULL when it is empty or not of the type (ValueParsers.convert). */
    private static String convert(String value, ValueType type) {
        String trimmed = trim(value);
        return switch (type) {
            case TEXT -> "NULLIF(" + value + ", '')";
            case NUMBER -> "CASE WHEN length(" + trimmed + ") <= 64 AND regexp_full_match(" + trimmed + ", '" + NUMBER
                    + "') THEN TRY_CAST(" + trimmed + " AS " + Dialects.DUCKDB.columnType(ValueType.NUMBER) + ") END";
            case BOOLEAN -> "CASE lower(" + trimmed + ") WHEN 'true' THEN true WHEN 'false' THEN false END";
            case TIMESTAMP -> "date_trunc('millisecond', " + isoTimestamp(trimmed) + ")";
        };
    }

    /** A string literal of a constant the code chose (a strptime format), quoted for SQL. */
    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
