package io.sextant.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.sextant.dsl.context.VersionHistory;
import io.sextant.store.internal.AuditStore;
import io.sextant.store.internal.DataSourcesStore;
import io.sextant.store.internal.Database;
import io.sextant.store.internal.DefinitionsStore;
import io.sextant.store.internal.IntegrityCheck;
import io.sextant.store.internal.Migrations;
import io.sextant.store.internal.RepositoryFiles;
import io.sextant.store.internal.RepositoryVersionHistory;
import io.sextant.store.internal.RunsStore;

/**
 * A project's repository: definitions and their versions, data sources, analysis runs and results, and the
 * audit log, in an embedded H2 database inside the project ({@code .sextant/repository.mv.db}). Thread-safe;
 * open it once per project and close it when the project closes.
 */
public final class Repository implements AutoCloseable {

    /** The repository's file in a project. */
    public static Path locationIn(Path projectFolder) {
        return projectFolder.resolve(".sextant").resolve("repository.mv.db");
    }

    private final Database database;
    private final Identity identity;
    private final boolean ownsDatabase;
    private final Optional<Path> backup;
    private final DefinitionsStore definitions;

    private Repository(Database database, Identity identity, boolean ownsDatabase, Optional<Path> backup) {
        this.database = database;
        this.identity = identity;
        this.ownsDatabase = ownsDatabase;
        this.backup = backup;
        this.definitions = new DefinitionsStore(database, identity);
    }

    /**
     * Opens the repository in this file ({@code *.mv.db}), creating it when missing and upgrading its schema
     * when an older Sextant wrote it (after a backup).
     *
     * @throws DamagedRepositoryException when the file is damaged or newer; the file is left as it was
     */
    public static Repository open(Path file, Identity identity) {
        return open(file, identity, Migrations.latestVersion());
    }

    /** Opens with the schema of an older Sextant; for the tests of upgrades only. */
    static Repository open(Path file, Identity identity, int schemaVersion) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new StoreException("Could not create the folder of the repository " + file + ": " + e.getMessage(), e);
        }
        RepositoryFiles.checkBeforeOpening(file);
        RepositoryFiles.probeBeforeOpening(file);
        Database database = Database.open(file);
        try {
            Optional<Path> backup = Migrations.migrate(database, schemaVersion);
            if (database.firstInProcess()) {
                RunsStore.markInterrupted(database);
            }
            return new Repository(database, identity, true, backup);
        } catch (RuntimeException e) {
            database.closeWithoutCompacting();
            throw e;
        }
    }

    /** The same repository, changed by another user (for reviews); closing it does not close the repository. */
    public Repository as(Identity other) {
        return new Repository(database, other, false, Optional.empty());
    }

    public Identity identity() {
        return identity;
    }

    public Definitions definitions() {
        return definitions;
    }

    public Runs runs() {
        return new RunsStore(database, identity);
    }

    public DataSources dataSources() {
        return new DataSourcesStore(database, identity);
    }

    public AuditLog audit() {
        return new AuditStore(database);
    }

    /** The published versions, as the language's validation asks for them. */
    public VersionHistory versionHistory() {
        return new RepositoryVersionHistory(definitions);
    }

    /** The problems found by checking the repository's invariants; empty when it is consistent. */
    public List<String> checkIntegrity() {
        return IntegrityCheck.run(database);
    }

    /** The backup written when this opening upgraded the schema. */
    public Optional<Path> upgradeBackup() {
        return backup;
    }

    public int schemaVersion() {
        return database.read("read the schema version", connection -> {
            try (var statement = connection.createStatement();
                    var rows = statement.executeQuery("SELECT MAX(version) FROM schema_history")) {
                rows.next();
                return rows.getInt(1);
            }
        });
    }

    public Path file() {
        return database.file();
    }

    /** Closes the repository and compacts its file (which may take a moment for a large one). */
    @Override
    public void close() {
        if (ownsDatabase) {
            database.close();
        }
    }

    /** Closes without compacting: for callers that must not wait, such as a project being closed. */
    public void closeWithoutCompacting() {
        if (ownsDatabase) {
            database.closeWithoutCompacting();
        }
    }
}
