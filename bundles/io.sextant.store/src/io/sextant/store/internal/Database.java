package io.sextant.store.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.h2.jdbcx.JdbcConnectionPool;

import io.sextant.store.StoreException;

/**
 * The repository's embedded H2 database: a pool of connections and the transaction discipline every
 * operation follows (one transaction per operation; on any failure it is rolled back, so readers never see
 * half of it).
 */
public final class Database implements AutoCloseable {

    /** Runs SQL on a connection inside a transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private static final String SUFFIX = ".mv.db";

    private final Path file;
    private final JdbcConnectionPool pool;

    private Database(Path file, JdbcConnectionPool pool) {
        this.file = file;
        this.pool = pool;
    }

    /**
     * Opens (creating when missing) the H2 database in this file.
     *
     * WRITE_DELAY=0: H2 otherwise acknowledges a commit up to half a second before writing it, and a killed
     * process would lose it. LOCK_TIMEOUT: writers of one definition queue on its row; ten seconds is far
     * beyond any operation, so a timeout means something is really stuck.
     */
    public static Database open(Path file) {
        String name = file.getFileName().toString();
        if (!name.endsWith(SUFFIX)) {
            throw new IllegalArgumentException("a repository file ends with " + SUFFIX + ": " + file);
        }
        String base = file.toAbsolutePath().toString();
        base = base.substring(0, base.length() - SUFFIX.length());
        String url = "jdbc:h2:file:" + base + ";WRITE_DELAY=0;LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE";
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "sextant", "");
        pool.setMaxConnections(32);
        Database database = new Database(file, pool);
        // connect once now, so that an unusable file fails here and not in the first operation
        try (Connection connection = pool.getConnection()) {
            return database;
        } catch (SQLException e) {
            pool.dispose();
            if (e.getErrorCode() == org.h2.api.ErrorCode.DATABASE_ALREADY_OPEN_1) {
                throw new StoreException("The repository " + file + " is open in another Sextant (the IDE or the"
                        + " command line): close it there and try again", e);
            }
            if (e.getErrorCode() == org.h2.api.ErrorCode.FILE_CORRUPTED_1) {
                throw new io.sextant.store.DamagedRepositoryException(file, "H2 reports it corrupted ("
                        + e.getMessage().lines().findFirst().orElse("") + ")", RepositoryFiles.WHAT_TO_DO, e);
            }
            throw new StoreException("The repository " + file + " cannot be opened: " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    /** Runs the work in one transaction and commits it; any exception rolls it back and is rethrown. */
    public <T> T write(String what, Work<T> work) {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /** Runs read-only work; each statement sees only committed data. */
    public <T> T read(String what, Work<T> work) {
        try (Connection connection = pool.getConnection()) {
            connection.setReadOnly(true);
            return work.run(connection);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    private StoreException failure(String what, SQLException e) {
        return new StoreException("Could not " + what + " in the repository " + file + ": " + e.getMessage(), e);
    }

    /**
     * Compacts and closes the database. With WRITE_DELAY=0 every commit writes a chunk of its own and H2's
     * background compaction does not run, so a busy session leaves the file many times larger than its data
     * (10,000 versions: 250 MB for 3 MB). SHUTDOWN COMPACT rewrites it into a temporary file and swaps it in
     * only when complete: killed halfway, the original file is untouched.
     */
    @Override
    public void close() {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN COMPACT");
        } catch (SQLException e) {
            // closing anyway; the file is as consistent as after any commit, only not compacted
        } finally {
            pool.dispose();
        }
    }

    // ------------------------------------------------------------------ values

    static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        throw new IllegalStateException("not a timestamp: " + value.getClass());
    }
}
