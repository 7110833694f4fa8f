package io.sextant.store.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sextant.dsl.context.DefinitionText;
import io.sextant.model.Definition;
import io.sextant.model.DefinitionKind;
import io.sextant.model.DefinitionVersion;
import io.sextant.model.VersionStatus;
import io.sextant.store.ConflictException;
import io.sextant.store.DraftRequest;
import io.sextant.store.EditBase;
import io.sextant.store.Identity;
import io.sextant.store.Repository;

/**
 * Four writers, a reviewer and two readers work on three definitions at once for a fixed time. Every write
 * states the version it was based on; the test checks that no write was lost, every refused write was
 * reported as a conflict, nobody waited forever, and readers never saw a version whose text and hash disagree.
 */
class ConcurrencyTest {

    private static final long RUN_MILLIS = 6_000;
    /**
     * The test runs at least RUN_MILLIS and until this many writes have landed (at most a minute), so that a
     * machine slowed down by other work still exercises as much as an idle one.
     */
    private static final int ENOUGH_WRITES = 150;
    private static final long MAX_MILLIS = 60_000;
    private static final String[] NAMES = { "acme.A", "acme.B", "acme.C" };

    @TempDir
    Path folder;

    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger successes = new AtomicInteger();
    private final AtomicInteger conflicts = new AtomicInteger();
    private final AtomicInteger reviews = new AtomicInteger();
    private final AtomicInteger reads = new AtomicInteger();
    private final ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
    /** Each successful write's (name v number, revision): a revision handed out twice would be a lost update. */
    private final Set<String> revisionsWritten = ConcurrentHashMap.newKeySet();

    @Test
    void parallelWritersAndReadersLoseNothingAndEveryConflictIsReported() throws Exception {
        try (Repository repository = Repository.open(Repository.locationIn(folder), Identity.of("setup"))) {
            long started = System.currentTimeMillis();
            ExecutorService threads = Executors.newFixedThreadPool(7);
            for (int w = 0; w < 4; w++) {
                Repository writer = repository.as(Identity.of("writer" + w));
                long seed = w;
                threads.submit(() -> guard(() -> write(writer, new Random(seed), started)));
            }
            Repository reviewer = repository.as(Identity.of("reviewer"));
            threads.submit(() -> guard(() -> review(reviewer, new Random(99), started)));
            for (int r = 0; r < 2; r++) {
                threads.submit(() -> guard(() -> read(repository, started)));
            }
            threads.shutdown();
            assertTrue(threads.awaitTermination(MAX_MILLIS + 60_000, TimeUnit.MILLISECONDS),
                    "a thread did not finish within a minute of the end: a deadlock or a lock wait that never ends");

            assertEquals(List.of(), new ArrayList<>(unexpected), "only conflicts may refuse a write");
            assertEquals(attempts.get(), successes.get() + conflicts.get(), "every write either landed or was a conflict");
            assertEquals(successes.get(), revisionsWritten.size(), "two writes got the same revision: one was lost");
            assertTrue(conflicts.get() > 0, "the writers never collided: the test exercised nothing");
            assertTrue(successes.get() >= ENOUGH_WRITES, "only " + successes.get() + " writes in " + MAX_MILLIS + " ms");

            int revisions = 0;
            for (String name : NAMES) {
                Definition definition = repository.definitions().history(name).orElseThrow();
                for (DefinitionVersion version : definition.getVersions()) {
                    revisions += version.getRevision();
                }
            }
            assertEquals(successes.get() + reviews.get(), revisions,
                    "each successful write and review step is one revision in the repository");
            assertEquals(List.of(), repository.checkIntegrity());
            System.out.println("ConcurrencyTest: " + attempts.get() + " writes tried, " + successes.get() + " landed, "
                    + conflicts.get() + " conflicts, " + reviews.get() + " review steps, " + reads.get() + " reads");
        }
    }

    /** Whether the run goes on: until RUN_MILLIS have passed and ENOUGH_WRITES have landed, or MAX_MILLIS. */
    private boolean running(long started) {
        long elapsed = System.currentTimeMillis() - started;
        return elapsed < MAX_MILLIS && (elapsed < RUN_MILLIS || successes.get() < ENOUGH_WRITES);
    }

    private void write(Repository repository, Random random, long started) {
        while (running(started)) {
            String name = NAMES[random.nextInt(NAMES.length)];
            Optional<DefinitionVersion> latest = repository.definitions().latest(name);
            EditBase base = latest.map(v -> new EditBase(v.getNumber(), v.getRevision())).orElse(EditBase.NEW);
            boolean editDraft = latest.isPresent() && latest.get().getStatus() == VersionStatus.DRAFT && random.nextBoolean();
            int number = editDraft ? latest.get().getNumber() : latest.map(v -> v.getNumber() + 1).orElse(1);
            String text = "segment X {\n    version " + number + "\n    where did \"e" + random.nextLong() + "\"\n}";
            attempts.incrementAndGet();
            try {
                DefinitionVersion written = repository.definitions().recordDraft(
                        new DraftRequest(name, DefinitionKind.SEGMENT, number, text, base, null));
                assertEquals(DefinitionText.contentHash(text), written.getContentHash());
                revisionsWritten.add(name + " v" + written.getNumber() + " r" + written.getRevision());
                successes.incrementAndGet();
            } catch (ConflictException e) {
                assertTrue(e.getMessage().startsWith(name + " was changed while you edited it"));
                conflicts.incrementAndGet();
            }
        }
    }

    private void review(Repository repository, Random random, long started) {
        while (running(started)) {
            String name = NAMES[random.nextInt(NAMES.length)];
            Optional<DefinitionVersion> latest = repository.definitions().latest(name);
            if (latest.isPresent() && latest.get().getStatus() == VersionStatus.DRAFT) {
                int number = latest.get().getNumber();
                // the reviewer never writes text, so it may always approve; between reading and submitting a
                // writer may edit the draft, which only bumps its revision: submitting still applies
                repository.definitions().submitForReview(name, number, null);
                reviews.incrementAndGet();
                repository.definitions().approveAndPublish(name, number, null);
                reviews.incrementAndGet();
            }
            sleep(5);
        }
    }

    private void read(Repository repository, long started) {
        Map<String, Integer> lastRevision = new ConcurrentHashMap<>();
        while (running(started)) {
            for (String name : NAMES) {
                repository.definitions().history(name).ifPresent(definition -> {
                    for (DefinitionVersion version : definition.getVersions()) {
                        assertEquals(DefinitionText.contentHash(version.getSourceText()), version.getContentHash(),
                                "a reader saw half a write of " + name + " v" + version.getNumber());
                        String key = name + " v" + version.getNumber();
                        Integer before = lastRevision.put(key, version.getRevision());
                        assertTrue(before == null || before <= version.getRevision(), key + " went back in time");
                    }
                });
                reads.incrementAndGet();
            }
        }
    }

    private void guard(Runnable work) {
        try {
            work.run();
        } catch (Throwable e) {
            unexpected.add(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
