package io.sextant.data.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sextant.data.EventDataSource;
import io.sextant.data.imports.DataImporter;
import io.sextant.data.imports.ImportMapping;
import io.sextant.data.imports.ImportSummary;

class CsvImportTest {

    @TempDir
    Path project;

    @Test
    void goodRowsAreImportedWithTypedProperties() throws Exception {
        Path file = Sources.write(project, "events.csv", """
                user,event,time,amount,plan,flag
                u1,purchase,2025-03-01T10:00:00Z,12.50,pro,true
                u2,page_viewed,2025-03-01T10:05:00.250Z,,free,false
                u1,purchase,2025-03-02 11:00:00,3,"pro, yearly",true
                """);
        EventDataSource source = EventDataSource.embedded(project);
        ImportSummary summary = new DataImporter(source).importFile(file,
                ImportMapping.events("user", "event", "time").build(), new NullProgressMonitor());
        assertEquals(3, summary.rowsRead());
        assertEquals(3, summary.rowsImported());
        assertEquals(List.of("u1|purchase|2025-03-01 10:00:00|12.5|pro|TRUE",
                "u2|page_viewed|2025-03-01 10:05:00.25|null|free|FALSE",
                "u1|purchase|2025-03-02 11:00:00|3|pro, yearly|TRUE"),
                Sources.rows(source, "SELECT user_id, event_name, event_time, \"p_amount\", \"p_plan\", \"p_flag\""
                        + " FROM events ORDER BY event_time"));
    }
}
