package io.sextant.runtime.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.h2.Driver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Embedded H2 inside the product's OSGi runtime: a file database is created, written, closed and reopened. */
class H2StoreTest {

    @TempDir
    Path folder;

    @Test
    void databaseIsCreatedWrittenAndReopened() throws SQLException {
        String url = url("repository");
        try (Connection connection = open(url)) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE definition(id INT PRIMARY KEY, name VARCHAR(200) NOT NULL, body CLOB)");
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO definition VALUES (?, ?, ?)")) {
                for (int i = 1; i <= 500; i++) {
                    insert.setInt(1, i);
                    insert.setString(2, "segment_" + i + " 'quoted' \"name\"");
                    insert.setString(3, "segment s" + i + " { owner \"analyst\" }");
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            connection.commit();
        }
        assertTrue(Files.exists(folder.resolve("repository.mv.db")), "the database file exists on disk");

        try (Connection reopened = open(url); Statement statement = reopened.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*), SUM(id), MAX(name) FROM definition")) {
            rows.next();
            assertEquals(500, rows.getInt(1));
            assertEquals(500 * 501 / 2, rows.getInt(2));
            assertEquals("segment_99 'quoted' \"name\"", rows.getString(3));
        }
    }

    @Test
    void uncommittedWorkIsNotVisibleAfterReopen() throws SQLException {
        String url = url("rollback");
        try (Connection connection = open(url); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE run(id INT PRIMARY KEY)");
        }
        try (Connection connection = open(url)) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO run VALUES (1), (2), (3)");
            }
            // closing without commit must not leave half a write behind
        }
        try (Connection reopened = open(url); Statement statement = reopened.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM run")) {
            rows.next();
            assertEquals(0, rows.getInt(1));
        }
    }

    @Test
    void badSqlNamesTheProblem() throws SQLException {
        try (Connection connection = open(url("errors")); Statement statement = connection.createStatement()) {
            SQLException error = assertThrows(SQLException.class, () -> statement.executeQuery("SELECT * FROM missing_table"));
            assertTrue(error.getMessage().toUpperCase().contains("MISSING_TABLE"), error.getMessage());
        }
    }

    private String url(String name) {
        return "jdbc:h2:file:" + folder.resolve(name).toAbsolutePath();
    }

    private static Connection open(String url) throws SQLException {
        // in OSGi, DriverManager does not find drivers through ServiceLoader: Driver.load() registers H2 itself
        Driver.load();
        return DriverManager.getConnection(url, "sa", "");
    }
}
