package io.sextant.data.imports.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;

import org.duckdb.DuckDBPreparedStatement;
import org.duckdb.QueryProgress;

/**
 * Runs a long DuckDB statement with progress and cancel: while the statement runs on the calling thread, a
 * watcher reports DuckDB's own estimate of its progress (for read_csv, the share of the file's bytes read) and
 * cancels it when the monitor is cancelled. The monitor is touched by the watcher only while the calling thread
 * waits in the statement.
 */
public final class DuckDbProgress {

    private static final long POLL_MILLIS = 200;

    private DuckDbProgress() {
    }

    /** Executes {@code statement}; {@code progress}'s remaining work follows DuckDB's percentage. */
    public static void execute(PreparedStatement statement, SubMonitor progress) throws SQLException {
        Watcher watcher = new Watcher(statement, progress);
        try {
            statement.execute();
        } finally {
            watcher.close();
            checkCanceled(progress);
        }
    }

    /** Executes the query; its result is read after the watcher has stopped. */
    public static ResultSet query(PreparedStatement statement, SubMonitor progress) throws SQLException {
        Watcher watcher = new Watcher(statement, progress);
        try {
            return statement.executeQuery();
        } finally {
            watcher.close();
            checkCanceled(progress);
        }
    }

    private static void checkCanceled(SubMonitor progress) {
        if (progress.isCanceled()) {
            throw new OperationCanceledException();
        }
    }

    private static final class Watcher {
        private final Thread thread;
        private volatile boolean running = true;

        Watcher(PreparedStatement statement, SubMonitor progress) {
            progress.setWorkRemaining(100);
            DuckDBPreparedStatement duckDb;
            try {
                duckDb = statement.unwrap(DuckDBPreparedStatement.class);
            } catch (SQLException e) {
                duckDb = null;
            }
            DuckDBPreparedStatement watched = duckDb;
            thread = new Thread(() -> {
                int reported = 0;
                while (running) {
                    try {
                        Thread.sleep(POLL_MILLIS);
                        if (!running) {
                            return;
                        }
                        if (progress.isCanceled()) {
                            statement.cancel();
                            return;
                        }
                        if (watched != null) {
                            QueryProgress now = watched.getQueryProgress();
                            int done = (int) Math.min(100, Math.max(0, now.getPercentage()));
                            if (done > reported) {
                                progress.worked(done - reported);
                                reported = done;
                            }
                        }
                    } catch (InterruptedException e) {
                        return;
                    } catch (SQLException | RuntimeException e) {
                        // no progress to show; the statement itself reports its failure
                    }
                }
            }, "Sextant DuckDB progress");
            thread.setDaemon(true);
            thread.start();
        }

        void close() {
            running = false;
            thread.interrupt();
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
}
