package io.sextant.data.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sextant.data.EventDataSource;
import io.sextant.data.imports.DataImporter;
import io.sextant.data.imports.ImportMapping;
import io.sextant.data.imports.ImportSummary;
import io.sextant.dsl.context.ValueType;

/**
 * CSV into DuckDB read by DuckDB's CSV reader and checked in SQL: the same rows imported, quarantined (row number,
 * reason, message, raw text) and dropped as duplicates as the Java reader gives into H2; files DuckDB cannot read
 * as the Java reader would go to the Java reader; a cancel at any point, or the process gone, leaves nothing.
 */
class DuckDbCsvReaderTest {

    private static final ImportMapping MAPPING = ImportMapping.events("user", "event", "time")
            .type("amount", ValueType.NUMBER).build();

    @TempDir
    Path project;

    /** A well-formed file with every kind of bad value, records over several lines, blank lines, duplicates. */
    private static String wellFormed(String lineEnd) {
        return String.join(lineEnd, "user,event,time,amount,note,ok",
                "u1,a,2025-03-01T10:00:00Z,1,\"x\",true",
                "",
                "u2,b,yesterday,2,y,false",
                "u3,c,2025-03-01T10:00:00Z,nine,\"multi" + lineEnd + "line \"\"quoted\"\"\",true",
                " ,d,2025-03-01T10:00:00Z,4,z,true",
                "u5,,2025-03-01T10:00:00Z,5,w,false",
                "u6,\"two" + lineEnd + "lines\",2025-02-30T10:00:00Z,6,v,true",
                "u7,g,2025-03-01T12:00:00+02:00,7,t,false",
                "u8,h,2025-03-01T10:00:00.123456Z,  8 ,s,TRUE",
                "u9,i,,9,r,false",
                "",
                "u10,j,2025-03-01,1e3,q,false",
                "u1,a,2025-03-01T10:00:00.000Z,1.0,\"x\",true",
                "u11,k, 2025-03-01 11:00:00 ,-.5,,",
                "u12,l,2025-03-01T10:00:00Z,12,\"x,y\",maybe",
                "u13,m,2025-03-01T12:00:00+02:00,13,\"over" + lineEnd + "two lines\",true") + lineEnd;
    }

    @Test
    void duckDbQuarantinesAndImportsWhatTheJavaReaderDoes() throws Exception {
        for (String lineEnd : List.of("\n", "\r\n")) {
            Path file = Sources.write(project, "values.csv", wellFormed(lineEnd));
            Recorder duckDbTasks = new Recorder();
            ImportSummary duckDb = importInto(EventDataSource.embedded(project.resolve("duck" + lineEnd.length())), file,
                    duckDbTasks);
            assertTrue(duckDbTasks.readByDuckDb(), duckDbTasks.tasks.toString());
            ImportSummary java = importInto(EventDataSource.embeddedH2(project.resolve("h2" + lineEnd.length())), file,
                    new Recorder());
            assertEquals(java.describe(), duckDb.describe());
            assertEquals(java.firstQuarantined(), duckDb.firstQuarantined());
            assertEquals(6, duckDb.quarantined(), duckDb.describe());
            assertEquals(1, duckDb.duplicates(), duckDb.describe());
            assertEquals(7, duckDb.rowsImported(), duckDb.describe());
            assertEquals(state(EventDataSource.embeddedH2(project.resolve("h2" + lineEnd.length()))),
                    state(EventDataSource.embedded(project.resolve("duck" + lineEnd.length()))));
        }
    }

    @Test
    void aLaterImportDropsTheEventsAnEarlierOneWroteAsTheJavaReaderDoes() throws Exception {
        // the file read once writes every row, then deletes those an earlier import wrote: the counts and what the
        // source holds are the Java reader's, for a file imported again and for one that overlaps in part
        Path first = Sources.write(project, "values.csv", wellFormed("\n"));
        Path overlapping = Sources.write(project, "overlap.csv", String.join("\n", "user,event,time,amount,note,ok",
                "u1,a,2025-03-01T10:00:00Z,1,x,true", // the same as a row of values.csv
                "u1,a,2025-03-01T10:00:00Z,1,x,false", // one value differs: another event
                "u20,n,2025-03-02T10:00:00Z,20,new,true",
                "u20,n,2025-03-02T10:00:00Z,20,new,true", // a copy within this file
                "u21,o,not a time,21,bad,true") + "\n");
        EventDataSource duckDb = EventDataSource.embedded(project.resolve("duck"));
        EventDataSource h2 = EventDataSource.embeddedH2(project.resolve("h2"));
        for (Path file : List.of(first, first, overlapping)) {
            Recorder tasks = new Recorder();
            ImportSummary read = importInto(duckDb, file, tasks);
            assertTrue(tasks.readByDuckDb(), tasks.tasks.toString());
            assertFalse(tasks.readEveryRowFirst(), tasks.tasks.toString());
            assertEquals(importInto(h2, file, new Recorder()).describe(), read.describe());
        }
        assertEquals(state(h2), state(duckDb));
        assertEquals(List.of("0"), Sources.rows(duckDb, "SELECT COUNT(*) FROM events WHERE import_id < 0"));
    }

    @Test
    void ofEventsWithTheSameIdTheFirstInTheFileWinsInALargeFile() throws Exception {
        // large enough that DuckDB reads and writes it on every thread: the copies are told apart by the order in
        // which the rows were written, which must be the file's
        StringBuilder text = new StringBuilder("user,event,time,id,amount\n");
        int rows = 300_000;
        for (int i = 0; i < rows; i++) {
            text.append("u").append(i % 5_000).append(",view,2025-05-01T00:00:00Z,id").append(i).append(",1\n");
        }
        for (int i = 0; i < rows; i += 1_000) { // the same ids again, later in the file, with other values
            text.append("u").append(i % 5_000).append(",view,2025-05-02T00:00:00Z,id").append(i).append(",100\n");
        }
        Path file = Sources.write(project, "ids.csv", text.toString());
        EventDataSource source = EventDataSource.embedded(project);
        Recorder tasks = new Recorder();
        ImportSummary summary = new DataImporter(source).importFile(file, ImportMapping.events("user", "event", "time")
                .eventId("id").type("amount", ValueType.NUMBER).build(), tasks);
        assertTrue(tasks.readByDuckDb(), tasks.tasks.toString());
        assertFalse(tasks.readEveryRowFirst(), "every type is known: the file is read once; " + tasks.tasks);
        assertEquals(rows, summary.rowsImported(), summary.describe());
        assertEquals(rows / 1_000, summary.duplicates(), summary.describe());
        assertEquals(List.of(String.valueOf(rows)), Sources.rows(source, "SELECT CAST(SUM(\"p_amount\") AS BIGINT)"
                + " FROM events"));
        assertEquals(List.of("0"), Sources.rows(source, "SELECT COUNT(*) FROM events WHERE event_time > '2025-05-01'"));
    }

    @Test
    void aFileDuckDbCannotReadAsTheJavaReaderWouldGoesToTheJavaReader() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(wellFormed("\n").getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes("u20,\"broken,2025-03-01T10:00:00Z,1,a,true\nu21,m,2025-03-01T10:00:00Z,2,b,true\n"
                .getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes("u22,n\u00e9,2025-03-01T10:00:00Z,3,c,true\n".getBytes(StandardCharsets.ISO_8859_1));
        bytes.writeBytes("u23,o,2025-03-01T10:00:00Z,4,d\n".getBytes(StandardCharsets.UTF_8));
        Path file = project.resolve("broken.csv");
        Files.write(file, bytes.toByteArray());
        Recorder tasks = new Recorder();
        ImportSummary duckDb = importInto(EventDataSource.embedded(project.resolve("duck")), file, tasks);
        assertFalse(tasks.readByDuckDb(), tasks.tasks.toString());
        ImportSummary java = importInto(EventDataSource.embeddedH2(project.resolve("h2")), file, new Recorder());
        assertEquals(java.describe(), duckDb.describe());
        assertEquals(java.firstQuarantined(), duckDb.firstQuarantined());
        assertTrue(duckDb.describe().contains("invalid UTF-8: 1"), duckDb.describe());
        assertEquals(8, duckDb.rowsImported(), "u21 after the broken quote is read");
    }

    @Test
    void aCancelAtAnyPointLeavesTheSourceAsItWas() throws Exception {
        EventDataSource source = EventDataSource.embedded(project);
        new DataImporter(source).importFile(Sources.write(project, "first.csv", wellFormed("\n")), MAPPING,
                new NullProgressMonitor());
        Path file = Sources.write(project, "more.csv", many(20_000, true));
        List<String> before = state(source);
        for (int at = 1;; at++) {
            Recorder cancelling = new Recorder();
            cancelling.cancelAt = at;
            try {
                ImportSummary summary = new DataImporter(source).importFile(file, MAPPING, cancelling);
                assertTrue(cancelling.readByDuckDb(), cancelling.tasks.toString());
                assertTrue(at > 3, "cancelled at " + at + " of " + cancelling.tasks);
                assertEquals(20_000, summary.rowsRead());
                assertEquals(1, summary.quarantined());
                assertEquals(1_000, summary.duplicates());
                return;
            } catch (OperationCanceledException e) {
                assertEquals(before, state(source), "cancelled at " + at + " of " + cancelling.tasks);
            }
        }
    }

    @Test
    void theFilesCopiedWhileDuckDbWritesOpenAsTheSourceWasBefore() throws Exception {
        EventDataSource source = EventDataSource.embedded(project);
        new DataImporter(source).importFile(Sources.write(project, "first.csv", wellFormed("\n")), MAPPING,
                new NullProgressMonitor());
        List<String> before = state(source);
        Path crashed = project.resolve("crashed");
        Path folder = project.resolve(EventDataSource.PROJECT_FOLDER);
        Recorder copying = new Recorder() {
            @Override
            public void subTask(String name) {
                super.subTask(name);
                if (name.contains("quarantining")) { // the rows are written, not committed
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
        // (a new property's column would stay, empty, as after a failed import into H2: see removeUnfinishedImports)
        new DataImporter(source).importFile(Sources.write(project, "more.csv", many(20_000, false)), MAPPING, copying);
        assertTrue(copying.readByDuckDb(), copying.tasks.toString());
        assertEquals(before, state(EventDataSource.embedded(crashed)));
        assertTrue(Sources.count(source, "SELECT COUNT(*) FROM events") > 19_000, "the import itself completed");
    }

    @Test
    void aPropertyEmptyBeyondTheFirstRowsLookedAtIsTypedByItsLaterValues() throws Exception {
        // the first 100,000 rows settle most types in DuckDB; a property without a value among them is typed by
        // all of them, and one whose value there is numeric stays open to a later value that is not
        StringBuilder text = new StringBuilder("user,event,time,late,mixed\n");
        for (int i = 0; i < 120_000; i++) {
            text.append("u").append(i % 300).append(",view,2025-05-01T00:00:00Z,,").append(i % 5).append('\n');
        }
        text.append("u1,buy,2025-05-02T10:00:00Z,12.50,x\nu2,buy,2025-05-02T11:00:00Z,7,1\n");
        Path file = Sources.write(project, "late.csv", text.toString());
        EventDataSource source = EventDataSource.embedded(project);
        Recorder tasks = new Recorder();
        ImportSummary summary = new DataImporter(source).importFile(file, ImportMapping.events("user", "event", "time")
                .build(), tasks);
        assertTrue(tasks.readByDuckDb(), tasks.tasks.toString());
        // 'late' has no value in the first rows, and 'x' widens 'mixed': every row decides, so the file is read
        // through before it is written
        assertTrue(tasks.readEveryRowFirst(), tasks.tasks.toString());
        assertEquals(0, summary.quarantined(), summary.describe());
        assertEquals(List.of("late|NUMBER", "mixed|TEXT"),
                Sources.rows(source, "SELECT property, value_type FROM property_columns ORDER BY property"));
        assertEquals(List.of("19.5"), Sources.rows(source, "SELECT SUM(\"p_late\") FROM events"));
    }

    @Test
    void propertiesFirstSeenAfterTheFirstRowsAreTypedFromEveryValueInOnePass() throws Exception {
        // no value among the first 100,000 rows: written as text, then typed from every value written, as the Java
        // reader types them from every row; the file is read once
        StringBuilder text = new StringBuilder("user,event,time,late,flag,word,when\n");
        for (int i = 0; i < 120_000; i++) {
            text.append("u").append(i % 300).append(",view,2025-05-01T00:00:00Z,,,,\n");
        }
        text.append("u1,buy,2025-05-02T10:00:00Z,12.50,true,abc,2025-05-02T10:00:00+02:00\n");
        text.append("u2,buy,2025-05-02T11:00:00Z,7,FALSE,12,2025-05-03T00:00:00Z\n");
        text.append(",buy,2025-05-02T11:00:00Z,8,true,x,2025-05-03T00:00:00Z\n"); // no user: quarantined
        Path file = Sources.write(project, "late.csv", text.toString());
        EventDataSource duckDb = EventDataSource.embedded(project.resolve("duck"));
        Recorder tasks = new Recorder();
        ImportSummary read = new DataImporter(duckDb).importFile(file, ImportMapping.events("user", "event", "time")
                .build(), tasks);
        assertTrue(tasks.readByDuckDb(), tasks.tasks.toString());
        assertFalse(tasks.readEveryRowFirst(), tasks.tasks.toString());
        EventDataSource h2 = EventDataSource.embeddedH2(project.resolve("h2"));
        ImportSummary java = new DataImporter(h2).importFile(file, ImportMapping.events("user", "event", "time").build(),
                new Recorder());
        assertEquals(java.describe(), read.describe());
        assertEquals(java.firstQuarantined(), read.firstQuarantined());
        String types = "SELECT property, value_type FROM property_columns ORDER BY property";
        assertEquals(List.of("flag|BOOLEAN", "late|NUMBER", "when|TIMESTAMP", "word|TEXT"), Sources.rows(duckDb, types));
        assertEquals(Sources.rows(h2, types), Sources.rows(duckDb, types));
        assertEquals(List.of("19.5|1|2025-05-02 08:00:00"), Sources.rows(duckDb, "SELECT SUM(\"p_late\"),"
                + " COUNT(*) FILTER (WHERE \"p_flag\"), MIN(\"p_when\") FROM events"));
    }

    @Test
    void aLateValueThatFitsItsTypeButNotTheColumnIsQuarantinedAsTheJavaReaderDoes() throws Exception {
        // numeric by the inference's rule, too large for DuckDB's column (H2's holds it): the row is quarantined
        // when the file is read through first, so the one pass is rolled back and the import goes that way
        StringBuilder text = new StringBuilder("user,event,time,late\n");
        for (int i = 0; i < 110_000; i++) {
            text.append("u").append(i % 300).append(",view,2025-05-01T00:00:00Z,\n");
        }
        text.append("u1,buy,2025-05-02T10:00:00Z,1234567890123456789012345678901\nu2,buy,2025-05-02T10:00:00Z,3\n");
        Path file = Sources.write(project, "huge.csv", text.toString());
        EventDataSource duckDb = EventDataSource.embedded(project.resolve("duck"));
        Recorder tasks = new Recorder();
        ImportSummary read = new DataImporter(duckDb).importFile(file, ImportMapping.events("user", "event", "time")
                .build(), tasks);
        assertTrue(tasks.readEveryRowFirst(), tasks.tasks.toString());
        assertEquals(1, read.quarantined(), read.describe());
        assertEquals(301, read.rowsImported(), read.describe());
        assertTrue(read.describe().contains("value of the wrong type: 1"), read.describe());
        assertEquals(List.of("late|NUMBER"), Sources.rows(duckDb, "SELECT property, value_type FROM property_columns"));
        assertEquals(List.of("0"), Sources.rows(duckDb, "SELECT COUNT(*) FROM events WHERE import_id < 0"));
    }

    /**
     * {@code rows} rows: every twentieth a copy of the row before, one with an amount that is no number; with
     * {@code channel}, a property new to a source {@link #wellFormed} was imported into.
     */
    private static String many(int rows, boolean channel) {
        StringBuilder text = new StringBuilder("user,event,time,amount,note" + (channel ? ",channel" : "") + "\n");
        String previous = null;
        for (int i = 0; i < rows; i++) {
            String row = i % 20 == 19 ? previous
                    : "m" + i % 700 + ",e" + i % 9 + ",2025-04-0" + (1 + i % 9) + "T10:" + String.format("%02d:%02d",
                            i / 60 % 60, i % 60) + "Z," + (i == 4_321 ? "lots" : String.valueOf(i)) + ",n" + i % 11 + (channel ? ",c" + i % 3 : "");
            text.append(row).append('\n');
            previous = row;
        }
        return text.toString();
    }

    private ImportSummary importInto(EventDataSource source, Path file, Recorder monitor) throws Exception {
        return new DataImporter(source).importFile(file, MAPPING, monitor);
    }

    /** What a source holds, the same text whatever its engine. */
    private static List<String> state(EventDataSource source) throws SQLException {
        List<String> state = new ArrayList<>(Sources.rows(source, "SELECT user_id, event_name, event_time, event_id,"
                + " \"p_amount\", \"p_note\", \"p_ok\" FROM events ORDER BY user_id, event_time, \"p_amount\", \"p_ok\" NULLS FIRST"));
        state.addAll(Sources.rows(source, "SELECT file_name, row_number, reason, raw FROM quarantine ORDER BY"
                + " import_id, row_number"));
        state.addAll(Sources.rows(source, "SELECT property, value_type FROM property_columns ORDER BY property"));
        state.add("imports " + Sources.count(source, "SELECT COUNT(*) FROM imports"));
        return state;
    }

    /** Records the sub-tasks; cancels at the {@code cancelAt}-th report of progress when set. */
    private static class Recorder extends NullProgressMonitor {
        final List<String> tasks = new ArrayList<>();
        int reports;
        int cancelAt = -1;

        @Override
        public synchronized void subTask(String name) {
            tasks.add(name);
            reports++;
        }

        @Override
        public synchronized void worked(int work) {
            reports++;
        }

        @Override
        public synchronized boolean isCanceled() {
            return cancelAt > 0 && reports >= cancelAt;
        }

        /** Whether DuckDB read the file (it then writes the rows in SQL) rather than the Java reader. */
        synchronized boolean readByDuckDb() {
            return tasks.stream().anyMatch(task -> task.contains(": writing"));
        }

        /** Whether the import read every row before writing (the types of the first rows did not hold). */
        synchronized boolean readEveryRowFirst() {
            return tasks.stream().anyMatch(task -> task.contains("DuckDB reading"));
        }
    }
}
