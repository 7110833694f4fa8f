package io.sextant.data.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sextant.data.Dialects;
import io.sextant.data.EventDataSource;
import io.sextant.data.catalog.CatalogService;
import io.sextant.data.imports.DataImporter;
import io.sextant.data.imports.ImportMapping;
import io.sextant.data.sources.StoreConversion;

/** A project whose events are in H2 keeps opening, and converts to DuckDB verified, or not at all. */
class StoreConversionTest {

    @TempDir
    Path project;

    private static final List<String> QUERIES = List.of(
            "SELECT user_id, event_name, event_time, \"p_amount\", \"p_plan\", \"p_ok\" FROM events ORDER BY dedup_key",
            "SELECT user_id, signup_time, \"a_country\" FROM users ORDER BY user_id",
            "SELECT owner, property, column_name, value_type FROM property_columns ORDER BY 1, 2",
            "SELECT file_name, row_number, reason FROM quarantine ORDER BY 1, 2",
            "SELECT import_id, kind, file_name, rows_read, rows_imported FROM imports ORDER BY 1",
            "SELECT event_name, volume, users FROM catalog_events ORDER BY 1",
            "SELECT owner, event_name, property, pii FROM pii_marks ORDER BY 1, 2, 3");

    @BeforeEach
    void anH2Project() throws Exception {
        EventDataSource h2 = EventDataSource.embeddedH2(project);
        StringBuilder events = new StringBuilder("user,event,time,amount,plan,ok\n");
        for (int i = 0; i < 25_000; i++) {
            events.append("u").append(i % 400).append(i % 3 == 0 ? ",purchase," : ",view,").append("2025-03-")
                    .append(String.format("%02d", 1 + i % 28)).append("T10:").append(String.format("%02d", i % 60))
                    .append(":00.").append(String.format("%03d", i % 1000)).append("Z,")
                    .append(i % 3 == 0 ? (i % 997) + ".25" : "").append(",").append(i % 2 == 0 ? "pro" : "free")
                    .append(",").append(i % 5 == 0).append('\n');
        }
        events.append("u1,broken,not a time,1,pro,true\n");
        new DataImporter(h2).importFile(Sources.write(project, "events.csv", events.toString()),
                ImportMapping.events("user", "event", "time").build(), new NullProgressMonitor());
        new DataImporter(h2).importFile(Sources.write(project, "users.csv", "user,signup,country\nu1,2025-02-01T00:00:00Z,DE\n"
                + "u2,2025-02-02T00:00:00Z,\n"), ImportMapping.users("user", "signup").build(), new NullProgressMonitor());
        CatalogService catalog = new CatalogService(h2);
        catalog.derive(new NullProgressMonitor());
        catalog.markPii("event", CatalogService.ANY_EVENT, "plan", true);
    }

    @Test
    void anUnconvertedProjectOpensOnItsH2FileAndConvertsWithEveryRowEqual() throws Exception {
        assertEquals(Dialects.H2, EventDataSource.embedded(project).dialect());
        assertTrue(StoreConversion.needed(project));
        List<List<String>> before = read(EventDataSource.embedded(project));

        StoreConversion.Result result = new StoreConversion(project).convert(new NullProgressMonitor());

        assertEquals(25_000L, result.rows().get("events"));
        EventDataSource after = EventDataSource.embedded(project);
        assertEquals(Dialects.DUCKDB, after.dialect());
        assertEquals(before, read(after));
        Path backup = project.resolve(EventDataSource.PROJECT_FOLDER).resolve(StoreConversion.BACKUP_FOLDER);
        assertTrue(Files.exists(backup.resolve(EventDataSource.H2_FILE)), "the H2 file is kept");
        assertFalse(StoreConversion.needed(project));
        StoreConversion.ConversionException again = assertThrows(StoreConversion.ConversionException.class,
                () -> new StoreConversion(project).convert(new NullProgressMonitor()));
        assertTrue(again.getMessage().contains("already in DuckDB"), again.getMessage());
        // and the converted store takes imports as a new one does
        new DataImporter(after).importFile(Sources.write(project, "more.csv", "user,event,time,amount\n"
                + "u1,view,2025-04-01T10:00:00Z,\n"), ImportMapping.events("user", "event", "time").build(),
                new NullProgressMonitor());
        assertEquals(25_001L, Sources.count(after, "SELECT COUNT(*) FROM events"));
    }

    @Test
    void aCancelledConversionLeavesTheH2StoreAsItWasAndNoDuckDbFile() throws Exception {
        List<List<String>> before = read(EventDataSource.embedded(project));
        NullProgressMonitor cancelHalfway = new NullProgressMonitor() {
            int worked;

            @Override
            public void worked(int work) {
                worked++;
            }

            @Override
            public boolean isCanceled() {
                return worked >= 1;
            }
        };
        assertThrows(OperationCanceledException.class, () -> new StoreConversion(project).convert(cancelHalfway));
        Path folder = project.resolve(EventDataSource.PROJECT_FOLDER);
        assertFalse(Files.exists(folder.resolve(EventDataSource.DUCKDB_FILE)));
        assertFalse(Files.exists(folder.resolve("converting")), "the partial copy is removed");
        assertEquals(Dialects.H2, EventDataSource.embedded(project).dialect());
        assertEquals(before, read(EventDataSource.embedded(project)));
        assertTrue(StoreConversion.needed(project));
    }

    @Test
    void aProjectWithoutAnH2StoreIsToldSoAndNothingIsCreated() throws Exception {
        Path empty = project.resolve("empty");
        Files.createDirectories(empty);
        StoreConversion.ConversionException error = assertThrows(StoreConversion.ConversionException.class,
                () -> new StoreConversion(empty).convert(new NullProgressMonitor()));
        assertTrue(error.getMessage().contains("no H2 event store"), error.getMessage());
        assertFalse(Files.exists(empty.resolve(EventDataSource.PROJECT_FOLDER)));
    }

    private static List<List<String>> read(EventDataSource source) throws Exception {
        List<List<String>> tables = new java.util.ArrayList<>();
        for (String query : QUERIES) {
            tables.add(Sources.rows(source, query));
        }
        return tables;
    }
}
