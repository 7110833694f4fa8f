package io.sextant.data.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sextant.data.EventDataSource;
import io.sextant.data.imports.DataImporter;
import io.sextant.data.imports.ImportMapping;
import io.sextant.data.imports.ImportSummary;
import io.sextant.data.imports.QuarantineReason;
import io.sextant.data.imports.QuarantinedRow;
import io.sextant.data.imports.TimestampFormat;
import io.sextant.data.imports.internal.ImportRun;
import io.sextant.dsl.context.ValueType;

/** CSV import: typed properties, every kind of bad row quarantined with its row and reason, duplicates. */
class CsvImportTest {

    @TempDir
    Path project;

    private static final ImportMapping MAPPING = ImportMapping.events("user", "event", "time").build();

    private ImportSummary importFile(EventDataSource source, Path file, ImportMapping mapping) throws Exception {
        return new DataImporter(source).importFile(file, mapping, new NullProgressMonitor());
    }

    @Test
    void goodRowsAreImportedWithTypedProperties() throws Exception {
        Path file = Sources.write(project, "events.csv", """
                user,event,time,amount,plan,flag
                u1,purchase,2025-03-01T10:00:00Z,12.50,pro,true
                u2,page_viewed,2025-03-01T10:05:00.250Z,,free,false
                u1,purchase,2025-03-02 11:00:00,3,"pro, yearly",true
                """);
        EventDataSource source = EventDataSource.embedded(project);
        ImportSummary summary = importFile(source, file, MAPPING);
        assertEquals(3, summary.rowsRead());
        assertEquals(3, summary.rowsImported());
        assertEquals(List.of("u1|purchase|2025-03-01 10:00:00|12.5|pro|TRUE",
                "u2|page_viewed|2025-03-01 10:05:00.25|null|free|FALSE",
                "u1|purchase|2025-03-02 11:00:00|3|pro, yearly|TRUE"),
                Sources.rows(source, "SELECT user_id, event_name, event_time, \"p_amount\", \"p_plan\", \"p_flag\""
                        + " FROM events ORDER BY event_time"));
        assertEquals(List.of("amount|NUMBER", "flag|BOOLEAN", "plan|TEXT"),
                Sources.rows(source, "SELECT property, value_type FROM property_columns ORDER BY property"));
    }

    @Test
    void everyKindOfBadRowIsQuarantinedWithItsRowAndReasonAndTheGoodRowsSurvive() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("""
                user,event,time,amount
                u1,a,2025-03-01T10:00:00Z,1
                u2,b,2025-03-01T10:00:00Z
                u3,c,yesterday,3
                ,d,2025-03-01T10:00:00Z,4
                u5,"e,2025-03-01T10:00:00Z,5
                u6,f,2025-03-01T10:00:00Z,6
                u7,"g"x,2025-03-01T10:00:00Z,7
                """.getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes("u8,h\u00e9,2025-03-01T10:00:00Z,8\n".getBytes(StandardCharsets.ISO_8859_1)); // not UTF-8
        bytes.writeBytes("""
                u9,i,2025-03-01T10:00:00Z,nine
                u10,"multi
                line",2025-03-01T10:00:00Z,10
                u11,k,2025-03-01T10:00:00Z,11,extra
                u12,l,2025-03-01T10:00:00Z,12
                """.getBytes(StandardCharsets.UTF_8));
        Path file = project.resolve("bad.csv");
        Files.write(file, bytes.toByteArray());
        EventDataSource source = EventDataSource.embedded(project);
        ImportSummary summary = importFile(source, file,
                MAPPING.toBuilder().type("amount", ValueType.NUMBER).build());

        Map<Long, QuarantineReason> expected = Map.of(3L, QuarantineReason.WRONG_COLUMN_COUNT, 4L,
                QuarantineReason.UNPARSABLE_TIMESTAMP, 5L, QuarantineReason.EMPTY_USER_ID, 6L,
                QuarantineReason.BROKEN_QUOTING, 8L, QuarantineReason.BROKEN_QUOTING, 9L,
                QuarantineReason.INVALID_UTF8, 10L, QuarantineReason.BAD_VALUE, 13L,
                QuarantineReason.WRONG_COLUMN_COUNT);
        assertEquals(expected.size(), summary.quarantined(), summary.describe());
        for (QuarantinedRow row : summary.firstQuarantined()) {
            assertEquals(expected.get(row.rowNumber()), row.reason(), row.message());
            assertEquals("bad.csv", row.file());
        }
        assertEquals(List.of("a", "f", "multi\nline", "l"),
                Sources.rows(source, "SELECT event_name FROM events ORDER BY \"p_amount\""));
        assertEquals(12, summary.rowsRead());
        assertEquals(4, summary.rowsImported());
        assertEquals(0, summary.duplicates());
        // the quarantine keeps the raw rows with file, row number and reason
        assertEquals(List.of("bad.csv|4|unparsable timestamp: 'yesterday' in field 'time' does not match the format iso",
                "bad.csv|9|invalid UTF-8: byte 5 of the row is not valid UTF-8"),
                Sources.rows(source, "SELECT file_name, row_number, reason FROM quarantine WHERE row_number IN (4, 9)"
                        + " ORDER BY row_number"));
        assertEquals("u5,\"e,2025-03-01T10:00:00Z,5",
                Sources.rows(source, "SELECT raw FROM quarantine WHERE row_number = 6").get(0));
        assertTrue(summary.describe().contains("broken quoting: 2"), summary.describe());
    }

    @Test
    void duplicatesInTheFileAndOnReimportAreDroppedAndCounted() throws Exception {
        Path file = Sources.write(project, "dups.csv", """
                user,event,time,amount
                u1,a,2025-03-01T10:00:00Z,1.0
                u1,a,2025-03-01T10:00:00Z,1.00
                u1,a,2025-03-01T10:00:00Z,2
                u1,a,2025-03-01T10:00:00.000Z,1
                u2,a,2025-03-01T10:00:00Z,1
                """);
        EventDataSource source = EventDataSource.embedded(project);
        ImportSummary first = importFile(source, file, MAPPING);
        assertEquals(5, first.rowsRead());
        assertEquals(3, first.rowsImported());
        assertEquals(2, first.duplicates(), "1.0, 1.00 and 1 at the same instant are one value");
        ImportSummary again = importFile(source, file, MAPPING);
        assertEquals(0, again.rowsImported());
        assertEquals(5, again.duplicates());
        assertEquals(3, Sources.count(source, "SELECT COUNT(*) FROM events"));
    }

    @Test
    void differentEventsThatShareAKeyAreBothKeptAndOnlyExactDuplicatesDropped() throws Exception {
        // two labels whose rows hash to the same 20 bits at the same instant: both events start at one key
        java.util.Map<Long, String> seen = new java.util.HashMap<>();
        String first = null;
        String second = null;
        for (int i = 0; first == null; i++) {
            String label = "v" + i;
            first = seen.putIfAbsent(ImportRun.hash("u1\u0001a\u0001label\u0002" + label) & 0xF_FFFFL, label);
            second = label;
        }
        Path file = Sources.write(project, "shared.csv", "user,event,time,label\n"
                + "u1,a,2025-03-01T10:00:00Z," + first + "\n"
                + "u1,a,2025-03-01T10:00:00Z," + second + "\n"
                + "u1,a,2025-03-01T10:00:00Z," + second + "\n"
                + "u1,a,2025-03-01T10:00:00Z," + first + "\n");
        // H2 keeps the key unique (the second event takes the next one); DuckDB compares values and lets them share it
        for (EventDataSource source : List.of(EventDataSource.embedded(project.resolve("duckdb")),
                EventDataSource.embeddedH2(project.resolve("h2")))) {
            ImportSummary summary = importFile(source, file, MAPPING);
            assertEquals(2, summary.rowsImported(), source.toString());
            assertEquals(2, summary.duplicates(), source.toString());
            String secondKey = source.dialect() == io.sextant.data.Dialects.H2 ? "1" : "0";
            assertEquals(new java.util.TreeSet<>(List.of(first + "|0", second + "|" + secondKey)),
                    new java.util.TreeSet<>(Sources.rows(source, "SELECT \"p_label\", dedup_key - MIN(dedup_key) OVER ()"
                            + " FROM events")), source.toString());
            ImportSummary again = importFile(source, file, MAPPING);
            assertEquals(0, again.rowsImported(), source.toString());
            assertEquals(4, again.duplicates(), source.toString());
        }
    }

    @Test
    void theSameEventIdIsADuplicateWhateverElseDiffers() throws Exception {
        Path file = Sources.write(project, "ids.csv", """
                id,user,event,time
                e1,u1,a,2025-03-01T10:00:00Z
                e1,u1,a,2025-03-01T11:00:00Z
                e2,u1,a,2025-03-01T10:00:00Z
                """);
        EventDataSource source = EventDataSource.embedded(project);
        ImportSummary summary = importFile(source, file, MAPPING.toBuilder().eventId("id").build());
        assertEquals(2, summary.rowsImported());
        assertEquals(1, summary.duplicates());
        assertEquals(List.of("e1|2025-03-01 10:00:00", "e2|2025-03-01 10:00:00"),
                Sources.rows(source, "SELECT event_id, event_time FROM events ORDER BY event_id"));
    }

    @Test
    void timestampFormatsAndRenamedPropertiesFollowTheMapping() throws Exception {
        Path file = Sources.write(project, "semi.csv", """
                who;what;when;Betrag;junk
                u1;a;01.03.2025 10:00:00;5;x
                u2;b;02.03.2025 23:59:59;6;y
                """);
        EventDataSource source = EventDataSource.embedded(project);
        ImportMapping mapping = ImportMapping.events("who", "what", "when").delimiter(';')
                .timeFormat(TimestampFormat.of("dd.MM.yyyy HH:mm:ss")).property("Betrag", "amount").ignore("junk")
                .build();
        ImportSummary summary = importFile(source, file, mapping);
        assertEquals(2, summary.rowsImported(), summary.describe());
        assertEquals(List.of("a|2025-03-01 10:00:00|5", "b|2025-03-02 23:59:59|6"),
                Sources.rows(source, "SELECT event_name, event_time, \"p_amount\" FROM events ORDER BY event_time"));
        assertEquals(List.of("amount"), Sources.rows(source, "SELECT property FROM property_columns"));

        Path epoch = Sources.write(project, "epoch.csv", "user,event,ms\nu1,c,1740823200000\n");
        importFile(source, epoch, ImportMapping.events("user", "event", "ms").timeFormat(TimestampFormat.EPOCH_MILLIS)
                .build());
        assertEquals(List.of("2025-03-01 10:00:00"),
                Sources.rows(source, "SELECT event_time FROM events WHERE event_name = 'c'"));
    }

    @Test
    void usersAreImportedWithAttributesAndDuplicateIdsDropped() throws Exception {
        Path file = Sources.write(project, "users.csv", """
                id,signup,country,seats
                u1,2025-01-01T00:00:00Z,DE,3
                u2,2025-01-02T00:00:00Z,US,
                u1,2025-01-05T00:00:00Z,FR,1
                ,2025-01-05T00:00:00Z,FR,1
                """);
        EventDataSource source = EventDataSource.embedded(project);
        ImportSummary summary = importFile(source, file, ImportMapping.users("id", "signup").build());
        assertEquals(2, summary.rowsImported());
        assertEquals(1, summary.duplicates());
        assertEquals(1, summary.quarantinedByReason().get(QuarantineReason.EMPTY_USER_ID));
        assertEquals(List.of("u1|2025-01-01 00:00:00|DE|3", "u2|2025-01-02 00:00:00|US|null"),
                Sources.rows(source, "SELECT user_id, signup_time, \"a_country\", \"a_seats\" FROM users ORDER BY user_id"));
    }
}
