package io.sextant.data.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Comparator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sextant.data.EventDataSource;

/**
 * Connections to a project's DuckDB file share one database in the process while it is in use (opening the file
 * afresh for every analysis run cost 30 to 120 ms at tier M). Sharing must never serve a file that is no longer
 * there: a project deleted and made again at the same place, or a file replaced by another, is read anew.
 */
class SharedDuckDbTest {

    @TempDir
    Path folder;

    @Test
    void aProjectMadeAgainAtTheSamePlaceIsReadAnew() throws Exception {
        Path project = folder.resolve("p");
        write(EventDataSource.embeddedDuckDb(project), "first");
        assertEquals("first", read(EventDataSource.embeddedDuckDb(project)));
        deleteRecursively(project); // within the time the database is kept open
        write(EventDataSource.embeddedDuckDb(project), "second");
        EventDataSource.embeddedDuckDb(project).release(); // what was written is in the file, not in a deleted one
        assertEquals("second", read(EventDataSource.embeddedDuckDb(project)));
    }

    @Test
    void aFileReplacedByAnotherIsReadAnew() throws Exception {
        Path project = folder.resolve("p");
        Path other = folder.resolve("other");
        write(EventDataSource.embeddedDuckDb(project), "old");
        assertEquals("old", read(EventDataSource.embeddedDuckDb(project)));
        EventDataSource replacement = EventDataSource.embeddedDuckDb(other);
        write(replacement, "new");
        replacement.release(); // what a conversion or the sample's creation does before moving a file
        Path file = project.resolve(EventDataSource.PROJECT_FOLDER).resolve(EventDataSource.DUCKDB_FILE);
        Files.move(other.resolve(EventDataSource.PROJECT_FOLDER).resolve(EventDataSource.DUCKDB_FILE), file,
                StandardCopyOption.REPLACE_EXISTING);
        assertEquals("new", read(EventDataSource.embeddedDuckDb(project)));
    }

    @Test
    void aConnectionInUseOutlivesTheRelease() throws Exception {
        EventDataSource source = EventDataSource.embeddedDuckDb(folder.resolve("p"));
        write(source, "kept");
        try (Connection open = source.open()) {
            source.release();
            try (Statement statement = open.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT word FROM marker")) {
                assertTrue(rows.next());
                assertEquals("kept", rows.getString(1));
            }
        }
        assertEquals("kept", read(source)); // and the file opens again after
    }

    private static void write(EventDataSource source, String word) throws Exception {
        try (Connection connection = source.open(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE OR REPLACE TABLE marker (word VARCHAR)");
            statement.execute("INSERT INTO marker VALUES ('" + word + "')");
        }
    }

    private static String read(EventDataSource source) throws Exception {
        try (Connection connection = source.open(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT word FROM marker")) {
            assertTrue(rows.next());
            return rows.getString(1);
        }
    }

    private static void deleteRecursively(Path root) throws Exception {
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
