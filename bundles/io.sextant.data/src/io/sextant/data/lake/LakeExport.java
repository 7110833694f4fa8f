package io.sextant.data.lake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;

import io.sextant.data.Dialects;
import io.sextant.data.DataFingerprint;
import io.sextant.data.PartialFolders;
import io.sextant.data.EventDataSource;
import io.sextant.data.EventSchema;
import io.sextant.data.imports.internal.DuckDbProgress;
import io.sextant.data.internal.PropertyColumns;
import io.sextant.data.lake.internal.LakeManifest;
import io.sextant.data.lake.internal.LakeManifest.ColumnEntry;
import io.sextant.data.lake.internal.LakeManifest.TableEntry;
import io.sextant.dsl.context.ValueType;

/**
 * Writes a project's events and users as a lake a team can move to: Parquet files that any engine reading a
 * Hive-style folder layout (Trino's Hive connector, Spark, DuckDB itself) reads without Sextant.
 *
 * <pre>
 * &lt;dir&gt;/events/day=YYYY-MM-DD/data_0.parquet   the events of a day (UTC), zstd-compressed
 * &lt;dir&gt;/users/users.parquet                       the users and their attributes
 * &lt;dir&gt;/manifest.json                            tables, columns (Sextant types, property names), row counts,
 *                                                  the data fingerprint, the export time
 * </pre>
 *
 * The events keep {@code user_id, event_name, event_time, event_id} and one typed column per property
 * ({@code p_...}, named in the manifest); the day is the partition column, in the folder names only. The store's
 * own bookkeeping columns (dedup key, import id) are left out. Everything is read in one transaction, so the
 * files, the counts and the fingerprint describe the same data, and it is written into a hidden folder beside the
 * target ({@code .<name>.partial-<pid>}) that is renamed into place only when every file is written and its row
 * counts, read back from the Parquet files, equal the store's: a failed, cancelled or killed export leaves no
 * target folder (the next export of that folder removes a killed one's leftover).
 */
public final class LakeExport {

    /** The manifest's file name, at the top of the lake folder. */
    public static final String MANIFEST = "manifest.json";
    /** The folder of the events' day partitions. */
    public static final String EVENTS_FOLDER = "events";
    /** The folder of the users' file. */
    public static final String USERS_FOLDER = "users";
    /** The partition column of the events, in the folder names ({@code day=2025-03-01}). */
    public static final String DAY_COLUMN = "day";

    /** What was exported. */
    public record Result(Path folder, long events, long users, int days, String dataFingerprint, Instant exportedAt) {
        public String describe() {
            return String.format(java.util.Locale.ROOT,
                    "exported %,d events (%,d days) and %,d users to %s as Parquet (data fingerprint %s); manifest: %s",
                    events, days, users, folder, dataFingerprint, folder.resolve(MANIFEST));
        }
    }

    /** Why an export cannot start or did not finish, in one sentence for the user; nothing was written. */
    public static final class LakeExportException extends Exception {
        private static final long serialVersionUID = 1L;

        public LakeExportException(String message) {
            super(message);
        }

        public LakeExportException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final EventDataSource source;
    private final Clock clock;

    public LakeExport(EventDataSource source) {
        this(source, Clock.systemUTC());
    }

    /** With the clock that stamps the manifest's export time (tests fix it). */
    public LakeExport(EventDataSource source, Clock clock) {
        this.source = source;
        this.clock = clock;
    }

    /**
     * Exports into {@code folder}, which must not exist or be empty; its parent folder must exist.
     *
     * @throws LakeExportException the folder is refused, the source is not DuckDB, or the export failed; nothing
     *         was written
     * @throws OperationCanceledException the monitor was cancelled; nothing was written
     */
    public Result export(Path folder, IProgressMonitor monitor) throws LakeExportException {
        Path target = folder.toAbsolutePath().normalize();
        refuseUnusable(folder, target);
        if (source.dialect() != Dialects.DUCKDB) {
            throw new LakeExportException("the events are in an " + source.dialect().name() + " store; an export reads"
                    + " the DuckDB store: convert the project first (sextant convert)");
        }
        SubMonitor progress = SubMonitor.convert(monitor, "Exporting the events to " + folder, 100);
        Path partial = target.getParent().resolve(PartialFolders.name(target, ProcessHandle.current().pid()));
        try {
            PartialFolders.deleteLeftovers(target);
            Files.createDirectories(partial.resolve(USERS_FOLDER));
            Instant exportedAt = clock.instant();
            List<TableEntry> tables;
            String fingerprint;
            long events;
            long users;
            int days;
            try (Connection connection = source.open()) {
                boolean autoCommit = connection.getAutoCommit();
                connection.setAutoCommit(false); // one snapshot: the files, counts and fingerprint agree
                try {
                    Map<String, PropertyColumns.Column> properties = PropertyColumns.load(connection, EventSchema.OWNER_EVENTS);
                    Map<String, PropertyColumns.Column> attributes = PropertyColumns.load(connection, EventSchema.OWNER_USERS);
                    String eventsQuery = select(List.of("user_id", "event_name", "event_time", "event_id"), properties,
                            EventSchema.EVENTS, ", CAST(event_time AS DATE) AS " + DAY_COLUMN);
                    String usersQuery = select(List.of("user_id", "signup_time"), attributes, EventSchema.USERS,
                            "") + " ORDER BY user_id";
                    events = single(connection, "SELECT COUNT(*) FROM events");
                    users = single(connection, "SELECT COUNT(*) FROM users");
                    days = (int) single(connection, "SELECT COUNT(DISTINCT CAST(event_time AS DATE)) FROM events");
                    fingerprint = dataFingerprint(connection, events, users);
                    List<ColumnEntry> eventColumns = columns(connection, eventsQuery, properties, DAY_COLUMN);
                    List<ColumnEntry> userColumns = columns(connection, usersQuery, attributes, null);

                    progress.subTask(String.format(java.util.Locale.ROOT, "Writing %,d events by day", events));
                    copy(connection, eventsQuery, partial.resolve(EVENTS_FOLDER),
                            "FORMAT parquet, PARTITION_BY (" + DAY_COLUMN + "), COMPRESSION zstd", progress.split(75));
                    Files.createDirectories(partial.resolve(EVENTS_FOLDER)); // also when there are no events
                    progress.subTask(String.format(java.util.Locale.ROOT, "Writing %,d users", users));
                    copy(connection, usersQuery, partial.resolve(USERS_FOLDER).resolve("users.parquet"),
                            "FORMAT parquet, COMPRESSION zstd", progress.split(10));

                    progress.subTask("Reading the files back");
                    verify(connection, partial, events, users, days);
                    progress.worked(10);
                    tables = List.of(
                            new TableEntry(EventSchema.EVENTS, EVENTS_FOLDER, events, days, DAY_COLUMN, eventColumns),
                            new TableEntry(EventSchema.USERS, USERS_FOLDER, users, 0, null, userColumns));
                } finally {
                    connection.rollback(); // read only
                    connection.setAutoCommit(autoCommit);
                }
            }
            LakeManifest.write(partial.resolve(MANIFEST), exportedAt, source.dialect().name(), fingerprint, tables);
            progress.worked(5);
            if (Files.isDirectory(target)) {
                Files.delete(target); // empty, checked above
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            return new Result(folder, events, users, days, fingerprint, exportedAt);
        } catch (SQLException e) {
            throw new LakeExportException("the export to " + folder + " failed: " + e.getMessage()
                    + "; nothing was written", e);
        } catch (IOException e) {
            throw new LakeExportException("the export to " + folder + " failed: " + e + "; nothing was written", e);
        } finally {
            try {
                PartialFolders.deleteRecursively(partial);
            } catch (IOException e) {
                // a hidden leftover harms nothing; the next export to this folder removes it
            }
        }
    }

    private static void refuseUnusable(Path folder, Path target) throws LakeExportException {
        if (Files.isRegularFile(target)) {
            throw new LakeExportException(folder + " is a file; give a new or empty folder for the lake");
        }
        if (Files.isDirectory(target)) {
            try (Stream<Path> entries = Files.list(target)) {
                if (entries.findAny().isPresent()) {
                    throw new LakeExportException(folder + " is not empty; give a new or empty folder for the lake");
                }
            } catch (IOException e) {
                throw new LakeExportException("cannot read " + folder + ": " + e.getMessage(), e);
            }
        }
        Path parent = target.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            // the folder as the user wrote it
            Path shown = folder.getParent() != null ? folder.getParent() : parent;
            throw new LakeExportException("there is no folder " + (shown == null ? "above " + folder : shown)
                    + " to make " + target.getFileName() + " in");
        }
    }

    /** The SELECT of a table's exported columns: the base ones, then the typed property columns by name. */
    private static String select(List<String> base, Map<String, PropertyColumns.Column> properties, String table,
            String extra) {
        List<String> names = new ArrayList<>(base);
        properties.values().stream().map(PropertyColumns.Column::columnName).sorted().forEach(names::add);
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < names.size(); i++) {
            sql.append(i > 0 ? ", " : "").append(Dialects.DUCKDB.quote(names.get(i)));
        }
        return sql.append(extra).append(" FROM ").append(table).toString();
    }

    /** Each column of the query's result with its DuckDB type, and its Sextant type and property when it has one. */
    private static List<ColumnEntry> columns(Connection connection, String query,
            Map<String, PropertyColumns.Column> properties, String partitionColumn) throws SQLException {
        Map<String, PropertyColumns.Column> byColumn = new LinkedHashMap<>();
        properties.values().forEach(c -> byColumn.put(c.columnName(), c));
        List<ColumnEntry> columns = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("DESCRIBE " + query)) {
            while (rows.next()) {
                String name = rows.getString("column_name");
                String type = rows.getString("column_type");
                PropertyColumns.Column property = byColumn.get(name);
                if (property != null) {
                    columns.add(new ColumnEntry(name, type, property.type(), property.property(), null, false));
                } else {
                    columns.add(base(name, type, name.equals(partitionColumn)));
                }
            }
        }
        return columns;
    }

    private static ColumnEntry base(String name, String type, boolean partition) {
        return switch (name) {
            case "user_id" -> new ColumnEntry(name, type, ValueType.TEXT, null, "user id", false);
            case "event_name" -> new ColumnEntry(name, type, ValueType.TEXT, null, "event name", false);
            case "event_time" -> new ColumnEntry(name, type, ValueType.TIMESTAMP, null, "event time (UTC)", false);
            case "event_id" -> new ColumnEntry(name, type, ValueType.TEXT, null, "event id", false);
            case "signup_time" -> new ColumnEntry(name, type, ValueType.TIMESTAMP, null, "signup time (UTC)", false);
            default -> new ColumnEntry(name, type, null, null,
                    partition ? "the event time's day (UTC), in the folder names only" : null, partition);
        };
    }

    /** {@code COPY (query) TO 'path' (options)} with progress and cancel. The path is quoted as a SQL string. */
    private static void copy(Connection connection, String query, Path to, String options, SubMonitor progress)
            throws SQLException {
        String path = to.toString().replace("'", "''");
        try (PreparedStatement statement = connection.prepareStatement(
                "COPY (" + query + ") TO '" + path + "' (" + options + ")")) {
            DuckDbProgress.execute(statement, progress);
        }
    }

    /** The files as written hold the store's row counts and days. */
    private static void verify(Connection connection, Path partial, long events, long users, int days)
            throws SQLException, LakeExportException {
        long eventRows = 0;
        int dayFolders = 0;
        if (events > 0) {
            String files = partial.resolve(EVENTS_FOLDER).resolve("*").resolve("*.parquet").toString().replace("'", "''");
            try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(
                    "SELECT COUNT(*), COUNT(DISTINCT " + DAY_COLUMN + ") FROM read_parquet('" + files
                            + "', hive_partitioning = true)")) {
                rows.next();
                eventRows = rows.getLong(1);
                dayFolders = rows.getInt(2);
            }
        }
        String usersFile = partial.resolve(USERS_FOLDER).resolve("users.parquet").toString().replace("'", "''");
        long userRows = single(connection, "SELECT COUNT(*) FROM read_parquet('" + usersFile + "')");
        if (eventRows != events || userRows != users || dayFolders != days) {
            throw new LakeExportException(String.format(java.util.Locale.ROOT, "the Parquet files hold %d events in %d"
                    + " days and %d users where the store holds %d events in %d days and %d users; nothing was written",
                    eventRows, dayFolders, userRows, events, days, users));
        }
    }

    private static long single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /**
     * The data fingerprint a run records for the same data ({@link DataFingerprint}), from the row counts read in
     * the export's snapshot, so a report computed on the lake can be told to come from the same data as one
     * computed on the store.
     */
    static String dataFingerprint(Connection connection, long events, long users) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(DataFingerprint.IMPORTS_QUERY)) {
            return DataFingerprint.of(DataFingerprint.imports(rows), events, users);
        }
    }
}
