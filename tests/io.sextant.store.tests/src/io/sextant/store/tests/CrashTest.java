package io.sextant.store.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sextant.model.Definition;
import io.sextant.model.DefinitionVersion;
import io.sextant.model.VersionStatus;
import io.sextant.store.Identity;
import io.sextant.store.Repository;

/**
 * A separate JVM writes versions in a loop and is killed with SIGKILL at random moments, 50 times, on the
 * same repository. After each kill the repository opens, every write the writer saw acknowledged is there,
 * at most the one write in flight may also be there (whole), nothing else, and the invariants hold.
 */
class CrashTest {

    private static final int KILLS = 50;
    private static final int ENOUGH_WRITES = 500;

    @TempDir
    Path folder;

    /** What the repository must hold: the acknowledged hash of each version and the acknowledged publications. */
    private final Map<String, String> acknowledged = new HashMap<>();
    private final Set<String> published = new HashSet<>();
    private int acknowledgedWrites;
    /** The write in flight at each earlier kill that was not found committed then: key → "kill N: hash". */
    private final Map<String, String> unseenInFlight = new HashMap<>();
    private int inFlightFound;

    @Test
    void everyAcknowledgedWriteSurvivesSigkillAndNothingHalfWrittenIsVisible() throws Exception {
        Path file = Repository.locationIn(folder);
        Random random = new Random(20261124);
        // at least KILLS kills, and more (up to three times as many) until enough writes were acknowledged: a
        // machine slowed down by other work acknowledges fewer per kill but must exercise as much
        int kill;
        for (kill = 1; kill <= KILLS || (acknowledgedWrites <= ENOUGH_WRITES && kill <= 3 * KILLS); kill++) {
            List<String> lines = runAndKill(file, random.nextLong(), 100 + random.nextInt(1100));
            check(file, lines, kill);
        }
        assertTrue(acknowledgedWrites > ENOUGH_WRITES, "the writer acknowledged only " + acknowledgedWrites + " writes");
        System.out.println("CrashTest: " + (kill - 1) + " kills, " + acknowledgedWrites + " acknowledged writes, "
                + inFlightFound + " in-flight writes found committed");
    }

    private List<String> runAndKill(Path file, long seed, int millisAfterReady) throws Exception {
        Path log = folder.resolve("writer-" + Long.toHexString(seed) + ".log");
        Process writer = ChildProcesses.crashWriter(file, seed, log);
        long deadline = System.currentTimeMillis() + 60_000;
        while (!ChildProcesses.logLines(log).contains("READY")) {
            if (System.currentTimeMillis() > deadline || !writer.isAlive()) {
                writer.destroyForcibly();
                fail("the writer did not open the repository within 60 s");
            }
            Thread.sleep(10);
        }
        Thread.sleep(millisAfterReady);
        writer.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no close
        assertTrue(writer.waitFor(30, TimeUnit.SECONDS));
        return ChildProcesses.logLines(log);
    }

    private void check(Path file, List<String> lines, int kill) {
        // what the writer said last, for the failure messages
        String tail = " (the writer's last lines: " + lines.subList(Math.max(0, lines.size() - 4), lines.size()) + ")";
        String inFlight = null;
        for (String line : lines) {
            String[] words = line.split(" ");
            switch (words[0]) {
                case "BEGIN", "BEGIN-PUBLISH" -> inFlight = line;
                case "ACK" -> {
                    acknowledged.put(words[1] + " v" + words[2], words[3]);
                    acknowledgedWrites++;
                    inFlight = null;
                }
                case "ACK-PUBLISH" -> {
                    published.add(words[1] + " v" + words[2]);
                    acknowledgedWrites++;
                    inFlight = null;
                }
                default -> assertTrue(line.equals("READY"), "the writer printed something unexpected: " + line);
            }
        }
        try (Repository repository = Repository.open(file, Identity.of("checker"))) {
            assertEquals(List.of(), repository.checkIntegrity(), "after kill " + kill);
            Map<String, DefinitionVersion> stored = new HashMap<>();
            for (String name : repository.definitions().names()) {
                Definition definition = repository.definitions().history(name).orElseThrow();
                for (DefinitionVersion version : definition.getVersions()) {
                    stored.put(name + " v" + version.getNumber(), version);
                }
            }
            String inFlightKey = null;
            String inFlightHash = null;
            if (inFlight != null && inFlight.startsWith("BEGIN ")) {
                String[] words = inFlight.split(" ");
                inFlightKey = words[1] + " v" + words[2];
                inFlightHash = words[3];
            }
            for (Map.Entry<String, String> expected : acknowledged.entrySet()) {
                DefinitionVersion version = stored.get(expected.getKey());
                if (version == null) {
                    fail("after kill " + kill + ": acknowledged " + expected.getKey() + " is missing");
                }
                boolean same = version.getContentHash().equals(expected.getValue());
                boolean inFlightCommitted = expected.getKey().equals(inFlightKey)
                        && version.getContentHash().equals(inFlightHash);
                assertTrue(same || inFlightCommitted, "after kill " + kill + ": " + expected.getKey()
                        + " holds neither the acknowledged text nor the one in flight");
            }
            for (String key : published) {
                assertEquals(VersionStatus.PUBLISHED, stored.get(key).getStatus(), "after kill " + kill + ": " + key);
            }
            for (Map.Entry<String, DefinitionVersion> version : stored.entrySet()) {
                if (!acknowledged.containsKey(version.getKey())) {
                    assertEquals(inFlightKey, version.getKey(), "after kill " + kill + ": " + version.getKey()
                            + " was never written by the writer" + tail + "; in flight at an earlier kill and not"
                            + " found then: " + unseenInFlight.get(version.getKey()) + ", stored hash "
                            + version.getValue().getContentHash());
                    assertEquals(inFlightHash, version.getValue().getContentHash());
                }
            }
            if (inFlightKey != null && (!stored.containsKey(inFlightKey)
                    || !stored.get(inFlightKey).getContentHash().equals(inFlightHash))) {
                unseenInFlight.put(inFlightKey, "kill " + kill + ": " + inFlightHash);
            }
            // a write in flight that did commit is now part of what must survive
            if (inFlightKey != null && stored.containsKey(inFlightKey)
                    && stored.get(inFlightKey).getContentHash().equals(inFlightHash)
                    && !inFlightHash.equals(acknowledged.get(inFlightKey))) {
                acknowledged.put(inFlightKey, inFlightHash);
                inFlightFound++;
            }
            if (inFlight != null && inFlight.startsWith("BEGIN-PUBLISH ")) {
                String[] words = inFlight.split(" ");
                String key = words[1] + " v" + words[2];
                if (stored.get(key).getStatus() == VersionStatus.PUBLISHED) {
                    published.add(key);
                }
            }
        }
    }
}
