package io.sextant.store.tests;

import static io.sextant.store.tests.Texts.draft;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sextant.model.RunStatus;
import io.sextant.store.Identity;
import io.sextant.store.Repository;
import io.sextant.store.RunRequest;
import io.sextant.store.internal.Database;
import io.sextant.store.internal.DefinitionsStore;
import io.sextant.store.internal.Migrations;

/** A newer Sextant opens a repository written by an older one: backup first, then the schema scripts. */
class UpgradeTest {

    @TempDir
    Path folder;

    @Test
    void aSchemaOneRepositoryIsBackedUpThenUpgradedWithNothingLost() throws Exception {
        Path file = Repository.locationIn(folder);
        Files.createDirectories(file.getParent());
        // what a Sextant that knew only schema 1 left behind
        try (Database old = Database.open(file)) {
            Migrations.migrate(old, 1);
            DefinitionsStore definitions = new DefinitionsStore(old, Identity.of("alice"));
            definitions.recordDraft(draft("acme.Active", 1, "login"));
            definitions.recordDraft(draft("acme.Active", 2, "purchase"));
        }

        try (Repository repository = Repository.open(file, Identity.of("alice"))) {
            assertEquals(2, repository.schemaVersion());
            assertEquals(List.of(), repository.checkIntegrity());
            assertEquals(2, repository.definitions().history("acme.Active").orElseThrow().getVersions().size());
            assertTrue(repository.definitions().version("acme.Active", 2).orElseThrow().getSourceText().contains("purchase"));
            // what schema 2 added works
            var run = repository.runs().start(new RunRequest("cohorts", Map.of(), List.of(), "events", "f"));
            assertEquals(RunStatus.SUCCEEDED, repository.runs().succeed(run.getId(), List.of()).getStatus());

            Path backup = repository.upgradeBackup().orElseThrow();
            assertEquals(folder.resolve(".sextant/backups"), backup.getParent());
            assertTrue(backup.getFileName().toString().startsWith("repository-schema1-"), backup.toString());
            try (ZipFile zip = new ZipFile(backup.toFile())) {
                assertTrue(zip.getEntry("repository.mv.db").getSize() > 0);
            }
        }

        try (Repository again = Repository.open(file, Identity.of("alice"))) {
            assertTrue(again.upgradeBackup().isEmpty(), "no backup when nothing is migrated");
            try (var backups = Files.list(folder.resolve(".sextant/backups"))) {
                assertEquals(1, backups.count());
            }
        }
    }

    @Test
    void aNewRepositoryNeedsNoBackup() throws Exception {
        try (Repository repository = Repository.open(Repository.locationIn(folder), Identity.of("alice"))) {
            assertTrue(repository.upgradeBackup().isEmpty());
            assertEquals(Migrations.latestVersion(), repository.schemaVersion());
            assertTrue(Files.notExists(folder.resolve(".sextant/backups")));
        }
    }
}
