package io.sextant.data.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sextant.data.EventDataSource;
import io.sextant.data.imports.DataImporter;
import io.sextant.data.imports.ImportException;
import io.sextant.data.imports.ImportMapping;

/**
 * One import at a time into a data source: a second one started while the first runs (here from the first
 * one's progress callback, so the overlap is certain) is refused with a message naming both files and changes
 * nothing; the first completes; afterwards, and after a failed import, the source takes imports again.
 */
class ConcurrentImportTest {

    private static final ImportMapping MAPPING = ImportMapping.events("user", "event", "time").build();

    @TempDir
    Path project;

    @Test
    void aSecondImportIntoTheSameSourceIsRefusedWhileTheFirstRuns() throws Exception {
        EventDataSource source = EventDataSource.embeddedH2(project);
        StringBuilder text = new StringBuilder("user,event,time\n");
        for (int i = 0; i < 12_000; i++) {
            text.append("user").append(i % 50).append(",e").append(i % 3).append(",2025-04-01T00:")
                    .append(String.format("%02d:%02d", i / 60 % 60, i % 60)).append('.')
                    .append(String.format("%03d", i / 3600)).append("Z\n");
        }
        Path first = Sources.write(project, "first.csv", text.toString());
        Path second = Sources.write(project, "second.csv", "user,event,time\nu1,a,2025-03-01T10:00:00Z\n");
        // another source object for the same project is the same source
        EventDataSource sameSource = EventDataSource.embeddedH2(project);

        ImportException[] refused = new ImportException[1];
        long imported = new DataImporter(source).deriveCatalog(false).importFile(first, MAPPING,
                new NullProgressMonitor() {
                    @Override
                    public void subTask(String name) {
                        if (refused[0] == null && name.startsWith("Importing first.csv:")) {
                            refused[0] = assertThrows(ImportException.class, () -> new DataImporter(sameSource)
                                    .importFile(second, MAPPING, new NullProgressMonitor()));
                        }
                    }
                }).rowsImported();

        assertNotNull(refused[0], "the second import was tried while the first ran");
        String message = refused[0].getMessage();
        assertTrue(message.startsWith("second.csv: another import into this data source is running (of first.csv)"),
                message);
        assertEquals(12_000, imported);
        assertEquals(12_000, Sources.count(source, "SELECT COUNT(*) FROM events"));
        assertEquals(1, Sources.count(source, "SELECT COUNT(*) FROM imports"));

        // a failed import (a mapping naming a field the file lacks) releases the source too
        assertThrows(ImportException.class, () -> new DataImporter(source).importFile(second,
                ImportMapping.events("uid", "event", "time").build(), new NullProgressMonitor()));
        assertEquals(1, new DataImporter(sameSource).importFile(second, MAPPING, new NullProgressMonitor())
                .rowsImported());
        assertEquals(12_001, Sources.count(source, "SELECT COUNT(*) FROM events"));
    }

    /**
     * A bulk import drops the query indexes until its commit; a source object opened meanwhile (another view of
     * the IDE) must not try to build them, which would wait for the import's lock and fail. It reads the data as
     * it was, and the indexes are there after the import.
     */
    @Test
    void aSourceOpenedDuringABulkImportReadsWithoutWaitingForIt() throws Exception {
        EventDataSource source = EventDataSource.embeddedH2(project);
        StringBuilder text = new StringBuilder("user,event,time\n");
        for (int i = 0; i < 12_000; i++) {
            text.append("user").append(i % 50).append(",e").append(i % 3).append(",2025-04-01T")
                    .append(String.format("%02d:%02d:%02d", i / 3600 % 24, i / 60 % 60, i % 60)).append("Z\n");
        }
        Path file = Sources.write(project, "bulk.csv", text.toString());
        long[] seen = { -1 };
        new DataImporter(source).deriveCatalog(false).importFile(file, MAPPING, new NullProgressMonitor() {
            @Override
            public void subTask(String name) {
                if (seen[0] < 0 && name.startsWith("Importing bulk.csv:")) {
                    try {
                        seen[0] = Sources.count(EventDataSource.embeddedH2(project), "SELECT COUNT(*) FROM events");
                    } catch (java.sql.SQLException e) {
                        throw new AssertionError("a source opened during the import failed: " + e.getMessage(), e);
                    }
                }
            }
        });

        assertEquals(0, seen[0], "the import's rows are not committed yet");
        assertEquals(2, Sources.count(source, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.INDEXES"
                + " WHERE TABLE_NAME = 'EVENTS' AND INDEX_NAME IN ('EVENTS_BY_NAME_TIME', 'EVENTS_BY_USER_TIME')"));
    }
}
