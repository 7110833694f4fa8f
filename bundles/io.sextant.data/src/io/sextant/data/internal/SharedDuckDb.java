package io.sextant.data.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.duckdb.DuckDBConnection;

/**
 * One DuckDB database per file in this process, kept open a few seconds after its last use. Opening a DuckDB
 * file loads its catalog and buffers afresh each time no connection to it is open: 30 to 120 ms per analysis run
 * at tier M, where a connection duplicated from an open one takes 1 ms. So the first connection to a file stays
 * open as a keeper, later ones are its duplicates, and the keeper is closed {@value #IDLE_SECONDS} s after the
 * last connection was asked for: the file lock (DuckDB lets one process write a file) is then released as soon
 * as the connections in use are closed, so that the command line can open a project the IDE used a moment ago.
 *
 * <p>A keeper belongs to the file as it was when opened: if the file was deleted, replaced (a conversion moves a
 * new one into place) or is gone, the next connection opens the file anew.
 */
public final class SharedDuckDb {

    /** How long a database stays open after the last connection was asked for. */
    static final long IDLE_SECONDS = 5;

    private record Keeper(DuckDBConnection connection, Object fileKey, ScheduledFuture<?> closing) {
    }

    private static final Map<String, Keeper> KEEPERS = new HashMap<>();
    private static final ScheduledExecutorService CLOSER = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "Sextant DuckDB idle close");
        thread.setDaemon(true);
        return thread;
    });
    static {
        // at exit, close what is open so that DuckDB checkpoints its write-ahead log into the file
        Runtime.getRuntime().addShutdownHook(new Thread(SharedDuckDb::closeAll, "Sextant DuckDB close at exit"));
    }

    private SharedDuckDb() {
    }

    /**
     * A new connection to the DuckDB database at {@code url} ({@code jdbc:duckdb:<file>}) with {@code settings},
     * duplicated from the database this process has open when it is the same file, else opened with
     * {@code driver}. The caller closes it.
     */
    public static synchronized Connection connect(java.sql.Driver driver, String url, Path file, Properties settings)
            throws SQLException {
        Object fileKey = fileKey(file);
        Keeper keeper = KEEPERS.remove(url);
        if (keeper != null) {
            keeper.closing().cancel(false);
            if (fileKey == null || !Objects.equals(fileKey, keeper.fileKey()) || keeper.connection().isClosed()) {
                closeQuietly(keeper.connection());
                keeper = null;
            }
        }
        DuckDBConnection connection;
        if (keeper == null) {
            Connection opened = driver.connect(url, settings);
            if (opened == null) {
                throw new SQLException("the JDBC driver does not accept the URL " + url);
            }
            connection = opened.unwrap(DuckDBConnection.class);
            // the file exists now (DuckDB creates it): remember which file this database is
            fileKey = fileKey(file);
        } else {
            connection = keeper.connection();
        }
        Connection duplicate = connection.duplicate();
        ScheduledFuture<?> closing = CLOSER.schedule(() -> closeIdle(url), IDLE_SECONDS, TimeUnit.SECONDS);
        KEEPERS.put(url, new Keeper(connection, fileKey, closing));
        return duplicate;
    }

    /**
     * Closes the kept database of {@code url}, if any, now: before its file is moved, replaced or deleted by this
     * process. Connections still in use stay open until closed.
     */
    public static synchronized void release(String url) {
        Keeper keeper = KEEPERS.remove(url);
        if (keeper != null) {
            keeper.closing().cancel(false);
            closeQuietly(keeper.connection());
        }
    }

    private static synchronized void closeIdle(String url) {
        Keeper keeper = KEEPERS.get(url);
        if (keeper != null && keeper.closing().getDelay(TimeUnit.NANOSECONDS) <= 0) {
            KEEPERS.remove(url);
            closeQuietly(keeper.connection());
        }
    }

    private static synchronized void closeAll() {
        for (Keeper keeper : KEEPERS.values()) {
            closeQuietly(keeper.connection());
        }
        KEEPERS.clear();
    }

    /**
     * The file's identity, null when there is no file: its device and inode where the file system has them, with
     * its creation time, since a file deleted and made again may get the inode number back.
     */
    private static Object fileKey(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return java.util.Arrays.asList(attributes.fileKey(), attributes.creationTime());
        } catch (IOException e) {
            return null;
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // closing a database nobody uses any more: nothing to tell anyone
        }
    }
}
