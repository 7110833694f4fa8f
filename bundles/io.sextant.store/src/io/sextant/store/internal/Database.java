package io.sextant.store.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.locks.ReentrantLock;

import org.h2.api.ErrorCode;
import org.h2.jdbcx.JdbcConnectionPool;

import io.sextant.store.DamagedRepositoryException;
import io.sextant.store.StoreException;

/**
 * The repository's embedded H2 database: a pool of connections and the transaction discipline every
 * operation follows (one transaction per operation; on any failure it is rolled back, so readers never see
 * half of it). After each commit that wrote an audit entry, the entry's number goes to the
 * {@link CommitRecord} beside the file.
 */
public final class Database implements AutoCloseable {

    /** Runs SQL on a connection inside a transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    static final String SUFFIX = ".mv.db";

    /**
     * WRITE_DELAY=0: H2 otherwise acknowledges a commit up to half a second before writing it, and a killed
     * process loses it (the crash test shows it). LOCK_TIMEOUT: writers of one definition queue on its row;
     * ten seconds is far beyond any operation, so a timeout means something is really stuck.
     */
    private static final String SETTINGS = ";WRITE_DELAY=0;LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE";

    /** The audit entry the current thread's transaction wrote last (0: none). */
    private static final ThreadLocal<long[]> AUDITED = ThreadLocal.withInitial(() -> new long[1]);

    private final Path file;
    private final JdbcConnectionPool pool;
    private final CommitRecord commits;
    private final boolean firstInProcess;

    /** How many times each file is open in this process (H2 keeps other processes out while it is). */
    private static final java.util.Map<Path, Integer> OPEN = new java.util.HashMap<>();

    private Database(Path file, JdbcConnectionPool pool) {
        this.file = file;
        this.pool = pool;
        this.commits = new CommitRecord(file);
        synchronized (OPEN) {
            this.firstInProcess = OPEN.merge(key(file), 1, Integer::sum) == 1;
        }
    }

    private static Path key(Path file) {
        return file.toAbsolutePath().normalize();
    }

    /**
     * Whether no other open of this file in this process preceded this one: then nothing else uses the file
     * (H2 locks it against other processes), and a run recorded as running was left by a process that ended.
     */
    public boolean firstInProcess() {
        return firstInProcess;
    }

    /** Opens (creating when missing) the H2 database in this file for reading and writing. */
    public static Database open(Path file) {
        JdbcConnectionPool pool = JdbcConnectionPool.create(url(file, SETTINGS), "sextant", "");
        pool.setMaxConnections(32);
        Database database = new Database(file, pool);
        // connect once now, so that an unusable file fails here and not in the first operation
        try (Connection connection = pool.getConnection()) {
            return database;
        } catch (SQLException e) {
            database.released();
            pool.dispose();
            throw openingFailure(file, e);
        }
    }

    private void released() {
        synchronized (OPEN) {
            OPEN.computeIfPresent(key(file), (k, count) -> count == 1 ? null : count - 1);
        }
    }

    /** Opens the file read-only, so that nothing is written while it is being looked at. */
    static Connection openReadOnly(Path file) {
        try {
            return org.h2.Driver.load().connect(url(file, ";ACCESS_MODE_DATA=r;DB_CLOSE_ON_EXIT=FALSE"),
                    credentials());
        } catch (SQLException e) {
            throw openingFailure(file, e);
        }
    }

    private static java.util.Properties credentials() {
        java.util.Properties properties = new java.util.Properties();
        properties.put("user", "sextant");
        properties.put("password", "");
        return properties;
    }

    private static String url(Path file, String settings) {
        String name = file.getFileName().toString();
        if (!name.endsWith(SUFFIX)) {
            throw new IllegalArgumentException("a repository file ends with " + SUFFIX + ": " + file);
        }
        String base = file.toAbsolutePath().toString();
        return "jdbc:h2:file:" + base.substring(0, base.length() - SUFFIX.length()) + settings;
    }

    private static StoreException openingFailure(Path file, SQLException e) {
        if (e.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1) {
            return new StoreException("The repository " + file + " is open in another Sextant (the IDE or the"
                    + " command line): close it there and try again", e);
        }
        if (e.getErrorCode() == ErrorCode.FILE_CORRUPTED_1) {
            return new DamagedRepositoryException(file, "H2 reports it corrupted ("
                    + e.getMessage().lines().findFirst().orElse("") + ")", RepositoryFiles.WHAT_TO_DO, e);
        }
        return new StoreException("The repository " + file + " cannot be opened: " + e.getMessage(), e);
    }

    public Path file() {
        return file;
    }

    /** Runs the work in one transaction and commits it; any exception rolls it back and is rethrown. */
    public <T> T write(String what, Work<T> work) {
        writeLock.lock();
        try {
            return writeOnce(what, work);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * One writer at a time. H2 is embedded, so only this process writes the file (H2 locks it against
     * others), and a write takes well under a millisecond: queueing writers costs nothing users notice. Row
     * locks alone did not suffice: with four writers and a reviewer on three definitions, H2 reported
     * deadlocks between transactions that had each locked their definition's row first, and once lost an
     * increment of a counter both had updated (the concurrency test's integrity check caught it).
     */
    private final ReentrantLock writeLock = new ReentrantLock(true);

    private <T> T writeOnce(String what, Work<T> work) {
        long[] audited = AUDITED.get();
        audited[0] = 0;
        T result;
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try {
                result = work.run(connection);
                connection.commit();
            } catch (SQLException | RuntimeException | Error e) {
                try {
                    connection.rollback();
                } catch (SQLException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw failure(what, e);
        }
        if (audited[0] > 0) {
            commits.advanceTo(audited[0]);
        }
        return result;
    }

    /** Called by {@link Audit} inside a write: the entry's number is recorded once the transaction commits. */
    static void audited(long auditId) {
        long[] audited = AUDITED.get();
        audited[0] = Math.max(audited[0], auditId);
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
     * (10,000 versions: 239 MB for 2.3 MB). SHUTDOWN COMPACT rewrites it into a temporary file and swaps it
     * in only when complete: killed halfway, the original file is untouched.
     */
    @Override
    public void close() {
        shutdown("SHUTDOWN COMPACT");
    }

    /** Closes without compacting: for refusals (the file must stay as it was) and callers that cannot wait. */
    public void closeWithoutCompacting() {
        shutdown("SHUTDOWN");
    }

    private void shutdown(String statement) {
        try (Connection connection = pool.getConnection(); Statement shutdown = connection.createStatement()) {
            shutdown.execute(statement);
        } catch (SQLException e) {
            // closing anyway: the file is as consistent as after any commit, only perhaps not compacted
        } finally {
            pool.dispose();
            released();
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
