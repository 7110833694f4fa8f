package io.sextant.data.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sextant.data.EventDataSource;
import io.sextant.data.imports.DataImporter;
import io.sextant.data.imports.ImportMapping;

/**
 * On H2: an import completes or leaves the source as it was: cancelled halfway, failing halfway, or with the
 * database going down halfway as in a power failure.
 */
class AllOrNothingTest {

    private static final int ROWS = 30_000;
    private static final ImportMapping MAPPING = ImportMapping.events("user", "event", "time").build();

    @TempDir
    Path project;

    private EventDataSource source;
    private Path big;

    @BeforeEach
    void sourceWithOneImport() throws Exception {
        source = EventDataSource.embeddedH2(project);
        Path small = Sources.write(project, "small.csv", "user,event,time,amount\nu1,a,2025-03-01T10:00:00Z,1\n"
                + "u2,b,2025-03-02T10:00:00Z,2\n");
        new DataImporter(source).importFile(small, MAPPING, new NullProgressMonitor());
        StringBuilder text = new StringBuilder("user,event,time,amount,page\n");
        for (int i = 0; i < ROWS; i++) {
            text.append("user").append(i % 500).append(",e").append(i % 7).append(",2025-04-01T00:00:")
                    .append(String.format("%02d", i % 60)).append('.').append(String.format("%03d", i / 60 % 1000))
                    .append("Z,").append(i).append(",p").append(i % 13).append('\n');
        }
        text.append("u9,broken,2025-04-01T00:00:00Z\n"); // a quarantined row, which must not stay either
        big = Sources.write(project, "big.csv", text.toString());
    }

    private List<String> snapshot() throws SQLException {
        List<String> state = new java.util.ArrayList<>(Sources.rows(source,
                "SELECT user_id, event_name, event_time, \"p_amount\" FROM events ORDER BY event_time"));
        state.add("imports " + Sources.count(source, "SELECT COUNT(*) FROM imports"));
        state.add("quarantine " + Sources.count(source, "SELECT COUNT(*) FROM quarantine"));
        state.add("catalog " + Sources.rows(source, "SELECT event_name, volume FROM catalog_events ORDER BY 1"));
        // a large import drops the query indexes and builds them again, also when it fails (the primary key's
        // index is never dropped; H2 renames it whenever a column is added, which a failed import may do)
        state.add("indexes " + Sources.rows(source, "SELECT index_name FROM information_schema.indexes"
                + " WHERE table_name = 'EVENTS' AND index_type_name <> 'PRIMARY KEY' ORDER BY index_name"));
        return state;
    }

    @Test
    void aCancelledImportLeavesTheSourceAsItWas() throws Exception {
        List<String> before = snapshot();
        CancelAfter monitor = new CancelAfter(5);
        assertThrows(OperationCanceledException.class,
                () -> new DataImporter(source).importFile(big, MAPPING, monitor));
        assertTrue(monitor.worked >= 5, "the import had written several batches before it was cancelled");
        assertEquals(before, snapshot());
        // and the same file then imports completely
        assertEquals(ROWS, new DataImporter(source).importFile(big, MAPPING, new NullProgressMonitor()).rowsImported());
        assertEquals(ROWS + 2, Sources.count(source, "SELECT COUNT(*) FROM events"));
    }

    @Test
    void anImportThatFailsHalfwayLeavesTheSourceAsItWas() throws Exception {
        List<String> before = snapshot();
        NullProgressMonitor failing = new NullProgressMonitor() {
            int calls;

            @Override
            public void worked(int work) {
                if (++calls == 5) {
                    throw new IllegalStateException("simulated failure in the middle of the import");
                }
            }
        };
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> new DataImporter(source).importFile(big, MAPPING, failing));
        assertEquals("simulated failure in the middle of the import", error.getMessage());
        assertEquals(before, snapshot());
    }

    @Test
    void aDatabaseThatGoesDownHalfwayComesBackAsItWas() throws Exception {
        List<String> before = snapshot();
        assertTrue(before.get(before.size() - 1).contains("EVENTS_BY_NAME_TIME, EVENTS_BY_USER_TIME"),
                before.get(before.size() - 1));
        NullProgressMonitor powerFailure = new NullProgressMonitor() {
            int calls;

            @Override
            public void worked(int work) {
                if (++calls == 5) {
                    // like pulling the plug: the database closes without writing anything uncommitted
                    try (Connection other = source.open(); Statement statement = other.createStatement()) {
                        statement.execute("SHUTDOWN IMMEDIATELY");
                    } catch (SQLException e) {
                        // the shutdown closes this connection too
                    }
                }
            }
        };
        assertThrows(SQLException.class, () -> new DataImporter(source).importFile(big, MAPPING, powerFailure));
        assertEquals(before, snapshot(), "reopened after the crash, the source holds what it held before");
    }

    /** Cancels once the import has reported progress {@code after} times. */
    private static final class CancelAfter extends NullProgressMonitor {
        private final int after;
        int worked;

        CancelAfter(int after) {
            this.after = after;
        }

        @Override
        public void worked(int work) {
            worked++;
        }

        @Override
        public boolean isCanceled() {
            return worked >= after;
        }
    }

}
