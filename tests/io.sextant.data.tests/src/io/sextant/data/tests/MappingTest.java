package io.sextant.data.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sextant.data.EventDataSource;
import io.sextant.data.imports.DataImporter;
import io.sextant.data.imports.FileFormat;
import io.sextant.data.imports.ImportException;
import io.sextant.data.imports.ImportMapping;
import io.sextant.data.imports.MappingStore;
import io.sextant.data.imports.TimestampFormat;
import io.sextant.dsl.context.ValueType;

/** Mappings: remembered per project; every mistake named, and nothing imported when one is made. */
class MappingTest {

    @TempDir
    Path project;

    @Test
    void aMappingIsRememberedInTheProject() throws Exception {
        MappingStore store = new MappingStore(project);
        assertEquals(Optional.empty(), store.load("events.csv"));
        ImportMapping mapping = ImportMapping.events("user", "event", "time").eventId("id").delimiter(';')
                .format(FileFormat.CSV).timeFormat(TimestampFormat.of("dd.MM.yyyy HH:mm")).property("Betrag", "amount")
                .type("amount", ValueType.NUMBER).ignore("junk").otherFieldsAsProperties(false).build();
        store.save("events.csv", mapping);
        store.save("users.csv", ImportMapping.users("id", "signup").build());
        assertEquals(mapping, new MappingStore(project).load("events.csv").orElseThrow());
        assertEquals(ImportMapping.users("id", "signup").build(),
                new MappingStore(project).load("users.csv").orElseThrow());
        assertTrue(Files.exists(project.resolve(".sextant/import-mappings.properties")));
    }

    @Test
    void aSuccessfulImportRemembersItsMappingAndAFailedOneDoesNot() throws Exception {
        EventDataSource source = EventDataSource.embedded(project);
        MappingStore store = new MappingStore(project);
        DataImporter importer = new DataImporter(source).rememberMappingsIn(store);
        ImportMapping mapping = ImportMapping.events("who", "what", "when").delimiter(';').build();
        importer.importFile(Sources.write(project, "semi.csv", "who;what;when\nu1;a;2025-03-01T10:00:00Z\n"), mapping,
                new NullProgressMonitor());
        assertEquals(Optional.of(mapping), store.load("semi.csv"));
        assertThrows(ImportException.class, () -> importer.importFile(Sources.write(project, "other.csv",
                "user,event,time\n"), mapping, new NullProgressMonitor()));
        assertEquals(Optional.empty(), store.load("other.csv"));
    }

    @Test
    void aBrokenRememberedSettingIsNamed() throws Exception {
        Files.createDirectories(project.resolve(".sextant"));
        Files.writeString(project.resolve(".sextant/import-mappings.properties"),
                "e.kind=EVENTS\ne.userId=u\ne.type.amount=MONEY\n");
        Exception error = assertThrows(java.io.IOException.class, () -> new MappingStore(project).load("e"));
        assertEquals("import-mappings.properties: setting 'e.type.amount' is 'MONEY'; it must be one of TEXT, NUMBER,"
                + " BOOLEAN, TIMESTAMP", error.getMessage());
    }

    @Test
    void mistakesAreNamedAndNothingIsImported() throws Exception {
        EventDataSource source = EventDataSource.embedded(project);
        Path file = Sources.write(project, "events.csv", "user,event,time,amount\nu1,a,2025-03-01T10:00:00Z,1\n");
        DataImporter importer = new DataImporter(source);
        importer.importFile(file, ImportMapping.events("user", "event", "time").build(), new NullProgressMonitor());
        List<String> before = Sources.rows(source, "SELECT * FROM events");

        assertError("events.csv: the mapping's setting 'userId' names the field 'uid', which the file does not have;"
                + " its fields are user, event, time, amount",
                importer, file, ImportMapping.events("uid", "event", "time").build());
        assertError("events.csv: the mapping names no field for setting 'event'", importer, file,
                ImportMapping.events("user", null, "time").build());
        assertError("missing.csv: no such file (" + project.resolve("missing.csv") + ")", importer,
                project.resolve("missing.csv"), ImportMapping.events("user", "event", "time").build());
        assertError("events.txt: cannot tell the format from the file name; set the mapping's format to CSV or"
                + " JSON_LINES (setting 'format')", importer, Sources.write(project, "events.txt", "x"),
                ImportMapping.events("user", "event", "time").build());
        assertError("events.csv: the mapping declares property 'amount' as TEXT (setting 'type.amount'), but the data"
                + " source already holds it as NUMBER; declare it NUMBER or import it under another name", importer, file,
                ImportMapping.events("user", "event", "time").type("amount", ValueType.TEXT).build());
        assertError("empty.csv row 1: the file is empty; a CSV file starts with a header row", importer,
                Sources.write(project, "empty.csv", ""), ImportMapping.events("user", "event", "time").build());
        assertError("twice.csv row 1 (the header): the column name 'user' appears twice", importer,
                Sources.write(project, "twice.csv", "user,event,time,user\n"),
                ImportMapping.events("user", "event", "time").build());
        assertError("events.csv: fields 'event' and 'amount' would both become property 'x'; map one of them to"
                + " another name", importer, file, ImportMapping.events("user", "time", "time").property("event", "x")
                        .property("amount", "x").build());
        assertEquals(before, Sources.rows(source, "SELECT * FROM events"));
        assertEquals(1, Sources.count(source, "SELECT COUNT(*) FROM imports"));
        assertThrows(IllegalArgumentException.class, () -> TimestampFormat.of("yyyy-MM-dd qqqq ppp {"));
    }

    private static void assertError(String message, DataImporter importer, Path file, ImportMapping mapping) {
        ImportException error = assertThrows(ImportException.class,
                () -> importer.importFile(file, mapping, new NullProgressMonitor()));
        assertEquals(message, error.getMessage());
    }
}
