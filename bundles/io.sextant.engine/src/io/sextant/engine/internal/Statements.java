package io.sextant.engine.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.core.runtime.IProgressMonitor;

import io.sextant.engine.EngineException;
import io.sextant.engine.QueryCancelledException;

/**
 * Runs the statements of one engine run on its connection, each with bound parameters, and stops a running
 * statement (JDBC Statement.cancel, which H2, DuckDB and PostgreSQL all honour) when the user cancels, when
 * {@link #cancel()} is called, or when it runs longer than the time limit. A watchdog thread looks ten times
 * a second; the statement's own query timeout is not used because the drivers differ in how they honour it.
 */
public final class Statements {

    /** Reads a result set into a value. */
    public interface Reader<T> {
        T read(ResultSet rows) throws SQLException;
    }

    private static final long WATCH_MILLIS = 100;

    /**
     * With SEXTANT_TRACE_SQL=1 in the environment every statement is written to stderr with its time and what it
     * was for: how a user (or we) sees where a slow run spends its time, as DBeaver's query manager shows it.
     */
    private static final boolean TRACE = "1".equals(System.getenv("SEXTANT_TRACE_SQL"));

    private final Connection connection;
    private final Duration timeLimit;

    private volatile boolean cancelled;

    public Statements(Connection connection, Duration timeLimit) {
        this.connection = connection;
        this.timeLimit = timeLimit;
    }

    /** Runs a query and reads its rows. {@code what} names the work in messages ("segment PowerUsers"). */
    public <T> T query(String sql, List<Object> parameters, String what, IProgressMonitor monitor, Reader<T> reader)
            throws EngineException {
        return run(sql, parameters, what, monitor, statement -> {
            try (ResultSet rows = statement.executeQuery()) {
                return reader.read(rows);
            }
        });
    }

    /** Runs a statement that returns no rows. */
    public void execute(String sql, List<Object> parameters, String what, IProgressMonitor monitor)
            throws EngineException {
        run(sql, parameters, what, monitor, statement -> {
            statement.execute();
            return null;
        });
    }

    /** Runs a statement with one parameter once for each value, in batches. */
    public void executeForEach(String sql, java.util.Collection<String> values, String what, IProgressMonitor monitor)
            throws EngineException {
        run(sql, List.of(), what, monitor, statement -> {
            int pending = 0;
            for (String value : values) {
                statement.setString(1, value);
                statement.addBatch();
                if (++pending == 10_000) {
                    statement.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                statement.executeBatch();
            }
            return null;
        });
    }

    /** Stops the running statement, if any, and every later one. */
    public void cancel() {
        cancelled = true;
    }

    private interface Work<T> {
        T run(PreparedStatement statement) throws SQLException;
    }

    private <T> T run(String sql, List<Object> parameters, String what, IProgressMonitor monitor, Work<T> work)
            throws EngineException {
        checkCancelled(what, monitor);
        Watched watched = null;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            long started = System.nanoTime();
            watched = new Watched(statement, monitor, started + timeLimit.toNanos());
            Watchdog.watch(watched);
            try {
                return work.run(statement);
            } finally {
                Watchdog.forget(watched);
                if (TRACE) {
                    System.err.printf(java.util.Locale.ROOT, "[sql] %8.3f s  %s%n%s%n%s%n", (System.nanoTime() - started) / 1e9,
                            what, sql, parameters.isEmpty() ? "" : "  parameters: " + parameters);
                }
            }
        } catch (SQLException | RuntimeException e) {
            // jOOQ wraps an error while rows are fetched (Trino reports a cancel there, as rows stream)
            if (e instanceof RuntimeException && !(e.getCause() instanceof SQLException)) {
                throw (RuntimeException) e;
            }
            Reason stopped = watched == null ? null : watched.reason;
            if (stopped == Reason.TIMED_OUT) {
                throw new QueryCancelledException("the query for " + what + " ran longer than the time limit of "
                        + describe(timeLimit) + " and was stopped; raise the limit or narrow the definition", true);
            }
            if (stopped == Reason.CANCELLED) {
                throw new QueryCancelledException("the query for " + what + " was cancelled", false);
            }
            throw new EngineException("the query for " + what + " failed: " + e.getMessage(), e);
        }
    }

    private void checkCancelled(String what, IProgressMonitor monitor) throws QueryCancelledException {
        if (cancelled || (monitor != null && monitor.isCanceled())) {
            throw new QueryCancelledException("the query for " + what + " was cancelled", false);
        }
    }

    private enum Reason {
        CANCELLED, TIMED_OUT
    }

    /** A running statement, and why it was stopped, if it was. */
    private final class Watched {
        final PreparedStatement statement;
        final IProgressMonitor monitor;
        final long deadline;
        volatile Reason reason;

        Watched(PreparedStatement statement, IProgressMonitor monitor, long deadline) {
            this.statement = statement;
            this.monitor = monitor;
            this.deadline = deadline;
        }

        /** Called by the watchdog: cancels the statement once, when the user cancelled or its time is up. */
        void check() {
            if (reason != null) {
                return;
            }
            if (cancelled || (monitor != null && monitor.isCanceled())) {
                reason = Reason.CANCELLED;
            } else if (System.nanoTime() - deadline > 0) {
                reason = Reason.TIMED_OUT;
            } else {
                return;
            }
            try {
                statement.cancel();
            } catch (SQLException e) {
                // the statement may have just finished; the result tells
            }
        }
    }

    /**
     * One thread for every run of the process looks at the running statements {@value #WATCH_MILLIS} ms apart
     * and sleeps while there are none. Watching a statement is adding it to a set: a question answered in a
     * millisecond (DuckDB, PostgreSQL) should not pay for scheduling and cancelling a timer task, which cost
     * about 0.35 ms a statement (a third of such a question) and woke the thread for every task cancelled.
     */
    private static final class Watchdog {
        private static final Set<Watched> RUNNING = ConcurrentHashMap.newKeySet();
        private static final Object WAKE = new Object();

        static {
            Thread thread = new Thread(Watchdog::watchForever, "Sextant engine watchdog");
            thread.setDaemon(true);
            thread.start();
        }

        static void watch(Watched statement) {
            RUNNING.add(statement);
            synchronized (WAKE) {
                WAKE.notifyAll();
            }
        }

        static void forget(Watched statement) {
            RUNNING.remove(statement);
        }

        private static void watchForever() {
            try {
                while (true) {
                    synchronized (WAKE) {
                        while (RUNNING.isEmpty()) {
                            WAKE.wait();
                        }
                    }
                    Thread.sleep(WATCH_MILLIS);
                    for (Watched statement : RUNNING) {
                        statement.check();
                    }
                }
            } catch (InterruptedException e) {
                // the process is ending
            }
        }
    }

    private static String describe(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds >= 60 && seconds % 60 == 0 ? seconds / 60 + " min" : duration.toMillis() / 1000.0 + " s";
    }
}
