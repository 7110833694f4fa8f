package io.sextant.store.tests;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;

import io.sextant.dsl.context.DefinitionText;
import io.sextant.model.DefinitionKind;
import io.sextant.model.DefinitionVersion;
import io.sextant.model.VersionStatus;
import io.sextant.store.DraftRequest;
import io.sextant.store.Identity;
import io.sextant.store.Repository;

/**
 * The process {@link CrashTest} kills: writes versions (new ones, edits of drafts, publications) as fast as
 * it can and logs BEGIN before and ACK after each write returns, so the test knows which were acknowledged.
 */
public final class CrashWriter {

    private CrashWriter() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        log = openLog(Path.of(args[2]));
        Random random = new Random(seed);
        try (Repository repository = Repository.open(file, Identity.of("writer"))) {
            Repository reviewer = repository.as(Identity.of("reviewer"));
            say("READY");
            for (long i = 0;; i++) {
                String name = "crash.D" + random.nextInt(5);
                Optional<DefinitionVersion> latest = repository.definitions().latest(name);
                if (latest.isPresent() && latest.get().getStatus() == VersionStatus.DRAFT && random.nextInt(6) == 0) {
                    int number = latest.get().getNumber();
                    say("BEGIN-PUBLISH " + name + " " + number);
                    repository.definitions().submitForReview(name, number, null);
                    reviewer.definitions().approveAndPublish(name, number, "ok");
                    say("ACK-PUBLISH " + name + " " + number);
                    continue;
                }
                boolean editDraft = latest.isPresent() && latest.get().getStatus() == VersionStatus.DRAFT
                        && random.nextBoolean();
                int number = editDraft ? latest.get().getNumber() : latest.map(v -> v.getNumber() + 1).orElse(1);
                String text = "segment D {\n    version " + number + "\n    owner \"writer\"\n    description \"" + seed
                        + "-" + i + "\"\n    where did \"e" + random.nextInt(1000) + "\"\n}";
                say("BEGIN " + name + " " + number + " " + DefinitionText.contentHash(text));
                repository.definitions().recordDraft(new DraftRequest(name, DefinitionKind.SEGMENT, number, text));
                say("ACK " + name + " " + number + " " + DefinitionText.contentHash(text));
            }
        }
    }

    /**
     * Appends a line to the log file with one unbuffered write, so that a line the writer got to say is in
     * the file even after a SIGKILL (standard output's pipe can lose its last lines when the process dies).
     */
    private static void say(String line) {
        try {
            log.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FileOutputStream log;

    private static FileOutputStream openLog(Path file) {
        try {
            java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
            return new FileOutputStream(file.toFile(), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
