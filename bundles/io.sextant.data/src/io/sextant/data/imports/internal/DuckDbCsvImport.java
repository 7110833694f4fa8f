package io.sextant.data.imports.internal;

import java.io.IOException;
import java.io.InputStream;
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
 * of a minute, while DuckDB's CSV reader reads them on every core in a few seconds. Nothing is staged: the file
 * is a view ({@link #RAW}: every field as text, the event time and the dedup key computed on the way) that each
 * step reads again. Staging the rows as text first cost more than reading the file three times (tier L, 3.3 GB:
 * 47 s to stage against 5 s per read, and the typed rows were then written a second time).
 * <ol>
 * <li>{@link #read}: one pass counts the rows, reads every field (so a line DuckDB cannot read fails here) and
 * infers each open property's type from every non-empty value, by the rules of {@link TypeInference}. A file with
 * a line DuckDB cannot read (broken quoting, a wrong number of fields, invalid UTF-8, a runaway line) is left to
 * the Java reader, whose quarantine resumes on the line after a broken quote where DuckDB would swallow the lines
 * up to the next quote.</li>
 * <li>{@link #type}: views of the values typed in SQL (TRY_CAST, strptime), each row with the reason it is bad,
 * if it is, by the checks of {@link RowBinder} in its order.</li>
 * <li>{@link DuckDbStaging#insertGood} writes the good rows ({@link #GOOD}) in one typing pass;
 * {@link DuckDbStaging#deleteRepeatedCopies} then drops the copies within the file (ImportRun).</li>
 * <li>{@link #quarantined}, only when some rows are bad: the bad rows with the reason and message
 * {@link RowBinder} gives them, and the row number and raw text {@link CsvRowLocator} finds in the file.</li>
 * </ol>
 * Events whose open types the first rows decide skip the pass of step 1: {@link #readFirstRows}, then
 * {@link #defineAll} has every row written in one pass, the bad ones marked (ImportRun.importReadOnce).
 */
final class DuckDbCsvImport implements AutoCloseable {

    /** The view of the typed rows that passed every check, in the shape {@link DuckDbStaging} moves. */
    static final String GOOD = "sextant_csv_good";
    /** The event id of a row written marked because a value widens its property's type ({@link #defineAll}). */
    static final String WIDENS = "widens";
    /** Every row, the bad ones marked ({@link #defineAll}). */
    static final String ALL = "sextant_csv_all";
    private static final String RAW = "sextant_csv_raw";
    private static final String TYPED = "sextant_csv_typed";
    /** Rows whose values decide most properties' types before every row is looked at. */
    private static final int FIRST_ROWS = 100_000;
    /** What java.math.BigDecimal reads (ValueParsers.number): plain decimals with an optional exponent. */
    private static final String NUMBER = "[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?";
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
    private final Map<String, ValueType> types = new HashMap<>();
    /** The fields of properties without a value in the rows their type was inferred from. */
    private final java.util.Set<String> withoutValues = new java.util.HashSet<>();
    private boolean windowsLineEnds;

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
     * Defines the file's view and reads it once: the number of rows, and the type of each property of
     * {@code open} (see {@link #inferFirstRows}, {@link #readEveryRow}). False when DuckDB could not read a line: the Java reader imports the
     * file then.
     */
    boolean read(List<PropertyField> open, SubMonitor progress) throws SQLException {
        defineView();
        try {
            readEveryRow(inferFirstRows(open, progress.split(5)), progress.split(95));
        } catch (SQLException e) {
            if (progress.isCanceled()) {
                throw new OperationCanceledException();
            }
            // a line DuckDB cannot read (broken quoting, a wrong number of fields, invalid UTF-8, a runaway line,
            // mixed line ends): the Java reader says which rows are wrong and why, and reads the others
            return false;
        }
        return true;
    }

    /**
     * Defines the file's view and infers the types of {@code open} from the first rows only, for the import that
     * reads the file once ({@link #defineAll}). Returns the properties whose type only the first rows decided:
     * a later value may still widen it, which that import then finds; and those without a value there
     * ({@link #late}), typed TEXT until {@link #typeWritten} types them from every value written. Null when DuckDB
     * cannot read the first lines. A line further on that DuckDB cannot read is found by the import's one pass,
     * which then fails.
     */
    List<PropertyField> readFirstRows(List<PropertyField> open, SubMonitor progress) throws SQLException {
        defineView();
        List<PropertyField> undecided;
        try {
            undecided = inferFirstRows(open, progress);
        } catch (SQLException e) {
            if (progress.isCanceled()) {
                throw new OperationCanceledException();
            }
            return null; // a first line DuckDB cannot read: read() hands the file to the Java reader
        }
        return undecided;
    }

    /** The properties of {@code undecided} ({@link #readFirstRows}) without a value in the first rows. */
    List<PropertyField> late(List<PropertyField> undecided) {
        return undecided.stream().filter(property -> withoutValues.contains(property.field)).toList();
    }

    /**
     * The types of the {@link #late} properties, written as text by the one pass, from every value written
     * ({@code written}: the import's rows, marked ones too, so every record of the file, as {@link #read} sees
     * them), by the inference's rules; {@code column} names each property's column there. Each property's type goes
     * to {@link #types}.
     */
    void typeWritten(List<PropertyField> late, String written,
            java.util.function.Function<PropertyField, String> column, SubMonitor progress) throws SQLException {
        infer(late, written, "", column, progress);
    }

    /**
     * SQL that converts the text of {@code column} to {@code type} as the import does a field's value (NULL when it
     * does not fit), for a late property's column once its type is known.
     */
    static String converted(String column, ValueType type) {
        return convert(column, type);
    }

    private void defineView() throws SQLException {
        windowsLineEnds = headerEndsWithCrLf();
        StringBuilder columns = new StringBuilder();
        for (int i = 0; i < fieldCount; i++) {
            columns.append(i > 0 ? ", " : "").append("'c").append(i).append("': 'VARCHAR'");
        }
        try (Statement statement = connection.createStatement()) {
            // timestamps without an offset are UTC, as everywhere in Sextant, whatever the machine's zone
            statement.execute("SET SESSION TimeZone = 'UTC'");
            // strict: a line DuckDB cannot read exactly fails the statement, never guessed at or skipped (the Java
            // reader then quarantines it); the longest line is the Java reader's. A view cannot take parameters:
            // the path and the delimiter are literals.
            statement.execute("CREATE OR REPLACE TEMP VIEW " + RAW + " AS SELECT *, " + key() + " AS sextant_key FROM (SELECT *, "
                    + time() + " AS sextant_time FROM read_csv(" + literal(file.toAbsolutePath().toString())
                    + ", header = true, auto_detect = false, delim = " + literal(String.valueOf(mapping.delimiter()))
                    + ", quote = '\"', escape = '\"', strict_mode = true, null_padding = false, max_line_size = "
                    + (LineReader.MAX_LINE_BYTES + 2) + ", columns = {" + columns + "}))");
        }
    }

    private boolean headerEndsWithCrLf() {
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file))) {
            int previous = -1;
            for (int b = in.read(); b >= 0; b = in.read()) {
                if (b == '\n') {
                    return previous == '\r';
                }
                previous = b;
            }
            return false;
        } catch (IOException e) {
            return false; // read_csv will say what is wrong with the file
        }
    }

    /** The data rows of the file. */
    long rows() {
        return rows;
    }

    /** The data rows of the file, as the import that reads it once counted them. */
    void rows(long count) {
        rows = count;
    }

    /** The type of each property of {@code open} given to {@link #read} (the field's name → its type). */
    Map<String, ValueType> types() {
        return types;
    }

    /**
     * The type of each property of {@code open} from every non-empty value of its field, by
     * {@link TypeInference}'s rules: the narrowest of BOOLEAN, NUMBER, TIMESTAMP every value fits, else TEXT, and
     * TEXT when no value is given. The first rows settle most TEXT properties; the others are checked on every row,
     * by the pass that counts the rows and reads every field ({@link #readEveryRow}) or by the import that reads the
     * file once ({@link #defineAll}). Returns the properties the first rows left open.
     */
    private List<PropertyField> inferFirstRows(List<PropertyField> open, SubMonitor progress) throws SQLException {
        progress.subTask("Reading the types of " + fileName);
        return infer(open, "(SELECT * FROM " + RAW + " LIMIT " + FIRST_ROWS + ")", "", progress);
    }

    private void readEveryRow(List<PropertyField> undecided, SubMonitor progress) throws SQLException {
        // every field is read (counted), so that a line DuckDB cannot read fails this pass, not a later one
        StringBuilder everyField = new StringBuilder("count(*)");
        for (int i = 0; i < fieldCount; i++) {
            everyField.append(", count(").append(field(i)).append(')');
        }
        progress.subTask("Importing " + fileName + ": DuckDB reading the file");
        infer(undecided, RAW, everyField + ", ", progress);
    }

    /**
     * Infers the types of {@code properties} from the rows of {@code relation}, selecting {@code first} before the
     * inference's columns (its first column, when given, is the number of rows); returns the properties a later
     * value could still make wider.
     */
    private List<PropertyField> infer(List<PropertyField> properties, String relation, String first,
            SubMonitor progress) throws SQLException {
        return infer(properties, relation, first, property -> field(property.fieldIndex), progress);
    }

    /** As {@link #infer(List, String, String, SubMonitor)}, each property's values in {@code column} of it. */
    private List<PropertyField> infer(List<PropertyField> properties, String relation, String first,
            java.util.function.Function<PropertyField, String> column, SubMonitor progress) throws SQLException {
        if (properties.isEmpty() && first.isEmpty()) {
            return properties;
        }
        StringBuilder sql = new StringBuilder("SELECT ").append(first.isEmpty() ? "" : first);
        for (int i = 0; i < properties.size(); i++) {
            String c = column.apply(properties.get(i));
            String given = " FILTER (WHERE " + c + " <> '')";
            sql.append(i > 0 ? ", " : "").append("count(").append(c).append(')').append(given);
            for (ValueType type : List.of(ValueType.BOOLEAN, ValueType.NUMBER, ValueType.TIMESTAMP)) {
                sql.append(", coalesce(bool_and(").append(fits(c, type)).append(')').append(given).append(", true)");
            }
        }
        if (properties.isEmpty()) {
            sql.setLength(sql.length() - 2); // the trailing ", " of first
        }
        List<PropertyField> still = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql.append(" FROM ").append(relation)
                .toString()); ResultSet result = DuckDbProgress.query(statement, progress)) {
            result.next();
            int offset = 0;
            if (!first.isEmpty()) {
                rows = result.getLong(1);
                offset = fieldCount + 1;
            }
            for (int i = 0; i < properties.size(); i++) {
                long values = result.getLong(offset + 4 * i + 1);
                boolean bool = result.getBoolean(offset + 4 * i + 2);
                boolean number = result.getBoolean(offset + 4 * i + 3);
                boolean time = result.getBoolean(offset + 4 * i + 4);
                ValueType type = values == 0 ? ValueType.TEXT : bool ? ValueType.BOOLEAN
                        : number ? ValueType.NUMBER : time ? ValueType.TIMESTAMP : ValueType.TEXT;
                types.put(properties.get(i).field, type);
                if (values == 0) {
                    withoutValues.add(properties.get(i).field);
                } else {
                    withoutValues.remove(properties.get(i).field);
                }
                if (values == 0 || bool || number || time) {
                    still.add(properties.get(i)); // a later value may still make it wider
                }
            }
        }
        return still;
    }

    /**
     * Defines the typed rows as views on the file, computed by the statement that reads them: {@link #TYPED}
     * has {@code sextant_seq} (the record's ordinal in the file), the raw fields, the key and the values of the
     * target table ({@code columns}, properties in {@code properties}' order) and {@code sextant_problem}, the
     * QuarantineReason of a bad row or null; {@link #GOOD} has sextant_seq and the columns of the rows without a
     * problem. Only users need the ordinal there (the first row of a user wins), so the events' view has none:
     * numbering the rows keeps them in the file's order, which costs a pass over 48 million rows a third more.
     *
     * @param columns the target table's columns but import_id, quoted as the table names them
     */
    void type(List<PropertyField> properties, List<String> columns) throws SQLException {
        String numbered = "(SELECT row_number() OVER () - 1 AS sextant_seq, * FROM " + RAW + ")";
        String good = events ? "(SELECT CAST(NULL AS BIGINT) AS sextant_seq, * FROM " + RAW + ")" : numbered;
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE OR REPLACE TEMP VIEW " + TYPED + " AS " + typed(properties, columns, numbered, List.of()));
            statement.execute("CREATE OR REPLACE TEMP VIEW " + GOOD + " AS SELECT sextant_seq, " + String.join(", ", columns)
                    + " FROM (" + typed(properties, columns, good, List.of()) + ") WHERE sextant_problem IS NULL");
        }
    }

    /**
     * For the import of events that reads the file once: after {@link #type}, defines {@link #ALL}, every row of
     * the file in the shape of {@link #GOOD} plus {@code sextant_marked}, true for a row to leave out: a bad one
     * (which the quarantine then reads from {@link #TYPED}), or one with a value that does not fit the type the
     * first rows gave a property of {@code open} (the import must then read the file once more, with
     * {@link #read}). A marked row has placeholders where the table wants a value (its key, user, event and time),
     * so that it can be written with the others and counted: the file is read once, and what the rows were is
     * known from what was written.
     *
     * @param open the properties whose type only the first rows decided ({@link #readFirstRows})
     */
    void defineAll(List<PropertyField> properties, List<String> columns, List<PropertyField> open)
            throws SQLException {
        String source = "(SELECT CAST(NULL AS BIGINT) AS sextant_seq, * FROM " + RAW + ")";
        List<String> selected = new ArrayList<>();
        String[] placeholders = { "0", "''", "''", "TIMESTAMP '1970-01-01'" };
        for (int i = 0; i < columns.size(); i++) {
            selected.add(i < placeholders.length ? "coalesce(" + columns.get(i) + ", " + placeholders[i] + ") AS "
                    + columns.get(i) : columns.get(i));
        }
        // the event id of a marked row says whether a value widens its property's type (DuckDbStaging.markedRows)
        selected.set(4, "CASE WHEN sextant_problem IS NULL AND NOT sextant_widens THEN " + columns.get(4)
                + " WHEN sextant_widens THEN '" + WIDENS + "' END AS " + columns.get(4));
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE OR REPLACE TEMP VIEW " + ALL + " AS SELECT " + String.join(", ", selected)
                    + ", sextant_problem IS NOT NULL OR sextant_widens AS sextant_marked FROM ("
                    + typed(properties, columns, source, open) + ")");
        }
    }

    /** The event time (users: signup time) of a raw row, as the mapping's format reads it; NULL when it has none. */
    private String time() {
        if (plan.timeIndex < 0) {
            return "CAST(NULL AS TIMESTAMP)";
        }
        // DuckDB's casts ignore surrounding white space themselves
        return timeFormat.equals(StrptimeFormat.ISO) ? isoTimestamp(field(plan.timeIndex))
                : stripped(field(plan.timeIndex), this::eventTime);
    }

    private String eventId() {
        return plan.eventIdIndex >= 0 ? "NULLIF(" + field(plan.eventIdIndex) + ", '')" : "CAST(NULL AS VARCHAR)";
    }

    /**
     * Where equal events meet (DuckDbStaging): the id, or the time and who did what. Properties are compared by
     * value there, so they need no part in it. Users have none: their id is their key.
     */
    private String key() {
        if (!events) {
            return "CAST(NULL AS BIGINT)";
        }
        return "CASE WHEN " + eventId() + " IS NOT NULL THEN CAST(hash(" + eventId() + ") >> 1 AS BIGINT)"
                + " ELSE (epoch_ms(sextant_time) << 20) + CAST(hash(" + field(plan.userIdIndex) + ", "
                + field(plan.eventIndex) + ") & 1048575 AS BIGINT) END";
    }

    /**
     * The typed rows of {@code source} (raw rows with their sextant_seq): sextant_seq, the raw fields, the target
     * table's {@code columns} and sextant_problem.
     */
    private String typed(List<PropertyField> properties, List<String> columns, String source,
            List<PropertyField> open) {
        List<String> values = new ArrayList<>();
        List<String> checks = new ArrayList<>();
        checks.add("WHEN " + blank(field(plan.userIdIndex)) + " THEN '" + QuarantineReason.EMPTY_USER_ID.name() + "'");
        if (plan.timeIndex >= 0) {
            String written = field(plan.timeIndex);
            String unparsable = " THEN '" + QuarantineReason.UNPARSABLE_TIMESTAMP.name() + "'";
            if (events) {
                checks.add("WHEN " + blank(written) + unparsable);
            }
            checks.add("WHEN NOT " + blank(written) + " AND " + "sextant_time IS NULL" + unparsable);
        }
        for (int i = 0; i < properties.size(); i++) {
            PropertyField property = properties.get(i);
            String written = field(property.fieldIndex);
            values.add((property.type == ValueType.TEXT ? text(convert(written, property.type))
                    : convert(written, property.type)) + " AS sextant_p" + i);
            if (property.type == ValueType.TEXT) {
                continue; // any text is text
            }
            checks.add("WHEN " + written + " <> '' AND sextant_p" + i + " IS NULL THEN '"
                    + QuarantineReason.BAD_VALUE.name() + "'");
        }
        if (events) {
            checks.add("WHEN " + blank(field(plan.eventIndex)) + " THEN '" + QuarantineReason.EMPTY_EVENT_NAME.name()
                    + "'");
        }
        // inner: the typed values, computed once; outer: the checks, which read them
        StringBuilder inner = new StringBuilder("SELECT *");
        for (String value : values) {
            inner.append(", ").append(value);
        }
        inner.append(" FROM ").append(source);
        List<String> selected = new ArrayList<>();
        if (events) {
            selected.addAll(List.of("sextant_key", text(field(plan.userIdIndex)), text(field(plan.eventIndex)),
                    "sextant_time", text(eventId())));
        } else {
            selected.addAll(List.of(text(field(plan.userIdIndex)), "sextant_time"));
        }
        for (int i = 0; i < properties.size(); i++) {
            selected.add("sextant_p" + i);
        }
        StringBuilder typed = new StringBuilder("SELECT sextant_seq");
        for (int i = 0; i < fieldCount; i++) {
            typed.append(", ").append(field(i));
        }
        for (int i = 0; i < selected.size(); i++) {
            typed.append(", ").append(selected.get(i)).append(" AS ").append(columns.get(i));
        }
        // a value the type its property got from the first rows does not fit, by the inference's own test
        List<String> widens = new ArrayList<>();
        for (PropertyField property : open) {
            String written = field(property.fieldIndex);
            widens.add("coalesce(" + written + " <> '' AND NOT coalesce(" + fits(written, property.type)
                    + ", false), false)");
        }
        typed.append(", ").append(widens.isEmpty() ? "false" : String.join(" OR ", widens)).append(" AS sextant_widens");
        return typed.append(", CASE ").append(String.join(" ", checks)).append(" END AS sextant_problem FROM (")
                .append(inner).append(')').toString();
    }

    /**
     * Whether a non-empty value fits {@code type} as inference reads it (TypeInference): "true" or "false" in any
     * case, a plain decimal of at most 64 characters, an ISO-8601 timestamp. TEXT: anything.
     */
    private static String fits(String value, ValueType type) {
        return switch (type) {
            case BOOLEAN -> "lower(" + value + ") IN ('true', 'false')";
            case NUMBER -> "length(" + value + ") <= 64 AND regexp_full_match(" + value + ", '" + NUMBER + "')";
            case TIMESTAMP -> isoTimestamp(value) + " IS NOT NULL";
            case TEXT -> "true";
        };
    }

    /** Whether some row has a problem, once {@link #type} has typed them. */
    boolean hasBadRows() throws SQLException {
        String query = "SELECT EXISTS (SELECT 1 FROM " + TYPED + " WHERE sextant_problem IS NOT NULL)";
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(query)) {
            result.next();
            return result.getBoolean(1);
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
        StringBuilder sql = new StringBuilder("SELECT sextant_seq, sextant_problem");
        for (int i = 0; i < fieldCount; i++) {
            sql.append(", ").append(field(i));
        }
        sql.append(" FROM ").append(TYPED).append(" WHERE sextant_problem IS NOT NULL ORDER BY sextant_seq");
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

    private void drop() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP VIEW IF EXISTS " + ALL);
            statement.execute("DROP VIEW IF EXISTS " + GOOD);
            statement.execute("DROP VIEW IF EXISTS " + TYPED);
            statement.execute("DROP VIEW IF EXISTS " + RAW);
            statement.execute("RESET SESSION TimeZone");
        }
    }

    /**
     * Drops the views. Best effort: after a failed statement DuckDB refuses every statement until the rollback,
     * and they end with the connection in any case.
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

    /**
     * A text value as the Java reader gives it: it reads a file by lines and drops the '\r' of each line's end, so
     * a quoted value over several lines of a file with Windows line ends has '\n' between them, where DuckDB keeps
     * "\r\n". Only files whose header line ends so pay for the replacement.
     */
    private String text(String value) {
        return windowsLineEnds ? "replace(" + value + ", chr(13) || chr(10), chr(10))" : value;
    }

    private static String field(int index) {
        return "c" + index;
    }

    private static String trim(String value) {
        return "trim(" + value + ", " + WHITE + ")";
    }

    /**
     * Whether the value is missing or white space. The first character settles nearly every value without the
     * trim, which over every row of three fields cost more than the rest of the checks together.
     */
    private static String blank(String value) {
        return "(" + value + " IS NULL OR (ascii(" + value + ") <= 32 AND " + trim(value) + " = ''))";
    }

    /**
     * The value as {@code parse} reads it without surrounding white space (Java strips before parsing). Nearly
     * all values have none, which their first and last characters tell; only the others are trimmed, which over
     * every row cost more than the parsing. (COALESCE would parse every value twice: it evaluates each argument.)
     */
    private static String stripped(String value, java.util.function.UnaryOperator<String> parse) {
        return "CASE WHEN ascii(" + value + ") > 32 AND ascii(right(" + value + ", 1)) > 32 THEN " + parse.apply(value)
                + " ELSE " + parse.apply(trim(value)) + " END";
    }

    /**
     * An ISO-8601 timestamp as a UTC TIMESTAMP to the millisecond, or NULL. As IsoTimestamps, a value must start with
     * a four-digit year and a dash (which also keeps out the words DuckDB reads as timestamps, such as 'epoch'),
     * and may have an offset, which TIMESTAMPTZ applies (a cast to TIMESTAMP would drop it). DuckDB reads a few
     * shapes more, such as single-digit months. One cast, without CASE over the value's shape: in a projection every
     * string test on 4.8 million values cost about as much as the cast. The instant becomes a TIMESTAMP through its
     * epoch microseconds, not a CAST: that CAST is the ICU extension's calendar arithmetic per value, which cost
     * more than the parsing (tier M: 0.66 s against 0.26 s of CPU for the 4.8 million event times), and with the
     * session in UTC the two agree on every instant DuckDB reads (years 1 to 294,246, before 1582, BC, offsets).
     */
    private static String isoTimestamp(String value) {
        String cast = "make_timestamp(epoch_us(TRY_CAST(" + value + " AS TIMESTAMPTZ)))";
        return "date_trunc('millisecond', CASE WHEN strpos(" + value + ", '-') = 5 THEN " + cast + " WHEN ascii(" + value
                + ") <= 32 AND strpos(" + trim(value) + ", '-') = 5 THEN " + cast + " END)";
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
            default -> "date_trunc('millisecond', CAST(try_strptime(" + value + ", " + literal(timeFormat)
                    + ") AS TIMESTAMP))";
        };
    }

    /**
     * A property value as its type, or NULL when it is empty or not of the type (ValueParsers.convert). DuckDB
     * reads as a number what BigDecimal does once white space is stripped, and digits grouped by '_'; a number
     * with more than 28 digits before the point does not fit and is NULL, as RowBinder quarantines it.
     */
    private static String convert(String value, ValueType type) {
        return switch (type) {
            case TEXT -> "NULLIF(" + value + ", '')";
            case NUMBER -> "CASE WHEN length(" + value + ") <= 64 AND strpos(" + value + ", '_') = 0 THEN TRY_CAST("
                    + value + " AS " + Dialects.DUCKDB.columnType(ValueType.NUMBER) + ") END";
            case BOOLEAN -> stripped(value, v -> "CASE lower(" + v + ") WHEN 'true' THEN true WHEN 'false' THEN false END");
            case TIMESTAMP -> isoTimestamp(value);
        };
    }

    /** A string literal of a constant the code chose (a strptime format), quoted for SQL. */
    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
