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
        EventDataSource source = EventDataSource.embedded(project);
        StringBuilder text = new StringBuilder("user,event,time\n");
        for (int i = 0; i < 12_000; i++) {
            text.append("user").append(i % 50).append(",e").append(i % 3).append(",2025-04-01T00:")
                    .append(String.format("%02d:%02d", i / 60 % 60, i % 60)).append('.')
                    .append(String.format("%03d", i / 3600)).append("Z\n");
        }
        Path first = Sources.write(project, "first.csv", text.toString());
        Path second = Sources.write(project, "second.csv", "user,event,time\nu1,a,2025-03-01T10:00:00Z\n");
        // another source object for the same project is the same source
        EventDataSource sameSource = EventDataSource.embedded(project);

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
}
