package io.sextant.data.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sextant.data.Dialects;
import io.sextant.data.EventDataSource;
import io.sextant.data.imports.DataImporter;
import io.sextant.data.imports.ImportException;
import io.sextant.data.imports.ImportMapping;
import io.sextant.data.imports.ImportSummary;
import io.sextant.data.imports.QuarantineReason;
import io.sextant.dsl.context.ValueType;

/**
 * The import into the default store, DuckDB, through its bulk path: all or nothing (cancelled, failing, or the
 * process gone halfway), types inferred from every row, duplicates dropped within a file and across imports.
 */
class DuckDbImportTest {

    private static final int ROWS = 30_000;
    private static final ImportMapping MAPPING = ImportMapping.events("user", "event", "time").build();

    @TempDir
    Path project;

    private EventDataSource source;
    private Path big;

    @BeforeEach
    void sourceWithOneImport() throws Exception {
        source = EventDataSource.embedded(project);
        assertEquals(Dialects.DUCKDB, source.dialect(), "a new project's events are in DuckDB");
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

    private List<String> snapshot(EventDataSource of) throws SQLException {
        List<String> state = new ArrayList<>(Sources.rows(of,
                "SELECT user_id, event_name, event_time, \"p_amount\" FROM events ORDER BY event_time, user_id"));
        state.add("imports " + Sources.count(of, "SELECT COUNT(*) FROM imports"));
        state.add("quarantine " + Sources.count(of, "SELECT COUNT(*) FROM quarantine"));
        state.add("columns " + Sources.rows(of, "SELECT property FROM property_columns ORDER BY 1"));
        state.add("tables " + Sources.rows(of, "SELECT table_name FROM information_schema.tables ORDER BY 1"));
        return state;
    }

    @Test
    void aCancelledImportLeavesTheSourceAsItWasAndTheFileThenImportsWhole() throws Exception {
        List<String> before = snapshot(source);
        CancelAfter monitor = new CancelAfter(5);
        assertThrows(OperationCanceledException.class,
                () -> new DataImporter(source).importFile(big, MAPPING, monitor));
        assertEquals(before, snapshot(source));
        ImportSummary summary = new DataImporter(source).importFile(big, MAPPING, new NullProgressMonitor());
        assertEquals(ROWS, summary.rowsImported());
        assertEquals(1, summary.quarantined());
        assertEquals(ROWS + 2, Sources.count(source, "SELECT COUNT(*) FROM events"));
    }

    @Test
    void anImportThatFailsHalfwayLeavesTheSourceAsItWas() throws Exception {
        List<String> before = snapshot(source);
        NullProgressMonitor failing = new NullProgressMonitor() {
            int calls;

            @Override
            public void worked(int work) {
                if (++calls == 5) {
                    throw new IllegalStateException("simulated failure in the middle of the import");
                }
            }
        };
        assertThrows(IllegalStateException.class, () -> new DataImporter(source).importFile(big, MAPPING, failing));
        assertEquals(before, snapshot(source));
    }

    /**
     * The files as they are on disk halfway through an import (as after a killed process or a power failure)
     * open as the source was before it: DuckDB writes nothing of a transaction into its log before the commit.
     */
    @Test
    void theFilesCopiedHalfwayThroughAnImportOpenAsTheSourceWasBefore() throws Exception {
        List<String> before = snapshot(source);
        Path crashed = project.resolve("crashed");
        Path folder = project.resolve(EventDataSource.PROJECT_FOLDER);
        NullProgressMonitor copyHalfway = new NullProgressMonitor() {
            int calls;

            @Override
            public void worked(int work) {
                if (++calls == 5) {
                    try (var files = Files.list(folder)) {
                        Path target = crashed.resolve(EventDataSource.PROJECT_FOLDER);
                        Files.createDirectories(target);
                        for (Path file : files.toList()) {
                            if (Files.isRegularFile(file)) {
                                Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                            }
                        }
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        };
        new DataImporter(source).importFile(big, MAPPING, copyHalfway);
        assertTrue(Files.exists(crashed.resolve(EventDataSource.PROJECT_FOLDER).resolve(EventDataSource.DUCKDB_FILE)));
        assertEquals(before, snapshot(EventDataSource.embedded(crashed)));
        assertEquals(ROWS + 2, Sources.count(source, "SELECT COUNT(*) FROM events"), "the import itself completed");
    }

    @Test
    void aPropertyEmptyFor50000RowsThenNumericIsTypedNumber() throws Exception {
        StringBuilder text = new StringBuilder("user,event,time,amount\n");
        for (int i = 0; i < 50_000; i++) {
            text.append("u").append(i % 300).append(",view,2025-05-01T00:00:00Z,\n".replace("00:00:00",
                    String.format("%02d:%02d:%02d", i / 3600 % 24, i / 60 % 60, i % 60)));
        }
        text.append("u1,purchase,2025-05-02T10:00:00Z,12.50\nu2,purchase,2025-05-02T11:00:00Z,7\n");
        Path late = Sources.write(project, "late.csv", text.toString());
        EventDataSource fresh = EventDataSource.embedded(project.resolve("fresh"));
        ImportSummary summary = new DataImporter(fresh).importFile(late, MAPPING, new NullProgressMonitor());
        assertEquals(0, summary.quarantined());
        assertEquals(List.of("amount|NUMBER"), Sources.rows(fresh,
                "SELECT property, value_type FROM property_columns WHERE owner = 'event'"));
        assertEquals(List.of("19.5"), Sources.rows(fresh, "SELECT SUM(\"p_amount\") FROM events"));
        assertEquals(ValueType.NUMBER.name(), Sources.rows(fresh,
                "SELECT value_type FROM property_columns WHERE property = 'amount'").get(0));
    }

    @Test
    void aDeclaredTypeWinsAndAValueThatContradictsItIsQuarantinedWithItsRow() throws Exception {
        Path file = Sources.write(project, "declared.csv", "user,event,time,amount\n"
                + "u1,buy,2025-05-01T10:00:00Z,5\nu2,buy,2025-05-01T11:00:00Z,five\n");
        EventDataSource fresh = EventDataSource.embedded(project.resolve("declared"));
        ImportMapping declared = ImportMapping.events("user", "event", "time").type("amount", ValueType.NUMBER).build();
        ImportSummary summary = new DataImporter(fresh).importFile(file, declared, new NullProgressMonitor());
        assertEquals(1, summary.rowsImported());
        assertEquals(1, summary.quarantined());
        assertEquals(1L, summary.quarantinedByReason().get(QuarantineReason.BAD_VALUE));
        assertEquals(3L, summary.firstQuarantined().get(0).rowNumber(), "the row number counts the header");
        assertTrue(summary.firstQuarantined().get(0).raw().contains("five"), summary.firstQuarantined().get(0).raw());
        assertEquals(List.of("u2|declared.csv|3"), Sources.rows(fresh,
                "SELECT substr(raw, 1, 2), file_name, row_number FROM quarantine"));
    }

    @Test
    void aNumberTooLargeForTheStoreIsQuarantinedNotAFailedImport() throws Exception {
        Path file = Sources.write(project, "huge.csv", "user,event,time,amount\n"
                + "u1,buy,2025-05-01T10:00:00Z,5\nu2,buy,2025-05-01T11:00:00Z,1" + "0".repeat(40) + "\n");
        EventDataSource fresh = EventDataSource.embedded(project.resolve("huge"));
        ImportSummary summary = new DataImporter(fresh).importFile(file, MAPPING, new NullProgressMonitor());
        assertEquals(1, summary.rowsImported());
        assertEquals(1, summary.quarantined());
        assertTrue(summary.firstQuarantined().get(0).detail().contains("too large"),
                summary.firstQuarantined().get(0).detail());
    }

    @Test
    void aMappingThatNamesNoFieldChangesNothing() throws Exception {
        List<String> before = snapshot(source);
        ImportMapping wrong = ImportMapping.events("uid", "event", "time").build();
        ImportException error = assertThrows(ImportException.class,
                () -> new DataImporter(source).importFile(big, wrong, new NullProgressMonitor()));
        assertTrue(error.getMessage().startsWith("big.csv: "), error.getMessage());
        assertEquals(before, snapshot(source));
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
