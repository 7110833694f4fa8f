package io.sextant.data.internal;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;

import io.sextant.data.Dialect;
import io.sextant.data.EventDataSource;
import io.sextant.data.EventSchema;
import io.sextant.data.imports.FileFormat;
import io.sextant.data.imports.ImportException;
import io.sextant.data.imports.ImportKind;
import io.sextant.data.imports.ImportMapping;
import io.sextant.data.imports.ImportSummary;
import io.sextant.data.imports.QuarantineReason;
import io.sextant.data.imports.QuarantinedRow;
import io.sextant.data.internal.ImportPlan.PropertyField;
import io.sextant.dsl.context.ValueType;

/**
 * One import of one file, all or nothing: the rows are written in a single transaction on one connection,
 * in batches, so a cancel, an error or a crash (the database rolls back what was not committed when it is
 * opened again) leaves the source as it was. Memory holds one batch and the first quarantined rows.
 */
public final class ImportRun {

    /** Rows per JDBC batch: large enough to amortise a round trip, small enough to bound memory. */
    static final int BATCH = 2_000;
    /** Good rows read to infer the types of CSV properties that have neither a column nor a declaration. */
    static final int SAMPLE = 10_000;
    /** A rough size of an event row in a file, to tell a large import from a small one. */
    static final long BYTES_PER_ROW_ESTIMATE = 80;
    private static final int KEPT_QUARANTINED = 100;
    private static final int MAX_RAW = 100_000;

    private final EventDataSource source;
    private final Path file;
    private final String fileName;
    private final ImportMapping mapping;
    private final FileFormat format;
    private final boolean events;

    public ImportRun(EventDataSource source, Path file, ImportMapping mapping) throws ImportException {
        this.source = source;
        this.file = file;
        this.fileName = file.getFileName().toString();
        this.mapping = mapping;
        this.events = mapping.kind() == ImportKind.EVENTS;
        FileFormat given = mapping.format() != null ? mapping.format() : FileFormat.ofFileName(file);
        if (given == null) {
            throw new ImportException(fileName + ": cannot tell the format from the file name; set the mapping's"
                    + " format to CSV or JSON_LINES (setting 'format')");
        }
        this.format = given;
    }

    public ImportSummary execute(IProgressMonitor monitor) throws ImportException, SQLException {
        Instant started = Instant.now();
        if (!Files.isRegularFile(file)) {
            throw new ImportException(fileName + ": no such file (" + file + ")");
        }
        if (!Files.isReadable(file)) {
            throw new ImportException(fileName + ": the file cannot be read (" + file + ")");
        }
        SubMonitor progress = SubMonitor.convert(monitor, "Importing " + fileName, 1_000);
        try (Connection connection = source.open()) {
            Map<String, TypeInference> inferred = new HashMap<>();
            List<String> fields = fields(inferred, progress.split(format == FileFormat.JSON_LINES ? 250 : 20));
            ImportPlan plan = ImportPlan.of(fileName, mapping, fields);
            assignColumns(connection, plan, inferred);
            return prepareAndWrite(connection, plan, fields, started,
                    progress.split(format == FileFormat.JSON_LINES ? 750 : 980));
        } catch (IOException e) {
            throw new ImportException(fileName + ": reading the file failed: " + e.getMessage()
                    + "; nothing was imported", e);
        }
    }

    /** The file's fields; property values of a sample (CSV) or of every row (JSON Lines) go to inference. */
    private List<String> fields(Map<String, TypeInference> inferred, SubMonitor progress)
            throws IOException, ImportException {
        progress.subTask("Reading the fields of " + fileName);
        try (InputStream in = Files.newInputStream(file)) {
            if (format == FileFormat.JSON_LINES) {
                List<String> fields = JsonLinesRecordSource.scanFields(in, inferred);
                if (fields.isEmpty()) {
                    throw new ImportException(fileName + ": no row is a JSON object, so there are no fields to map");
                }
                return fields;
            }
            try (CsvRecordSource csv = new CsvRecordSource(fileName, in, mapping.delimiter())) {
                List<String> fields = csv.fieldNames();
                SourceRecord record;
                for (int good = 0; good < SAMPLE && (record = csv.next()) != null;) {
                    if (record.isGood()) {
                        good++;
                        for (int i = 0; i < fields.size(); i++) {
                            inferred.computeIfAbsent(fields.get(i), f -> new TypeInference()).observe(record.values()[i]);
                        }
                    }
                }
                return fields;
            }
        }
    }

    /** Each property's column and type: an existing column wins, then a declaration, then inference. */
    private void assignColumns(Connection connection, ImportPlan plan, Map<String, TypeInference> inferred)
            throws SQLException, ImportException {
        String owner = events ? EventSchema.OWNER_EVENTS : EventSchema.OWNER_USERS;
        Map<String, PropertyColumns.Column> columns = PropertyColumns.load(connection, owner);
        for (PropertyField property : plan.properties) {
            PropertyColumns.Column column = columns.get(property.property);
            ValueType declared = mapping.types().get(property.property);
            if (column != null) {
                if (declared != null && declared != column.type()) {
                    throw new ImportException(fileName + ": the mapping declares property '" + property.property
                            + "' as " + declared + " (setting 'type." + property.property + "'), but the data source"
                            + " already holds it as " + column.type() + "; declare it " + column.type()
                            + " or import it under another name");
                }
            } else {
                ValueType type = declared != null ? declared
                        : inferred.getOrDefault(property.field, new TypeInference()).type();
                column = PropertyColumns.add(connection, source.dialect(), owner, property.property, type, columns);
            }
            property.type = column.type();
            property.columnName = column.columnName();
        }
    }

    /** Builds the insert statement, and around the write drops and rebuilds the query indexes of a large import. */
    private ImportSummary prepareAndWrite(Connection connection, ImportPlan plan, List<String> fields,
            Instant started, SubMonitor progress) throws SQLException, IOException, ImportException {
        long size = Math.max(1, Files.size(file));
        progress.setWorkRemaining(1_000);
        progress.subTask("Importing " + fileName);
        Dialect dialect = source.dialect();
        List<String> columns = new ArrayList<>();
        List<String> types = new ArrayList<>();
        String text = dialect.columnType(ValueType.TEXT);
        String time = dialect.columnType(ValueType.TIMESTAMP);
        if (events) {
            columns.addAll(List.of("dedup_key", "user_id", "event_name", "event_time", "event_id", "import_id"));
            types.addAll(List.of("UUID", text, text, time, text, "INT"));
        } else {
            columns.addAll(List.of("user_id", "signup_time", "import_id"));
            types.addAll(List.of(text, time, "INT"));
        }
        // a canonical order, so the same row gives the same dedup key whatever the field order of its file
        List<PropertyField> properties = new ArrayList<>(plan.properties);
        properties.sort(Comparator.comparing(p -> p.property));
        for (PropertyField property : properties) {
            columns.add(dialect.quote(property.columnName));
            types.add(dialect.columnType(property.type));
        }
        String table = events ? EventSchema.EVENTS : EventSchema.USERS;
        String sql = dialect.insertUnlessKeyExists(table, events ? "dedup_key" : "user_id", columns, types);

        boolean bulk = events && size / BYTES_PER_ROW_ESTIMATE > rowCount(connection) / 2;
        if (bulk) {
            EventSchema.dropQueryIndexes(connection);
        }
        try {
            return write(connection, plan, fields, started, progress, size, sql, properties);
        } finally {
            if (bulk) {
                rebuildQueryIndexes(connection, progress);
            }
        }
    }

    /**
     * Builds the query indexes again after a bulk import (or its failure). If the database is gone (a crash),
     * the next open of the source builds them.
     */
    private void rebuildQueryIndexes(Connection connection, SubMonitor progress) {
        progress.subTask("Indexing " + fileName);
        try {
            if (!connection.isClosed()) {
                connection.setAutoCommit(true);
                EventSchema.createQueryIndexes(connection);
                return;
            }
        } catch (SQLException e) {
            // fall through: the next open builds them
        }
        source.recheckSchema();
    }

    private static long rowCount(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM events")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** The import's transaction: every row, the quarantine and the import record, committed at the end. */
    private ImportSummary write(Connection connection, ImportPlan plan, List<String> fields, Instant started,
            SubMonitor progress, long size, String sql, List<PropertyField> properties)
            throws SQLException, IOException, ImportException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        int importId = nextImportId(connection);
        Counts counts = new Counts();
        try (InputStream in = Files.newInputStream(file);
                RecordSource records = format == FileFormat.CSV
                        ? new CsvRecordSource(fileName, in, mapping.delimiter())
                        : new JsonLinesRecordSource(in, fields);
                PreparedStatement insert = connection.prepareStatement(sql);
                PreparedStatement quarantine = connection.prepareStatement(
                        "INSERT INTO quarantine(import_id, file_name, row_number, reason, raw) VALUES (?, ?, ?, ?, ?)")) {
            RowBinder binder = new RowBinder(plan, properties, importId);
            int batched = 0;
            int reported = 0;
            SourceRecord record;
            while ((record = records.next()) != null) {
                counts.read++;
                String problem = record.isGood() ? binder.bind(record, insert) : null;
                if (record.isGood() && problem == null) {
                    insert.addBatch();
                    batched++;
                } else {
                    QuarantineReason reason = record.isGood() ? binder.reason : record.problem();
                    String detail = record.isGood() ? problem : record.detail();
                    counts.quarantine(new QuarantinedRow(fileName, record.rowNumber(), reason, detail,
                            abbreviateRaw(record.raw())), quarantine, importId);
                }
                if (batched == BATCH || counts.pendingQuarantine == BATCH) {
                    counts.imported += flush(insert, batched);
                    batched = 0;
                    counts.flushQuarantine(quarantine);
                    if (progress.isCanceled()) {
                        throw new OperationCanceledException();
                    }
                    int done = (int) (1_000 * records.bytesRead() / size);
                    if (done > reported) {
                        progress.worked(done - reported);
                        reported = done;
                    }
                    progress.subTask(String.format("Importing %s: %,d rows", fileName, counts.read));
                }
            }
            counts.imported += flush(insert, batched);
            counts.flushQuarantine(quarantine);
            if (progress.isCanceled()) {
                throw new OperationCanceledException();
            }
            recordImport(connection, importId, started, counts);
            connection.commit();
        } catch (SQLException | IOException | RuntimeException | Error e) {
            rollback(connection, e);
            throw e;
        } finally {
            restoreAutoCommit(connection, autoCommit);
        }
        long duplicates = counts.read - counts.imported - counts.quarantined;
        return new ImportSummary(importId, fileName, mapping.kind(), counts.read, counts.imported, duplicates,
                counts.quarantined, counts.byReason, List.copyOf(counts.first), Duration.between(started, Instant.now()));
    }

    private static void rollback(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static void restoreAutoCommit(Connection connection, boolean autoCommit) {
        try {
            if (!connection.isClosed()) {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            // the connection is closed right after; nothing depends on its mode
        }
    }

    /**
     * Executes the batch; returns how many rows were inserted. Rows whose key exists have the count 0 or fail
     * with a duplicate-key error (see {@link Dialect#insertUnlessKeyExists}); any other failure is thrown.
     */
    private long flush(PreparedStatement insert, int batched) throws SQLException {
        if (batched == 0) {
            return 0;
        }
        int[] counts;
        try {
            counts = insert.executeBatch();
        } catch (java.sql.BatchUpdateException e) {
            counts = e.getUpdateCounts();
            int failed = 0;
            for (int count : counts == null ? new int[0] : counts) {
                failed += count == Statement.EXECUTE_FAILED ? 1 : 0;
            }
            int duplicates = 0;
            for (SQLException next = e.getNextException(); next != null; next = next.getNextException()) {
                if (!source.dialect().isDuplicateKey(next)) {
                    throw e;
                }
                duplicates++;
            }
            if (counts == null || counts.length != batched || duplicates != failed
                    || !source.dialect().isDuplicateKey(e)) {
                throw e;
            }
        }
        long inserted = 0;
        for (int count : counts) {
            if (count > 0) {
                inserted += count;
            }
        }
        return inserted;
    }

    private int nextImportId(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COALESCE(MAX(import_id), 0) + 1 FROM imports")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private void recordImport(Connection connection, int importId, Instant started, Counts counts)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO imports(import_id, kind, file_name,"
                + " started_at, finished_at, rows_read, rows_imported, rows_quarantined, duplicates, mapping)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setInt(1, importId);
            insert.setString(2, mapping.kind().name());
            insert.setString(3, fileName);
            insert.setObject(4, ValueParsers.utc(started));
            insert.setObject(5, ValueParsers.utc(Instant.now()));
            insert.setLong(6, counts.read);
            insert.setLong(7, counts.imported);
            insert.setLong(8, counts.quarantined);
            insert.setLong(9, counts.read - counts.imported - counts.quarantined);
            insert.setString(10, MappingText.write(mapping));
            insert.executeUpdate();
        }
    }

    private static String abbreviateRaw(String raw) {
        return raw == null || raw.length() <= MAX_RAW ? raw : raw.substring(0, MAX_RAW);
    }

    /** Row numbers and quarantined rows of one import. */
    private static final class Counts {
        long read;
        long imported;
        long quarantined;
        int pendingQuarantine;
        final Map<QuarantineReason, Long> byReason = new EnumMap<>(QuarantineReason.class);
        final List<QuarantinedRow> first = new ArrayList<>();

        void quarantine(QuarantinedRow row, PreparedStatement insert, int importId) throws SQLException {
            quarantined++;
            byReason.merge(row.reason(), 1L, Long::sum);
            if (first.size() < KEPT_QUARANTINED) {
                first.add(row);
            }
            insert.setInt(1, importId);
            insert.setString(2, row.file());
            insert.setLong(3, row.rowNumber());
            insert.setString(4, row.reason().label() + (row.detail() == null ? "" : ": " + row.detail()));
            insert.setString(5, row.raw());
            insert.addBatch();
            pendingQuarantine++;
        }

        void flushQuarantine(PreparedStatement insert) throws SQLException {
            if (pendingQuarantine > 0) {
                insert.executeBatch();
                pendingQuarantine = 0;
            }
        }
    }

    /** Puts a good record's values into the insert statement, or says why the row is bad. */
    private final class RowBinder {
        private final ImportPlan plan;
        private final List<PropertyField> properties;
        private final int importId;
        private final MessageDigest md5;
        private final StringBuilder key = new StringBuilder(256);
        private final int firstProperty;
        private final Object[] converted;
        QuarantineReason reason;

        RowBinder(ImportPlan plan, List<PropertyField> properties, int importId) {
            this.plan = plan;
            this.properties = properties;
            this.importId = importId;
            this.firstProperty = events ? 7 : 4;
            this.converted = new Object[properties.size()];
            try {
                this.md5 = MessageDigest.getInstance("MD5");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java runtime has MD5", e);
            }
        }

        /** Binds the row; returns null when it is good, else the detail of {@link #reason}. */
        String bind(SourceRecord record, PreparedStatement insert) throws SQLException {
            Object[] values = record.values();
            String userId = text(values[plan.userIdIndex]);
            if (userId == null || userId.isBlank()) {
                reason = QuarantineReason.EMPTY_USER_ID;
                return "the field '" + mapping.userId() + "' is empty";
            }
            LocalDateTime time = null;
            if (plan.timeIndex >= 0) {
                String written = text(values[plan.timeIndex]);
                if (written == null || written.isBlank()) {
                    if (events) {
                        reason = QuarantineReason.UNPARSABLE_TIMESTAMP;
                        return "the field '" + mapping.time() + "' is empty";
                    }
                } else {
                    try {
                        // stored to the millisecond (TIMESTAMP(3)); the dedup key sees what is stored
                        time = ValueParsers.utc(mapping.timeFormat().parse(written))
                                .truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
                    } catch (java.time.DateTimeException e) {
                        reason = QuarantineReason.UNPARSABLE_TIMESTAMP;
                        return "'" + ValueParsers.abbreviate(written) + "' in field '" + mapping.time()
                                + "' does not match the format " + mapping.timeFormat().spec();
                    }
                }
            }
            for (int i = 0; i < properties.size(); i++) {
                PropertyField property = properties.get(i);
                try {
                    converted[i] = ValueParsers.convert(values[property.fieldIndex], property.type);
                } catch (ValueParsers.BadValue e) {
                    reason = QuarantineReason.BAD_VALUE;
                    return "property '" + property.property + "' (field '" + property.field + "'): "
                            + e.getMessage() + "; the property is " + property.type
                            + " (declare its type in the mapping if that is wrong)";
                }
            }
            for (int i = 0; i < converted.length; i++) {
                insert.setObject(firstProperty + i, converted[i]);
            }
            if (events) {
                String event = text(values[plan.eventIndex]);
                if (event == null || event.isBlank()) {
                    reason = QuarantineReason.EMPTY_EVENT_NAME;
                    return "the field '" + mapping.event() + "' is empty";
                }
                String eventId = plan.eventIdIndex >= 0 ? text(values[plan.eventIdIndex]) : null;
                if (eventId != null && eventId.isEmpty()) {
                    eventId = null;
                }
                insert.setObject(1, dedupKey(userId, event, time, eventId));
                insert.setString(2, userId);
                insert.setString(3, event);
                insert.setObject(4, time);
                insert.setString(5, eventId);
                insert.setInt(6, importId);
            } else {
                insert.setString(1, userId);
                insert.setObject(2, time);
                insert.setInt(3, importId);
            }
            return null;
        }

        /**
         * The event id when there is one, else a digest of user, event, time and every property value: two
         * rows with the same key are the same event. Without an event id the key's high half is the event
         * time in milliseconds and its low half 64 bits of the digest: a time-ordered file then adds keys near
         * each other, which keeps the unique index's working set small (an import's largest cost); two
         * different events collide only if they share the millisecond and 64 bits of digest.
         */
        private UUID dedupKey(String userId, String event, LocalDateTime time, String eventId) {
            key.setLength(0);
            if (eventId != null) {
                key.append("id\u0001").append(eventId);
            } else {
                key.append(userId).append('\u0001').append(event).append('\u0001').append(time);
                for (int i = 0; i < properties.size(); i++) {
                    Object value = converted[i];
                    if (value != null) {
                        key.append('\u0001').append(properties.get(i).property).append('\u0002')
                                .append(canonical(value));
                    }
                }
            }
            byte[] digest = md5.digest(key.toString().getBytes(StandardCharsets.UTF_8));
            long high = 0;
            long low = 0;
            for (int i = 0; i < 8; i++) {
                high = high << 8 | digest[i] & 0xFF;
                low = low << 8 | digest[i + 8] & 0xFF;
            }
            if (eventId == null) {
                high = time.toInstant(java.time.ZoneOffset.UTC).toEpochMilli();
            }
            return new UUID(high, low);
        }

        private String canonical(Object value) {
            return value instanceof BigDecimal decimal ? decimal.stripTrailingZeros().toPlainString()
                    : value.toString();
        }

        private String text(Object value) {
            return value == null ? null : value.toString();
        }
    }
}
