package io.sextant.store.tests;

import static io.sextant.store.tests.Texts.draft;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.sextant.store.DamagedRepositoryException;
import io.sextant.store.Identity;
import io.sextant.store.Repository;

/** A damaged or newer repository file gives a clear error naming it, and is never written to. */
class DamagedRepositoryTest {

    @TempDir
    Path folder;

    private Path file;

    @BeforeEach
    void createRepositoryWithHistory() {
        file = Repository.locationIn(folder);
        try (Repository repository = Repository.open(file, Identity.of("alice"))) {
            for (int i = 1; i <= 300; i++) {
                repository.definitions().recordDraft(draft("acme.S" + (i % 10), i / 10 + 1, "event" + i));
            }
        }
    }

    @ParameterizedTest(name = "cut to {0} of its length")
    @ValueSource(doubles = { 0.0, 0.001, 0.3, 0.7, 0.99, 0.9999 })
    void aTruncatedFileIsRefusedAndLeftAsItIs(double fraction) throws IOException {
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(whole, (int) (whole.length * fraction)));

        assertRefusedUnchanged("truncated");
    }

    @Test
    void aFileOfGarbageIsRefusedAndLeftAsItIs() throws IOException {
        byte[] garbage = new byte[Math.toIntExact(Files.size(file))];
        new Random(42).nextBytes(garbage);
        Files.write(file, garbage);

        assertRefusedUnchanged("not a Sextant repository");
    }

    @Test
    void aFileWhoseLastChunkWasOverwrittenIsRefused() throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        // the header ("H:2,block:<hex>,blockSize:<hex>,...") names the block where the last chunk starts
        String header = new String(bytes, 0, 200, java.nio.charset.StandardCharsets.ISO_8859_1);
        java.util.regex.Matcher block = java.util.regex.Pattern.compile("block:([0-9a-f]+)").matcher(header);
        assertTrue(block.find(), header);
        int lastChunk = Integer.parseInt(block.group(1), 16) * 4096;
        byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);
        System.arraycopy(garbage, 0, bytes, lastChunk, garbage.length);
        Files.write(file, bytes);

        assertRefusedUnchanged("its last chunk at byte " + lastChunk + " is not readable (overwritten?)");
    }

    @Test
    void aRepositoryOfANewerSextantIsRefusedWithWhatToDo() throws Exception {
        try (Connection connection = org.h2.Driver.load().connect("jdbc:h2:file:"
                + file.toString().replace(".mv.db", ""), new java.util.Properties() {
                    private static final long serialVersionUID = 1L;
                    {
                        put("user", "sextant");
                        put("password", "");
                    }
                });
                Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO schema_history VALUES (3, 'V3__future.sql', '" + "0".repeat(64)
                    + "', CURRENT_TIMESTAMP)");
        }

        byte[] before = Files.readAllBytes(file);

        DamagedRepositoryException refused = assertThrows(DamagedRepositoryException.class,
                () -> Repository.open(file, Identity.of("alice")));

        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals("The repository " + file + " cannot be opened: it was written by a newer Sextant (schema 3; this"
                + " Sextant knows schemas up to 2). Sextant has not changed the file. Open it with that Sextant or a"
                + " newer one.", refused.getMessage());
        // the refusal released the file: the newer Sextant can still open it
        try (Connection connection = org.h2.Driver.load().connect("jdbc:h2:file:" + file.toString().replace(".mv.db", "")
                + ";USER=sextant", null)) {
            assertTrue(connection.isValid(1));
        }
    }

    @Test
    void aFileCutShortAfterACrashIsRefusedThoughItsHeaderIsIntact() throws Exception {
        // a writer killed mid-session leaves a file whose header names an early chunk: only the record of the
        // last commit beside it can tell that its end is missing
        Path crashed = Repository.locationIn(folder.resolve("crashed"));
        Files.createDirectories(crashed.getParent());
        Path log = crashed.resolveSibling("writer.log");
        Process writer = ChildProcesses.crashWriter(crashed, 1, log);
        try {
            long deadline = System.currentTimeMillis() + 60_000;
            while (ChildProcesses.logLines(log).stream().filter(line -> line.startsWith("ACK ")).count() <= 300) {
                assertTrue(System.currentTimeMillis() < deadline && writer.isAlive(),
                        "the writer did not acknowledge 300 writes within 60 s");
                Thread.sleep(20);
            }
        } finally {
            writer.destroyForcibly();
            writer.waitFor();
        }
        byte[] whole = Files.readAllBytes(crashed);
        Files.write(crashed, Arrays.copyOf(whole, whole.length * 3 / 4));
        byte[] before = Files.readAllBytes(crashed);

        DamagedRepositoryException refused = assertThrows(DamagedRepositoryException.class,
                () -> Repository.open(crashed, Identity.of("alice")).close());

        assertTrue(refused.getMessage().contains("was committed: its end was cut off (truncated?) or it is an older copy"),
                refused.getMessage());
        assertTrue(refused.getMessage().endsWith("delete repository.last-commit beside it first."), refused.getMessage());
        assertArrayEquals(before, Files.readAllBytes(crashed));
    }

    @Test
    void anOlderCopyPutInPlaceIsRefusedUntilItsCommitRecordIsRemoved() throws IOException {
        Path older = folder.resolve("older.mv.db");
        Files.copy(file, older);
        try (Repository repository = Repository.open(file, Identity.of("alice"))) {
            repository.definitions().recordDraft(draft("acme.New", 1, "login"));
        }
        Files.copy(older, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertRefusedUnchanged("or it is an older copy");

        Files.delete(file.resolveSibling("repository.last-commit"));
        try (Repository repository = Repository.open(file, Identity.of("alice"))) {
            assertEquals(10, repository.definitions().names().size());
        }
    }

    private void assertRefusedUnchanged(String problem) throws IOException {
        byte[] before = Files.readAllBytes(file);

        DamagedRepositoryException refused = assertThrows(DamagedRepositoryException.class,
                () -> Repository.open(file, Identity.of("alice")).close());

        assertTrue(refused.getMessage().startsWith("The repository " + file + " cannot be opened: "), refused.getMessage());
        assertTrue(refused.getMessage().contains(problem), refused.getMessage());
        assertTrue(refused.getMessage().contains("Sextant has not changed the file. Restore a backup (Sextant keeps one"
                + " in the backups folder beside it before every upgrade), or move the file away to start an empty"
                + " repository."), refused.getMessage());
        assertEquals(file, refused.file());
        assertArrayEquals(before, Files.readAllBytes(file));
    }
}
