package io.sextant.data.sources;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;

import io.sextant.data.Dialects;
import io.sextant.data.EventDataSource;
import io.sextant.dsl.context.ValueType;

/**
 * Converts a project's embedded H2 event store (made before DuckDB was the default) into the embedded DuckDB
 * store: every table copied row by row through DuckDB's Appender into a new file, the row counts and a
 * SHA-256 of every table's rows (in key order, values written canonically) compared between the two, and only
 * then the new file moved into place and the H2 file moved into {@code .sextant/h2-backup/}. A cancel, an error
 * or a mismatch removes the new file and leaves the H2 store as it was: nothing is lost at any point.
 */
public final class StoreConversion {

    /** The folder inside {@code .sextant} that keeps the H2 file after a conversion. */
    public static final String BACKUP_FOLDER = "h2-backup";

    /** The tables copied, with the columns that order their rows for the checksum (unique in each table). */
    private static final Map<String, String> TABLES = new LinkedHashMap<>();

    static {
        TABLES.put("property_columns", "owner, property");
        TABLES.put("imports", "import_id");
        TABLES.put("quarantine", "import_id, row_number, reason");
        TABLES.put("catalog_events", "event_name");
        TABLES.put("catalog_properties", "owner, event_name, property");
        TABLES.put("pii_marks", "owner, event_name, property");
        TABLES.put("users", "user_id");
        TABLES.put("events", "dedup_key");
    }

    /** What was converted: rows per table and the checksum both stores gave. */
    public record Result(Map<String, Long> rows, String checksum, Path duckDbFile, Path backup) {
        public String describe() {
            return String.format("converted %,d events and %,d users into %s (checksum %s, equal in both stores);"
                    + " the H2 file is kept in %s", rows.getOrDefault("events", 0L), rows.getOrDefault("users", 0L),
                    duckDbFile.getFileName(), checksum, backup);
        }
    }

    /** Why a conversion cannot start or did not finish, in a sentence for the user. */
    public static final class ConversionException extends Exception {
        private static final long serialVersionUID = 1L;

        public ConversionException(String message) {
            super(message);
        }

        public ConversionException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Path project;

    public StoreConversion(Path project) {
        this.project = project.toAbsolutePath();
    }

    /** Whether the project's events are in an H2 file that a conversion would move to DuckDB. */
    public static boolean needed(Path project) {
        Path folder = project.resolve(EventDataSource.PROJECT_FOLDER);
        return Files.exists(folder.resolve(EventDataSource.H2_FILE))
                && !Files.exists(folder.resolve(EventDataSource.DUCKDB_FILE));
    }

    public Result convert(IProgressMonitor monitor) throws ConversionException {
        Path folder = project.resolve(EventDataSource.PROJECT_FOLDER);
        if (!needed(project)) {
            throw new ConversionException(Files.exists(folder.resolve(EventDataSource.DUCKDB_FILE))
                    ? project + ": the events are already in DuckDB (" + EventDataSource.PROJECT_FOLDER + "/"
                            + EventDataSource.DUCKDB_FILE + "); nothing to convert"
                    : project + ": the project has no H2 event store (" + EventDataSource.PROJECT_FOLDER + "/"
                            + EventDataSource.H2_FILE + ") to convert");
        }
        Path work = folder.resolve("converting");
        Path target = work.resolve(EventDataSource.DUCKDB_FILE);
        SubMonitor progress = SubMonitor.convert(monitor, "Converting the events to DuckDB", 100);
        try {
            deleteFolder(work);
            Files.createDirectories(work);
            EventDataSource h2 = EventDataSource.embeddedH2(project);
            // the new file is made in a work folder and moved into place only once it is verified
            EventDataSource duckDb = EventDataSource.jdbc("jdbc:duckdb:" + target, null, null, Dialects.DUCKDB,
                    new org.duckdb.DuckDBDriver());
            Map<String, Long> rows;
            String sourceSum;
            String targetSum;
            try (Connection from = h2.open(); Connection to = duckDb.open()) {
                Map<String, Long> counts = counts(from);
                long total = counts.values().stream().mapToLong(Long::longValue).sum();
                copy(from, to, counts, total, progress.split(70));
                progress.subTask("Verifying the copy");
                rows = counts(to);
                if (!rows.equals(counts)) {
                    throw new ConversionException("the copy holds other row counts than the H2 store (" + rows
                            + " against " + counts + "); nothing was changed");
                }
                sourceSum = checksum(from, progress.split(15));
                targetSum = checksum(to, progress.split(15));
            } finally {
                duckDb.release(); // the file is moved or deleted next: nothing of this process may keep it open
            }
            if (!sourceSum.equals(targetSum)) {
                throw new ConversionException("the copy's checksum " + targetSum + " differs from the H2 store's "
                        + sourceSum + "; nothing was changed");
            }
            Path backup = folder.resolve(BACKUP_FOLDER);
            Files.createDirectories(backup);
            Files.move(target, folder.resolve(EventDataSource.DUCKDB_FILE), StandardCopyOption.ATOMIC_MOVE);
            for (String name : List.of(EventDataSource.H2_FILE, "events.trace.db")) {
                if (Files.exists(folder.resolve(name))) {
                    Files.move(folder.resolve(name), backup.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            deleteFolder(work);
            return new Result(rows, sourceSum, folder.resolve(EventDataSource.DUCKDB_FILE), project.relativize(backup));
        } catch (SQLException e) {
            cleanUp(work);
            throw new ConversionException("the conversion failed: " + e.getMessage() + "; nothing was changed", e);
        } catch (IOException e) {
            cleanUp(work);
            throw new ConversionException("the conversion failed: " + e + "; nothing was changed", e);
        } catch (ConversionException | RuntimeException | Error e) {
            cleanUp(work);
            throw e;
        }
    }

    private static Map<String, Long> counts(Connection connection) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement()) {
            for (String table : TABLES.keySet()) {
                try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    rows.next();
                    counts.put(table, rows.getLong(1));
                }
            }
        }
        return counts;
    }

    /** The property columns first (so the tables have them), then every table's rows, in one transaction. */
    private static void copy(Connection from, Connection to, Map<String, Long> counts, long total, SubMonitor progress)
            throws SQLException {
        progress.setWorkRemaining((int) Math.max(1, total / 10_000));
        to.setAutoCommit(false);
        try {
            try (Statement read = from.createStatement();
                    ResultSet columns = read.executeQuery("SELECT owner, column_name, value_type FROM property_columns");
                    Statement write = to.createStatement()) {
                while (columns.next()) {
                    String table = "event".equals(columns.getString(1)) ? "events" : "users";
                    write.execute("ALTER TABLE " + table + " ADD COLUMN " + Dialects.DUCKDB.quote(columns.getString(2))
                            + " " + Dialects.DUCKDB.columnType(ValueType.valueOf(columns.getString(3))));
                }
            }
            long done = 0;
            for (String table : TABLES.keySet()) {
                progress.subTask(String.format("Copying %s (%,d rows)", table, counts.get(table)));
                done = copyTable(from, to, table, done, progress);
            }
            to.commit();
        } catch (SQLException | RuntimeException e) {
            to.rollback();
            throw e;
        }
    }

    private static long copyTable(Connection from, Connection to, String table, long done, SubMonitor progress)
            throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement statement = to.createStatement();
                ResultSet columns = statement.executeQuery("SELECT * FROM " + table + " LIMIT 0")) {
            ResultSetMetaData meta = columns.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                names.add(meta.getColumnName(i));
            }
        }
        StringBuilder select = new StringBuilder("SELECT ");
        for (int i = 0; i < names.size(); i++) {
            select.append(i > 0 ? ", " : "").append(quotedFor(table, names.get(i)));
        }
        select.append(" FROM ").append(table);
        try (Statement statement = from.createStatement()) {
            statement.setFetchSize(10_000);
            try (ResultSet rows = statement.executeQuery(select.toString());
                    org.duckdb.DuckDBAppender appender = to.unwrap(org.duckdb.DuckDBConnection.class).createAppender(table)) {
                while (rows.next()) {
                    appender.beginRow();
                    for (int i = 1; i <= names.size(); i++) {
                        Object value = rows.getObject(i);
                        switch (value) {
                            case null -> appender.appendNull();
                            case Long number -> appender.append(number.longValue());
                            case Integer number -> appender.append(number.intValue());
                            case BigDecimal number -> appender.append(number.setScale(10, java.math.RoundingMode.HALF_UP));
                            case Boolean bool -> appender.append(bool.booleanValue());
                            case java.sql.Timestamp time -> appender.append(time.toLocalDateTime());
                            case LocalDateTime time -> appender.append(time);
                            default -> appender.append(value.toString());
                        }
                    }
                    appender.endRow();
                    if (++done % 10_000 == 0) {
                        progress.worked(1);
                        if (progress.isCanceled()) {
                            throw new OperationCanceledException();
                        }
                    }
                }
            }
        }
        return done;
    }

    /** Property columns were created quoted (lower case); the base columns unquoted, which H2 folds to upper case. */
    private static String quotedFor(String table, String column) {
        return column.startsWith("p_") || column.startsWith("a_") ? Dialects.H2.quote(column) : column;
    }

    /**
     * A SHA-256 over every table's rows in key order, each value written canonically (numbers without trailing
     * zeros, times to the microsecond), so that two engines holding the same data give the same sum.
     */
    private static String checksum(Connection connection, SubMonitor progress) throws SQLException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
        long read = 0;
        try (Statement statement = connection.createStatement()) {
            statement.setFetchSize(10_000);
            for (Map.Entry<String, String> table : TABLES.entrySet()) {
                List<String> columns = columnsOf(connection, table.getKey());
                StringBuilder select = new StringBuilder("SELECT ");
                for (int i = 0; i < columns.size(); i++) {
                    select.append(i > 0 ? ", " : "").append(quotedFor(table.getKey(), columns.get(i)));
                }
                select.append(" FROM ").append(table.getKey()).append(" ORDER BY ").append(table.getValue());
                digest.update(table.getKey().getBytes(StandardCharsets.UTF_8));
                try (ResultSet rows = statement.executeQuery(select.toString())) {
                    StringBuilder line = new StringBuilder();
                    while (rows.next()) {
                        line.setLength(0);
                        for (int i = 1; i <= columns.size(); i++) {
                            line.append(canonical(rows.getObject(i))).append('\u0001');
                        }
                        digest.update(line.toString().getBytes(StandardCharsets.UTF_8));
                        if (++read % 100_000 == 0 && progress.isCanceled()) {
                            throw new OperationCanceledException();
                        }
                    }
                }
            }
        }
        return HexFormat.of().formatHex(digest.digest(), 0, 16);
    }

    /** The columns of a table in a fixed order (by name, lower case), the same on both engines. */
    private static List<String> columnsOf(Connection connection, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet columns = statement.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
            ResultSetMetaData meta = columns.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                String name = meta.getColumnName(i);
                names.add(name.startsWith("p_") || name.startsWith("a_") ? name : name.toLowerCase(java.util.Locale.ROOT));
            }
        }
        names.sort(String::compareTo);
        return names;
    }

    private static String canonical(Object value) {
        return switch (value) {
            case null -> "\u0000";
            case BigDecimal number -> number.signum() == 0 ? "0" : number.stripTrailingZeros().toPlainString();
            case Number number -> Long.toString(number.longValue());
            case java.sql.Timestamp time -> time.toLocalDateTime().toString();
            case LocalDateTime time -> time.toString();
            case Boolean bool -> bool.toString();
            default -> value.toString();
        };
    }

    private static void cleanUp(Path work) {
        try {
            deleteFolder(work);
        } catch (IOException e) {
            // a leftover work folder is removed by the next conversion
        }
    }

    private static void deleteFolder(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (var paths = Files.walk(folder)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
