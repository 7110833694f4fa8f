package io.sextant.store.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.sextant.dsl.context.DefinitionText;
import io.sextant.store.StoreException;

/**
 * Brings a repository's schema up to the one this Sextant writes, by running the versioned scripts in
 * db/migration in order, each recorded in schema_history with its checksum. An explicit runner rather than
 * Flyway or Liquibase: both find scripts by scanning the class path, which OSGi bundles do not offer, and
 * two dozen lines do what this repository needs. Before migrating a repository that holds data, a
 * consistent copy (H2's BACKUP) is written to the backups folder beside it.
 */
public final class Migrations {

    /** The scripts, in the order they apply; a script is never changed once released (its checksum is kept). */
    static final List<String> SCRIPTS = List.of(
            "V1__definitions_and_audit.sql",
            "V2__runs_results_sources.sql");

    private static final DateTimeFormatter BACKUP_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private Migrations() {
    }

    public static int latestVersion() {
        return SCRIPTS.size();
    }

    /**
     * Migrates to {@code target} (the latest unless a test asks for less).
     *
     * @return the backup written before migrating, if one was needed
     */
    public static Optional<Path> migrate(Database database, int target) {
        // a repository of a newer Sextant was refused before it was opened for writing (RepositoryFiles)
        int current = database.read("read the schema version", Migrations::currentVersion);
        database.read("check the applied schema scripts", connection -> {
            verifyChecksums(connection, database.file());
            return null;
        });
        if (current >= target) {
            return Optional.empty();
        }
        Optional<Path> backup = current == 0 ? Optional.empty() : Optional.of(backup(database, current));
        for (int version = current + 1; version <= target; version++) {
            apply(database, version, backup);
        }
        return backup;
    }

    static int currentVersion(Connection connection) throws SQLException {
        if (!hasHistory(connection)) {
            return 0;
        }
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_history")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static boolean hasHistory(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(
                "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'"
                        + " AND TABLE_NAME = 'SCHEMA_HISTORY'")) {
            rows.next();
            return rows.getInt(1) > 0;
        }
    }

    private static void verifyChecksums(Connection connection, Path file) throws SQLException {
        if (!hasHistory(connection)) {
            return;
        }
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT version, script, checksum FROM schema_history")) {
            while (rows.next()) {
                int version = rows.getInt(1);
                if (version <= latestVersion()
                        && !DefinitionText.contentHash(script(version)).equals(rows.getString(3).trim())) {
                    throw new StoreException("The repository " + file + " was migrated with a script "
                            + rows.getString(2) + " that differs from the one this Sextant ships: a released"
                            + " migration script was edited. Restore the script; add changes as a new script.");
                }
            }
        }
    }

    private static Path backup(Database database, int current) {
        Path folder = database.file().resolveSibling("backups");
        Path backup = folder.resolve("repository-schema" + current + "-" + BACKUP_TIME.format(Instant.now()) + ".zip");
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new StoreException("Could not create the backup folder " + folder + " before upgrading the"
                    + " repository; the repository was not changed: " + e.getMessage(), e);
        }
        database.read("back up the repository before upgrading it", connection -> {
            try (PreparedStatement statement = connection.prepareStatement("BACKUP TO ?")) {
                statement.setString(1, backup.toString());
                statement.execute();
            }
            return null;
        });
        return backup;
    }

    private static void apply(Database database, int version, Optional<Path> backup) {
        String script = script(version);
        String name = SCRIPTS.get(version - 1);
        try {
            database.write("apply the schema script " + name, connection -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CREATE TABLE IF NOT EXISTS schema_history (version INTEGER PRIMARY KEY,"
                            + " script CHARACTER VARYING(200) NOT NULL, checksum CHARACTER(64) NOT NULL,"
                            + " applied_at TIMESTAMP(9) WITH TIME ZONE NOT NULL)");
                    for (String sql : statements(script)) {
                        statement.execute(sql);
                    }
                }
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO schema_history (version, script, checksum, applied_at) VALUES (?, ?, ?, ?)")) {
                    insert.setInt(1, version);
                    insert.setString(2, name);
                    insert.setString(3, DefinitionText.contentHash(script));
                    insert.setObject(4, Database.timestamp(Instant.now()));
                    insert.executeUpdate();
                }
                return null;
            });
        } catch (StoreException e) {
            // H2 commits each CREATE/ALTER by itself, so a failed script may be half applied: say where the copy is
            throw new StoreException(e.getMessage() + (backup.isPresent()
                    ? " The repository as it was before the upgrade is in " + backup.get() + "."
                    : ""), e);
        }
    }

    /** The script's statements: comments removed, split at the semicolons that end lines. */
    static List<String> statements(String script) {
        StringBuilder withoutComments = new StringBuilder();
        for (String line : script.split("\n")) {
            int comment = line.indexOf("--");
            withoutComments.append(comment >= 0 ? line.substring(0, comment) : line).append('\n');
        }
        List<String> statements = new ArrayList<>();
        for (String statement : withoutComments.toString().split(";\\s*\n")) {
            String sql = statement.strip();
            sql = sql.endsWith(";") ? sql.substring(0, sql.length() - 1) : sql;
            if (!sql.isBlank()) {
                statements.add(sql);
            }
        }
        return statements;
    }

    static String script(int version) {
        String name = SCRIPTS.get(version - 1);
        try (InputStream in = Migrations.class.getResourceAsStream("/db/migration/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the bundle lacks its schema script db/migration/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the schema script " + name, e);
        }
    }
}
