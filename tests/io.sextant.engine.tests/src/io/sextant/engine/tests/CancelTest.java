package io.sextant.engine.tests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sextant.engine.Engine;
import io.sextant.engine.EngineRun;
import io.sextant.engine.QueryCancelledException;

/**
 * A query that would run for hours (a three-step sequence over thousands of events of one user) is stopped on
 * every engine: by the time limit, with a message that says so, and by the user's cancel, within seconds.
 */
class CancelTest {

    static final String FILE = """
            segment Endless { owner "t" where "tick" then "tick" then "tick" then "tick" within 1000 days }
            """;

    @TempDir
    static Path folder;

    static TestEngines engines;
    static Definitions definitions;

    @BeforeAll
    static void load() throws Exception {
        EventFixture fixture = new EventFixture();
        fixture.users.add(new EventFixture.User("busy", EventFixture.T.minusDays(100), Map.of()));
        for (int i = 0; i < 6000; i++) {
            fixture.events.add(new EventFixture.Event("busy", "tick", EventFixture.T.minusDays(90).plusMinutes(i), Map.of()));
        }
        engines = TestEngines.create(folder, fixture);
        definitions = Definitions.parse("cancel.seg", FILE);
    }

    @AfterAll
    static void stop() throws Exception {
        if (engines != null) {
            engines.close();
        }
    }

    @Test
    void aQueryPastTheTimeLimitIsStoppedWithAClearMessage() throws Exception {
        for (Map.Entry<String, Engine> engine : engines.all().entrySet()) {
            long started = System.nanoTime();
            try (EngineRun run = engine.getValue().open(EventFixture.AS_OF, Duration.ofMillis(500))) {
                QueryCancelledException stopped = assertThrows(QueryCancelledException.class,
                        () -> run.size(definitions.segment("Endless"), new NullProgressMonitor()), engine.getKey());
                assertTrue(stopped.timedOut(), engine.getKey());
                assertTrue(stopped.getMessage().contains("segment Endless")
                        && stopped.getMessage().contains("time limit of 0.5 s"), stopped.getMessage());
            }
            long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
            assertTrue(seconds < 15, engine.getKey() + " stopped only after " + seconds + " s");
        }
    }

    @Test
    void theUsersCancelStopsTheRunningQuery() throws Exception {
        for (Map.Entry<String, Engine> engine : engines.all().entrySet()) {
            long started = System.nanoTime();
            NullProgressMonitor monitor = new NullProgressMonitor();
            Thread canceller = new Thread(() -> {
                try {
                    Thread.sleep(400);
                } catch (InterruptedException e) {
                    return;
                }
                monitor.setCanceled(true);
            });
            canceller.start();
            try (EngineRun run = engine.getValue().open(EventFixture.AS_OF)) {
                QueryCancelledException stopped = assertThrows(QueryCancelledException.class,
                        () -> run.members(definitions.segment("Endless"), monitor), engine.getKey());
                assertFalse(stopped.timedOut(), engine.getKey());
                assertTrue(stopped.getMessage().contains("was cancelled"), stopped.getMessage());
            }
            long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
            assertTrue(seconds < 15, engine.getKey() + " stopped only after " + seconds + " s");
        }
    }
}
