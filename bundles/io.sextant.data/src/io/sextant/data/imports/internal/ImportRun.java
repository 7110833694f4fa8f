package io.sextant.data.imports.internal;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

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
import io.sextant.data.imports.internal.ImportPlan.PropertyField;
import io.sextant.data.internal.PropertyColumns;
import io.sextant.data.internal.RunningImports;
import io.sextant.dsl.context.ValueType;

/**
 * One import of one file, all or nothing: the rows are written in a single transaction on one connection,
 * in batches, so a cancel, an error or a crash (the database rolls back what was not committed when it is
 * opened again) leaves the source as it was. A CSV file into DuckDB is read, checked and written by DuckDB
 * ({@link DuckDbCsvImport}); every other import, and a CSV file DuckDB cannot read as the Java reader would, is
 * read here: a reader thread parses and checks the file while the calling thread writes; memory holds a few
 * batches ({@value #QUEUED} queued, one being written) and the first quarantined rows.
 */
public final class ImportRun {

    /**
     * Rows per chunk and JDBC batch: large enough that sorting a batch by key turns its inserts into short runs
     * of neighbouring keys (see {@link #insertEvents}), small enough to bound memory ({@value #QUEUED} + 1 chunks).
     */
    static final int BATCH = 5_000;
    /** A rough size of an event row in a file, to tell a large import from a small one. */
    static final long BYTES_PER_ROW_ESTIMATE = 80;
    /** Chunks read ahead of the writer: memory holds at most this many plus the one being written. */
    static final int QUEUED = 4;
    private static final int KEPT_QUARANTINED = 100;
    private static final int MAX_RAW = 100_000;
    private static final Comparator<Object[]> BY_KEY = Comparator.comparingLong(row -> (Long) row[0]);

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
        String running = RunningImports.start(source.url(), fileName);
        if (running != null) {
            throw new ImportException(fileName + ": another import into this data source is running (of " + running
                    + "); import this file when it has finished; nothing was imported");
        }
        try {
            return executeAlone(started, monitor);
        } finally {
            source.importEnded();
            RunningImports.end(source.url());
        }
    }

    private ImportSummary executeAlone(Instant started, IProgressMonitor monitor) throws ImportException, SQLException {
        SubMonitor progress = SubMonitor.convert(monitor, "Importing " + fileName, 1_000);
        try (Connection connection = source.open()) {
            Map<String, TypeInference> inferred = new HashMap<>();
            List<String> fields = fields(inferred, progress.split(format == FileFormat.JSON_LINES ? 250 : 5));
            ImportPlan plan = ImportPlan.of(fileName, mapping, fields);
            if (source.dialect() != io.sextant.data.Dialects.DUCKDB) {
                if (format == FileFormat.CSV) {
                    inferCsvTypes(connection, plan, inferred, progress.split(245));
                }
                assignColumns(connection, plan, types(inferred));
                return prepareAndWrite(connection, plan, fields, started, progress.split(750));
            }
            // rows a process gone halfway through an import left (see importReadCsv) go before the next import
            EventSchema.removeUnfinishedImports(connection);
            if (format == FileFormat.CSV && DuckDbCsvImport.canRead(mapping)) {
                try (DuckDbCsvImport bulk = new DuckDbCsvImport(connection, file, mapping, plan, fields.size())) {
                    if (events) {
                        List<PropertyField> firstRowsOnly = bulk.readFirstRows(openProperties(connection, plan),
                                progress.split(5));
                        if (firstRowsOnly != null) {
                            ImportSummary summary = importReadOnce(connection, bulk, plan, firstRowsOnly, started,
                                    progress.split(695));
                            if (summary != null) {
                                return summary;
                            }
                        }
                        // rolled back: a value wider than the first rows' type, or a line DuckDB cannot read; the
                        // file is read with every row looked at first
                        progress.setWorkRemaining(995);
                    }
                    if (bulk.read(openProperties(connection, plan), progress.split(300))) {
                        ImportSummary summary = importReadCsv(connection, bulk, plan, started, progress.split(695));
                        if (summary != null) {
                            return summary;
                        }
                    }
                }
                // DuckDB's reader could not take the file as the Java reader would (rolled back): that one reads it
                progress.setWorkRemaining(995);
            }
            return inTransaction(connection, () -> {
                if (format == FileFormat.CSV) {
                    inferCsvTypes(connection, plan, inferred, progress.split(245));
                }
                assignColumns(connection, plan, types(inferred));
                return prepareAndWrite(connection, plan, fields, started, progress.split(750));
            });
        } catch (IOException e) {
            throw new ImportException(fileName + ": reading the file failed: " + e.getMessage()
                    + "; nothing was imported", e);
        }
    }

    /** The file's fields; the values of every row go to inference for JSON Lines (CSV: {@link #inferCsvTypes}). */
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
                return csv.fieldNames();
            }
        }
    }

    /**
     * Infers the types of the CSV properties that have neither a column in the source nor a declared type from
     * every good row of the file, not a sample: a property empty in the first rows (an amount that only
     * purchases have) is typed by its values wherever they are. One pass that only parses; nothing is read
     * when every property's type is already known. A property that turns out TEXT is no longer looked at.
     */
    private void inferCsvTypes(Connection connection, ImportPlan plan, Map<String, TypeInference> inferred,
            SubMonitor progress) throws IOException, ImportException, SQLException {
        List<PropertyField> open = openProperties(connection, plan);
        if (open.isEmpty()) {
            return;
        }
        long size = Math.max(1, Files.size(file));
        progress.setWorkRemaining(1_000);
        progress.subTask("Reading the types of " + fileName);
        TypeInference[] inference = new TypeInference[open.size()];
        int[] index = new int[open.size()];
        for (int i = 0; i < open.size(); i++) {
            inference[i] = inferred.computeIfAbsent(open.get(i).field, f -> new TypeInference());
            index[i] = open.get(i).fieldIndex;
        }
        int reported = 0;
        long rows = 0;
        try (InputStream in = Files.newInputStream(file);
                CsvRecordSource csv = new CsvRecordSource(fileName, in, mapping.delimiter())) {
            SourceRecord record;
            while ((record = csv.next()) != null) {
                if (record.isGood()) {
                    Object[] values = record.values();
                    for (int i = 0; i < index.length; i++) {
                        if (!inference[i].isText()) {
                            inference[i].observe(values[index[i]]);
                        }
                    }
                }
                if (++rows % 50_000 == 0) {
                    if (progress.isCanceled()) {
                        throw new OperationCanceledException();
                    }
                    int done = (int) (1_000 * csv.bytesRead() / size);
                    if (done > reported) {
                        progress.worked(done - reported);
                        reported = done;
                    }
                }
            }
        }
    }

    /** What runs in the import's one transaction on DuckDB; it commits, or returns null to have it rolled back. */
    private interface Work {
        ImportSummary run() throws SQLException, IOException, ImportException;
    }

    /**
     * Runs {@code work} in one transaction on DuckDB, whose DDL is transactional: new property columns belong
     * to the import's one transaction and go with it. Rolled back when it fails or returns null.
     */
    private static ImportSummary inTransaction(Connection connection, Work work)
            throws SQLException, IOException, ImportException {
        connection.setAutoCommit(false);
        try {
            ImportSummary summary = work.run();
            if (summary == null) {
                connection.rollback();
            }
            return summary;
        } catch (SQLException | IOException | ImportException | RuntimeException | Error e) {
            rollback(connection, e);
            throw e;
        } finally {
            restoreAutoCommit(connection, true);
        }
    }

    private static Map<String, ValueType> types(Map<String, TypeInference> inferred) {
        Map<String, ValueType> types = new HashMap<>();
        inferred.forEach((field, inference) -> types.put(field, inference.type()));
        return types;
    }

    /**
     * A CSV file DuckDB reads ({@link DuckDbCsvImport}), typed, checked and written. Null when the file's records
     * do not line up with DuckDB's (nothing is left of the import then).
     *
     * <p>Users are written in one transaction. Events in two (see {@link DuckDbStaging#insertGood} for why): the
     * good rows are written and committed, then their copies within the file are deleted, the bad rows
     * quarantined and the import recorded. When the second fails or is cancelled, the first is undone: its rows
     * deleted and the property columns it added dropped. A process gone between the two leaves rows of an import
     * that is not recorded, which the next open of the source deletes ({@link EventSchema#removeUnfinishedImports}).
     */
    private ImportSummary importReadCsv(Connection connection, DuckDbCsvImport bulk, ImportPlan plan,
            Instant started, SubMonitor progress) throws SQLException, IOException, ImportException {
        progress.setWorkRemaining(400);
        Counts counts = new Counts();
        counts.read = bulk.rows();
        int importId = nextImportId(connection);
        List<PropertyField> properties = canonicalOrder(plan);
        List<String> columns = new ArrayList<>(events
                ? List.of("dedup_key", "user_id", "event_name", "event_time", "event_id")
                : List.of("user_id", "signup_time"));
        if (!events) {
            return inTransaction(connection, () -> {
                assignColumns(connection, plan, bulk.types());
                addPropertyColumns(columns, properties);
                bulk.type(properties, columns);
                progress.subTask(String.format("Importing %s: writing %,d rows", fileName, counts.read));
                try (Statement statement = connection.createStatement()) {
                    counts.imported = statement.executeUpdate(DuckDbStaging.insertUsers(DuckDbCsvImport.GOOD, columns,
                            importId));
                }
                return finishReadCsv(connection, bulk, plan, properties, importId, started, counts, bulk.hasBadRows(),
                        progress);
            });
        }
        Map<String, PropertyColumns.Column> before = PropertyColumns.load(connection, EventSchema.OWNER_EVENTS);
        long inserted;
        boolean first;
        connection.setAutoCommit(false);
        try {
            assignColumns(connection, plan, bulk.types());
            addPropertyColumns(columns, properties);
            bulk.type(properties, columns);
            progress.subTask(String.format("Importing %s: writing %,d rows", fileName, counts.read));
            first = isEmpty(connection, EventSchema.EVENTS);
            inserted = DuckDbStaging.insertGood(connection, source.dialect(), DuckDbCsvImport.GOOD, columns, importId,
                    progress.split(250));
            connection.commit();
        } catch (SQLException | ImportException | RuntimeException | Error e) {
            rollback(connection, e);
            throw e;
        } finally {
            restoreAutoCommit(connection, true);
        }
        return afterWrittenEvents(connection, importId, before, () -> {
            progress.subTask(String.format("Importing %s: dropping copies within the file", fileName));
            counts.imported = inserted - DuckDbStaging.deleteRepeatedCopies(connection, importId, inserted, columns);
            // rows left out as copies of an earlier import's hide the bad ones from the counts
            boolean bad = first ? inserted < counts.read : bulk.hasBadRows();
            return finishReadCsv(connection, bulk, plan, properties, importId, started, counts, bad, progress);
        });
    }

    /**
     * The second transaction of an import whose events are committed: {@code work} in one transaction, and when it
     * fails, is cancelled or returns null, the committed events undone (their rows deleted, the property columns
     * the import added dropped; a process gone before that leaves them to the next open of the source).
     */
    private ImportSummary afterWrittenEvents(Connection connection, int importId,
            Map<String, PropertyColumns.Column> before, Work work) throws SQLException, IOException, ImportException {
        try {
            ImportSummary summary = inTransaction(connection, work);
            if (summary == null) {
                undoWrittenEvents(connection, importId, before);
            }
            return summary;
        } catch (SQLException | IOException | ImportException | RuntimeException | Error e) {
            try {
                undoWrittenEvents(connection, importId, before);
            } catch (SQLException undo) {
                e.addSuppressed(undo); // the next open of the source deletes the rows
            }
            throw e;
        }
    }

    /**
     * Events from a CSV file DuckDB reads, read once: the types the first rows gave the properties whose type is
     * open are assumed, and every row of the file is written in one pass ({@link DuckDbCsvImport#defineAll},
     * {@link DuckDbStaging#insertAll}), the bad ones marked, so that what the file holds is known from what was
     * written, without the pass over every row that {@link #importReadCsv} makes first (tier L: 17 of its 81 s).
     * The copies of earlier imports' events, the copies within the file and the marked rows are then deleted in
     * a second transaction that quarantines the bad rows and records the import, as in {@link #importReadCsv}.
     *
     * <p>Null, with nothing left of the import, when a value does not fit the type the first rows gave its
     * property (every row decides a type, so the file is read again with {@link #importReadCsv}), when DuckDB
     * cannot read a line (which {@link DuckDbCsvImport#read} then finds), or when the bad rows do not line up
     * with the file's records.
     *
     * @param firstRowsOnly the properties whose type only the first rows decided
     */
    private ImportSummary importReadOnce(Connection connection, DuckDbCsvImport bulk, ImportPlan plan,
            List<PropertyField> firstRowsOnly, Instant started, SubMonitor progress)
            throws SQLException, IOException, ImportException {
        progress.setWorkRemaining(400);
        Counts counts = new Counts();
        int importId = nextImportId(connection);
        List<PropertyField> properties = canonicalOrder(plan);
        List<String> columns = new ArrayList<>(List.of("dedup_key", "user_id", "event_name", "event_time", "event_id"));
        Map<String, PropertyColumns.Column> before = PropertyColumns.load(connection, EventSchema.OWNER_EVENTS);
        long written;
        long[] marked;
        boolean first;
        connection.setAutoCommit(false);
        try {
            assignColumns(connection, plan, bulk.types());
            addPropertyColumns(columns, properties);
            bulk.type(properties, columns);
            bulk.defineAll(properties, columns, firstRowsOnly);
            progress.subTask(String.format("Importing %s: writing the rows", fileName));
            first = isEmpty(connection, EventSchema.EVENTS);
            written = DuckDbStaging.insertAll(connection, DuckDbCsvImport.ALL, columns, importId, progress.split(250));
            marked = DuckDbStaging.markedRows(connection, importId);
            if (marked[1] > 0) {
                connection.rollback();
                return null;
            }
            Boolean retyped = typeLateProperties(connection, bulk, firstRowsOnly, importId, progress.split(20));
            if (retyped == null) {
                connection.rollback();
                return null;
            }
            if (retyped) {
                bulk.type(properties, columns); // the bad rows are quarantined by the final types
            }
            connection.commit();
        } catch (SQLException e) {
            rollback(connection, e);
            if (progress.isCanceled()) {
                throw new OperationCanceledException();
            }
            return null;
        } catch (ImportException | RuntimeException | Error e) {
            rollback(connection, e);
            throw e;
        } finally {
            restoreAutoCommit(connection, true);
        }
        counts.read = written;
        bulk.rows(written);
        return afterWrittenEvents(connection, importId, before, () -> {
            progress.subTask(String.format("Importing %s: dropping copies within the file", fileName));
            long good = written - marked[0];
            if (!first) {
                good -= DuckDbStaging.deleteOlderCopies(connection, source.dialect(), importId);
            }
            counts.imported = good - DuckDbStaging.deleteRepeatedCopies(connection, importId, good, columns);
            if (marked[0] > 0) {
                DuckDbStaging.deleteMarkedRows(connection, importId);
            }
            return finishReadCsv(connection, bulk, plan, properties, importId, started, counts, marked[0] > 0,
                    progress);
        });
    }

    /**
     * Types the properties without a value in the first rows, which the one pass wrote as text, from every value
     * written (tier L: the first experiment is on row 982,578, the first purchase on row 162,689): each column whose
     * values all fit a narrower type is converted to it in place, and its property's type recorded. Returns whether
     * a type changed; null when a value fits the type by the inference's test but not the column (a number of more
     * than 28 digits before the point): {@link #importReadCsv} quarantines that row, so the import must take that
     * way.
     */
    private Boolean typeLateProperties(Connection connection, DuckDbCsvImport bulk, List<PropertyField> firstRowsOnly,
            int importId, SubMonitor progress) throws SQLException {
        List<PropertyField> late = bulk.late(firstRowsOnly);
        if (late.isEmpty()) {
            return false;
        }
        progress.subTask("Importing " + fileName + ": typing " + late.size() + " properties first seen after the"
                + " first rows");
        Dialect dialect = source.dialect();
        bulk.typeWritten(late, "(SELECT * FROM " + EventSchema.EVENTS + " WHERE import_id IN (" + importId + ", "
                + (-importId) + "))", property -> dialect.quote(property.columnName), progress);
        boolean retyped = false;
        try (Statement statement = connection.createStatement()) {
            for (PropertyField property : late) {
                ValueType type = bulk.types().get(property.field);
                if (type == ValueType.TEXT) {
                    continue;
                }
                String column = dialect.quote(property.columnName);
                String converted = DuckDbCsvImport.converted(column, type);
                try (ResultSet misfits = statement.executeQuery("SELECT EXISTS (SELECT 1 FROM " + EventSchema.EVENTS
                        + " WHERE import_id = " + importId + " AND " + column + " IS NOT NULL AND " + converted
                        + " IS NULL)")) {
                    misfits.next();
                    if (misfits.getBoolean(1)) {
                        return null;
                    }
                }
                statement.execute("ALTER TABLE " + EventSchema.EVENTS + " ALTER COLUMN " + column + " TYPE "
                        + dialect.columnType(type) + " USING " + converted);
                try (PreparedStatement update = connection.prepareStatement("UPDATE property_columns SET value_type = ?"
                        + " WHERE owner = ? AND property = ?")) {
                    update.setString(1, type.name());
                    update.setString(2, EventSchema.OWNER_EVENTS);
                    update.setString(3, property.property);
                    update.executeUpdate();
                }
                property.type = type;
                retyped = true;
            }
        }
        return retyped;
    }

    private void addPropertyColumns(List<String> columns, List<PropertyField> properties) {
        for (PropertyField property : properties) {
            columns.add(source.dialect().quote(property.columnName));
        }
    }

    /**
     * Quarantines the bad rows, if there are, records the import and commits. Null when the file's records do not
     * line up with DuckDB's.
     */
    private ImportSummary finishReadCsv(Connection connection, DuckDbCsvImport bulk, ImportPlan plan,
            List<PropertyField> properties, int importId, Instant started, Counts counts, boolean bad,
            SubMonitor progress)
            throws SQLException, IOException {
        if (bad) {
            progress.subTask(String.format("Importing %s: quarantining rows", fileName));
            RowBinder binder = new RowBinder(mapping, plan, properties, true);
            try (org.duckdb.DuckDBAppender quarantine = connection.unwrap(org.duckdb.DuckDBConnection.class)
                    .createAppender("quarantine")) {
                boolean lined = bulk.quarantined(binder, MAX_RAW, row -> {
                    counts.note(row);
                    quarantine.beginRow();
                    quarantine.append(importId);
                    quarantine.append(row.file());
                    quarantine.append(row.rowNumber());
                    quarantine.append(row.reason().label() + (row.detail() == null ? "" : ": " + row.detail()));
                    quarantine.append(row.raw());
                    quarantine.endRow();
                });
                if (!lined) {
                    return null;
                }
            }
        }
        if (progress.isCanceled()) {
            throw new OperationCanceledException();
        }
        recordImport(connection, importId, started, counts);
        connection.commit();
        return summary(importId, started, counts);
    }

    /** Deletes the committed events of an import that then failed, and the property columns it added. */
    private void undoWrittenEvents(Connection connection, int importId, Map<String, PropertyColumns.Column> before)
            throws SQLException {
        try (Statement statement = connection.createStatement()) {
            // with the rows an import that reads the file once marked (DuckDbStaging.insertAll)
            statement.executeUpdate("DELETE FROM " + EventSchema.EVENTS + " WHERE import_id IN (" + importId + ", "
                    + (-importId) + ")");
        }
        for (PropertyColumns.Column column : PropertyColumns.load(connection, EventSchema.OWNER_EVENTS).values()) {
            if (!before.containsKey(column.property())) {
                PropertyColumns.remove(connection, source.dialect(), EventSchema.OWNER_EVENTS, column);
            }
        }
    }

    private static boolean isEmpty(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT NOT EXISTS (SELECT 1 FROM " + table + ")")) {
            rows.next();
            return rows.getBoolean(1);
        }
    }

    /** The properties that have neither a column nor a declared type: their type is inferred from the file. */
    private List<PropertyField> openProperties(Connection connection, ImportPlan plan) throws SQLException {
        Map<String, PropertyColumns.Column> columns = PropertyColumns.load(connection,
                events ? EventSchema.OWNER_EVENTS : EventSchema.OWNER_USERS);
        List<PropertyField> open = new ArrayList<>();
        for (PropertyField property : plan.properties) {
            if (!columns.containsKey(property.property) && mapping.types().get(property.property) == null) {
                open.add(property);
            }
        }
        return open;
    }

    /** The properties in a canonical order, so the same row gives the same key whatever the file's field order. */
    private static List<PropertyField> canonicalOrder(ImportPlan plan) {
        List<PropertyField> properties = new ArrayList<>(plan.properties);
        properties.sort(Comparator.comparing(p -> p.property));
        return properties;
    }

    /** Each property's column and type: an existing column wins, then a declaration, then inference. */
    private void assignColumns(Connection connection, ImportPlan plan, Map<String, ValueType> inferred)
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
                        : inferred.getOrDefault(property.field, ValueType.TEXT);
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
            types.addAll(List.of("BIGINT", text, text, time, text, "INT"));
        } else {
            columns.addAll(List.of("user_id", "signup_time", "import_id"));
            types.addAll(List.of(text, time, "INT"));
        }
        List<PropertyField> properties = canonicalOrder(plan);
        for (PropertyField property : properties) {
            columns.add(dialect.quote(property.columnName));
            types.add(dialect.columnType(property.type));
        }
        String table = events ? EventSchema.EVENTS : EventSchema.USERS;
        if (dialect == io.sextant.data.Dialects.DUCKDB) {
            return new DuckDbBulkWrite(columns, types, table).write(connection, plan, fields, started, progress, size,
                    properties);
        }
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

    /**
     * The import's transaction: every row, the quarantine and the import record, committed at the end. A
     * reader thread parses, validates and converts the file into chunks of at most {@value #BATCH} rows (a few
     * chunks queued, so memory stays bounded) while this thread writes the previous chunk: on two cores the
     * parsing costs the import almost no time.
     */
    private ImportSummary write(Connection connection, ImportPlan plan, List<String> fields, Instant started,
            SubMonitor progress, long size, String sql, List<PropertyField> properties)
            throws SQLException, IOException, ImportException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        int importId = nextImportId(connection);
        Counts counts = new Counts();
        try (PreparedStatement insert = connection.prepareStatement(sql);
                DuplicateCheck duplicates = events ? new DuplicateCheck(connection, sql, properties, importId) : null) {
            readChunks(connection, plan, fields, properties, importId, counts, progress, size, 1_000,
                    rows -> counts.imported += events ? insertEvents(insert, rows, importId, duplicates)
                            : insertUsers(insert, rows, importId));
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
        return summary(importId, started, counts);
    }

    /** What the writer does with each chunk's good rows. */
    private interface ChunkWriter {
        void write(List<Object[]> rows) throws SQLException;
    }

    /**
     * The loop every engine's import shares: the reader thread's chunks in file order, their bad rows into the
     * quarantine, their good rows to {@code writer}, a cancel checked and progress reported by bytes after each
     * chunk ({@code share} of the monitor's 1,000 ticks for the whole file).
     */
    private void readChunks(Connection connection, ImportPlan plan, List<String> fields,
            List<PropertyField> properties, int importId, Counts counts, SubMonitor progress, long size, int share,
            ChunkWriter writer) throws SQLException, IOException, ImportException {
        try (InputStream in = Files.newInputStream(file);
                RecordSource records = format == FileFormat.CSV
                        ? new CsvRecordSource(fileName, in, mapping.delimiter())
                        : new JsonLinesRecordSource(in, fields);
                PreparedStatement quarantine = connection.prepareStatement(
                        "INSERT INTO quarantine(import_id, file_name, row_number, reason, raw) VALUES (?, ?, ?, ?, ?)");
                Reader reader = new Reader(records, new RowBinder(mapping, plan, properties, source.dialect() == io.sextant.data.Dialects.DUCKDB))) {
            reader.start();
            int reported = 0;
            Chunk chunk;
            while ((chunk = reader.take()) != null) {
                counts.read += chunk.read;
                for (QuarantinedRow row : chunk.bad) {
                    counts.quarantine(row, quarantine, importId);
                }
                counts.flushQuarantine(quarantine);
                writer.write(chunk.rows);
                if (progress.isCanceled()) {
                    throw new OperationCanceledException();
                }
                int done = (int) (share * chunk.bytesRead / size);
                if (done > reported) {
                    progress.worked(done - reported);
                    reported = done;
                }
                progress.subTask(String.format("Importing %s: %,d rows", fileName, counts.read));
            }
        }
    }

    private ImportSummary summary(int importId, Instant started, Counts counts) {
        long duplicates = counts.read - counts.imported - counts.quarantined;
        return new ImportSummary(importId, fileName, mapping.kind(), counts.read, counts.imported, duplicates,
                counts.quarantined, counts.byReason, List.copyOf(counts.first), Duration.between(started, Instant.now()));
    }

    /**
     * Inserts a chunk of event rows in one batch. A row whose key is taken fails alone (H2 runs the rest of
     * the batch and keeps the transaction); it is then compared with the row that holds the key: the same
     * event is a duplicate, another one gets the next free key (see {@link DuplicateCheck}).
     */
    private long insertEvents(PreparedStatement insert, List<Object[]> rows, int importId, DuplicateCheck duplicates)
            throws SQLException {
        if (rows.isEmpty()) {
            return 0;
        }
        // In key order the table's B-tree takes the batch as runs of neighbouring keys (a file in time order
        // within a day still jumps between users); the sort is stable, so of two rows with the same key the
        // one earlier in the file still comes first and a later exact copy is the one dropped.
        rows.sort(BY_KEY);
        for (Object[] row : rows) {
            duplicates.bind(insert, row, (Long) row[0]);
            insert.addBatch();
        }
        int[] counts = executeBatch(insert, rows.size());
        long inserted = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == Statement.EXECUTE_FAILED) {
                inserted += duplicates.insertUnlessDuplicate(rows.get(i)) ? 1 : 0;
            } else if (counts[i] > 0) {
                inserted += counts[i];
            }
        }
        return inserted;
    }

    /** Inserts a chunk of user rows; a user id that exists is a duplicate (the first row is kept). */
    private long insertUsers(PreparedStatement insert, List<Object[]> rows, int importId) throws SQLException {
        if (rows.isEmpty()) {
            return 0;
        }
        for (Object[] row : rows) {
            insert.setString(1, (String) row[0]);
            insert.setObject(2, row[1]);
            insert.setInt(3, importId);
            for (int i = 2; i < row.length; i++) {
                insert.setObject(i + 2, row[i]);
            }
            insert.addBatch();
        }
        long inserted = 0;
        for (int count : executeBatch(insert, rows.size())) {
            if (count > 0) {
                inserted += count;
            }
        }
        return inserted;
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
     * Executes the batch; returns the update count of each row. Rows whose key exists fail with a
     * duplicate-key error (see {@link Dialect#insertUnlessKeyExists}) and have {@link Statement#EXECUTE_FAILED};
     * any other failure is thrown.
     */
    private int[] executeBatch(PreparedStatement insert, int batched) throws SQLException {
        try {
            return insert.executeBatch();
        } catch (java.sql.BatchUpdateException e) {
            int[] counts = e.getUpdateCounts();
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
            return counts;
        }
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

        /** Counts a quarantined row and keeps it if it is among the first. */
        void note(QuarantinedRow row) {
            quarantined++;
            byReason.merge(row.reason(), 1L, Long::sum);
            if (first.size() < KEPT_QUARANTINED) {
                first.add(row);
            }
        }

        void quarantine(QuarantinedRow row, PreparedStatement insert, int importId) throws SQLException {
            note(row);
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

    /** Rows read by the reader thread and handed to the writing thread, in file order. */
    private static final class Chunk {
        final List<Object[]> rows = new ArrayList<>();
        final List<QuarantinedRow> bad = new ArrayList<>();
        long read;
        long bytesRead;
        boolean last;
        Throwable failure;
    }

    /**
     * The reader thread: reads, validates and converts rows into chunks; at most {@value #QUEUED} chunks wait
     * for the writer. Closing it stops the thread and waits for it, before the file is closed.
     */
    private final class Reader implements AutoCloseable {
        private final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(QUEUED);
        private final RecordSource records;
        private final RowBinder binder;
        private final Thread thread;
        private volatile boolean stopped;
        private boolean done;

        Reader(RecordSource records, RowBinder binder) {
            this.records = records;
            this.binder = binder;
            this.thread = new Thread(this::run, "Sextant import reader: " + fileName);
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void run() {
            Chunk chunk = new Chunk();
            try {
                SourceRecord record;
                while (!stopped && (record = records.next()) != null) {
                    chunk.read++;
                    if (record.isGood()) {
                        Object[] row = binder.bind(record);
                        if (row != null) {
                            chunk.rows.add(row);
                        } else {
                            chunk.bad.add(new QuarantinedRow(fileName, record.rowNumber(), binder.reason,
                                    binder.detail, abbreviateRaw(record.raw())));
                        }
                    } else {
                        chunk.bad.add(new QuarantinedRow(fileName, record.rowNumber(), record.problem(),
                                record.detail(), abbreviateRaw(record.raw())));
                    }
                    if (chunk.rows.size() == BATCH || chunk.bad.size() == BATCH) {
                        chunk.bytesRead = records.bytesRead();
                        put(chunk);
                        chunk = new Chunk();
                    }
                }
                chunk.bytesRead = records.bytesRead();
                chunk.last = true;
                put(chunk);
            } catch (Throwable e) {
                Chunk failed = new Chunk();
                failed.failure = e;
                failed.last = true;
                try {
                    put(failed);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private void put(Chunk chunk) throws InterruptedException {
            while (!stopped) {
                if (queue.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        }

        /** The next chunk in file order, null after the last; a failure of the reader is thrown here. */
        Chunk take() throws IOException {
            if (done) {
                return null;
            }
            Chunk chunk;
            try {
                chunk = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OperationCanceledException("interrupted while importing " + fileName);
            }
            done = chunk.last;
            if (chunk.failure instanceof IOException e) {
                throw e;
            } else if (chunk.failure instanceof RuntimeException e) {
                throw e;
            } else if (chunk.failure instanceof Error e) {
                throw e;
            } else if (chunk.failure != null) {
                throw new IllegalStateException(chunk.failure);
            }
            return chunk;
        }

        @Override
        public void close() {
            stopped = true;
            queue.clear();
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }


    /** FNV-1a over the characters, then a 64-bit finaliser (MurmurHash3's) to spread the bits. */
    public static long hash(CharSequence text) {
        long h = 0xCBF29CE484222325L;
        for (int i = 0, n = text.length(); i < n; i++) {
            h = (h ^ text.charAt(i)) * 0x100000001B3L;
        }
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        return h ^ h >>> 33;
    }

    /**
     * Exact duplicate detection through the events table's primary key ({@code dedup_key}, the table's own
     * row key in H2, so it costs no index of its own). A row is inserted at the key its values hash to; when
     * that key is taken, the row that holds it is read and compared: the same event id (or, without event
     * ids, the same user, event, time and property values, numbers by value, a property missing on one side
     * and set on the other being a difference) is a duplicate and dropped; any other row means two events
     * share a key, and the new one takes the next free key. Like open addressing in a hash table this needs
     * rows never to be deleted one by one (an import that fails takes all of its rows with it).
     */
    private final class DuplicateCheck implements AutoCloseable {
        private final PreparedStatement insert;
        private final PreparedStatement find;
        private final List<PropertyColumns.Column> columns;
        /** For each column of {@link #columns}: the index of its value in a row, or -1 when the file has none. */
        private final int[] rowIndex;
        private final int importId;

        DuplicateCheck(Connection connection, String sql, List<PropertyField> properties, int importId)
                throws SQLException {
            this.importId = importId;
            this.columns = new ArrayList<>(PropertyColumns.load(connection, EventSchema.OWNER_EVENTS).values());
            this.rowIndex = new int[columns.size()];
            StringBuilder query = new StringBuilder("SELECT user_id, event_name, event_time, event_id");
            for (int c = 0; c < columns.size(); c++) {
                query.append(", ").append(source.dialect().quote(columns.get(c).columnName()));
                rowIndex[c] = -1;
                for (int p = 0; p < properties.size(); p++) {
                    if (properties.get(p).columnName.equals(columns.get(c).columnName())) {
                        rowIndex[c] = 5 + p;
                    }
                }
            }
            query.append(" FROM events WHERE dedup_key = ?");
            this.find = connection.prepareStatement(query.toString());
            try {
                this.insert = connection.prepareStatement(sql);
            } catch (SQLException e) {
                find.close();
                throw e;
            }
        }

        void bind(PreparedStatement statement, Object[] row, long key) throws SQLException {
            statement.setLong(1, key);
            statement.setString(2, (String) row[1]);
            statement.setString(3, (String) row[2]);
            statement.setObject(4, row[3]);
            statement.setString(5, (String) row[4]);
            statement.setInt(6, importId);
            for (int i = 5; i < row.length; i++) {
                statement.setObject(i + 2, row[i]);
            }
        }

        /** For a row whose key was taken: inserts it at the next free key unless an equal row exists. */
        boolean insertUnlessDuplicate(Object[] row) throws SQLException {
            for (long key = (Long) row[0];; key++) {
                find.setLong(1, key);
                try (ResultSet existing = find.executeQuery()) {
                    if (!existing.next()) {
                        bind(insert, row, key);
                        insert.executeUpdate();
                        return true;
                    }
                    if (same(existing, row)) {
                        return false;
                    }
                }
            }
        }

        private boolean same(ResultSet existing, Object[] row) throws SQLException {
            String eventId = existing.getString(4);
            if (eventId != null || row[4] != null) {
                return java.util.Objects.equals(eventId, row[4]);
            }
            if (!row[1].equals(existing.getString(1)) || !row[2].equals(existing.getString(2))
                    || !row[3].equals(existing.getObject(3, LocalDateTime.class))) {
                return false;
            }
            for (int c = 0; c < columns.size(); c++) {
                Object mine = rowIndex[c] < 0 ? null : row[rowIndex[c]];
                Object theirs = switch (columns.get(c).type()) {
                    case TIMESTAMP -> existing.getObject(5 + c, LocalDateTime.class);
                    case NUMBER -> existing.getBigDecimal(5 + c);
                    case BOOLEAN -> existing.getObject(5 + c, Boolean.class);
                    case TEXT -> existing.getString(5 + c);
                };
                if (mine == null || theirs == null) {
                    if (mine != theirs) {
                        return false;
                    }
                } else if (mine instanceof BigDecimal a && theirs instanceof BigDecimal b) {
                    if (a.compareTo(b) != 0) {
                        return false;
                    }
                } else if (!mine.equals(theirs)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void close() throws SQLException {
            try {
                find.close();
            } finally {
                insert.close();
            }
        }
    }

    /**
     * The import into DuckDB through its bulk path: the reader thread parses, validates and converts rows as
     * for every engine (quarantine with row number, reason and raw text), this thread appends the good ones with
     * DuckDB's Appender into a staging table of the import's transaction, and one INSERT ... SELECT moves them
     * into the events (or users) table, dropping exact duplicates, within the file and against the rows the
     * source already holds, by comparing values. Rows go through JDBC one statement at a time nowhere; a cancel,
     * an error or a killed process rolls the one transaction back, staging table included.
     */
    private final class DuckDbBulkWrite {
        private final List<String> columns;
        private final List<String> types;
        private final String table;

        /** {@code columns} and {@code types} as for the INSERT of every engine: import_id among them. */
        DuckDbBulkWrite(List<String> columns, List<String> types, String table) {
            this.columns = columns;
            this.types = types;
            this.table = table;
        }

        ImportSummary write(Connection connection, ImportPlan plan, List<String> fields, Instant started,
                SubMonitor progress, long size, List<PropertyField> properties)
                throws SQLException, IOException, ImportException {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            int importId = nextImportId(connection);
            String staging = "sextant_import_staging_" + importId;
            Counts counts = new Counts();
            try {
                createStaging(connection, staging);
                org.duckdb.DuckDBAppender appender = connection.unwrap(org.duckdb.DuckDBConnection.class)
                        .createAppender(staging);
                try {
                    long[] sequence = { 0 };
                    // the last tenth of the work is moving the rows from staging into the table
                    readChunks(connection, plan, fields, properties, importId, counts, progress, size, 900, rows -> {
                        for (Object[] row : rows) {
                            append(appender, ++sequence[0], row);
                        }
                    });
                } finally {
                    appender.close();
                }
                if (progress.isCanceled()) {
                    throw new OperationCanceledException();
                }
                progress.subTask(String.format("Importing %s: dropping duplicates of %,d rows", fileName, counts.read));
                if (events) {
                    String keys = DuckDbStaging.repeatedKeys(staging);
                    counts.imported = DuckDbStaging.insertEvents(connection, source.dialect(), staging,
                            "(SELECT * FROM " + staging + " WHERE dedup_key IN " + keys + ")", keys, values(), importId,
                            progress.split(50)).total();
                }
                try (Statement statement = connection.createStatement()) {
                    if (!events) {
                        counts.imported = statement.executeUpdate(DuckDbStaging.insertUsers(staging, values(), importId));
                    }
                    statement.execute("DROP TABLE " + staging);
                }
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
            return summary(importId, started, counts);
        }

        /** The staging table: the file's order, then the columns of the target table but import_id. */
        private void createStaging(Connection connection, String staging) throws SQLException {
            StringBuilder ddl = new StringBuilder("CREATE TABLE ").append(staging).append(" (sextant_seq BIGINT");
            for (int i = 0; i < columns.size(); i++) {
                if (!columns.get(i).equals("import_id")) {
                    ddl.append(", ").append(columns.get(i)).append(' ').append(types.get(i));
                }
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute(ddl.append(')').toString());
            }
        }

        /** One row in the staging table's column order: the sequence number, then the row's values. */
        private void append(org.duckdb.DuckDBAppender appender, long sequence, Object[] row) throws SQLException {
            appender.beginRow();
            appender.append(sequence);
            for (Object value : row) {
                switch (value) {
                    case null -> appender.appendNull();
                    case Long number -> appender.append(number.longValue());
                    case String text -> appender.append(text);
                    case LocalDateTime time -> appender.append(time);
                    case BigDecimal decimal -> appender.append(decimal.setScale(RowBinder.DECIMAL_SCALE, java.math.RoundingMode.HALF_UP));
                    case Boolean bool -> appender.append(bool.booleanValue());
                    default -> throw new IllegalStateException("no DuckDB value for " + value.getClass().getName());
                }
            }
            appender.endRow();
        }

        /** The staging table's columns but sextant_seq. */
        private List<String> values() {
            List<String> values = new ArrayList<>(columns);
            values.remove("import_id");
            return values;
        }
    }

}
