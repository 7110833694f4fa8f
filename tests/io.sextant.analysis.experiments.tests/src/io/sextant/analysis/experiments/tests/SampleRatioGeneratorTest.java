package io.sextant.analysis.experiments.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.NamedCsvRecord;
import io.sextant.analysis.experiments.stats.Comparison;
import io.sextant.analysis.experiments.stats.ExperimentResult;
import io.sextant.analysis.experiments.stats.SampleRatio;
import io.sextant.analysis.experiments.stats.SampleRatioResult;
import io.sextant.data.generator.GeneratorSettings;
import io.sextant.data.generator.GroundTruth;
import io.sextant.data.generator.GroundTruth.ExperimentTruth;
import io.sextant.data.generator.SyntheticGenerator;
import io.sextant.data.generator.Tier;

/**
 * The sample ratio check on the synthetic generator's experiments: a user's variant is the variant property
 * of their first "experiment_assigned" event for the experiment (as the language defines assignment), read
 * from the generated events file (ExperimentAnalysisTest checks the same through the engine and the analysis). The experiment the
 * ground truth marks as mismatched must be flagged at p < 0.001, the others not.
 * <p>
 * At tier S (470 users) the mismatch (15 % of one variant's assignment events lost among ~420 users) gives
 * p ≈ 0.005: a real mismatch too small to pass GrowthBook's 0.001 threshold, so the flag is checked on the
 * same settings with ten times the users (4,700); tier S's figures are recorded.
 */
class SampleRatioGeneratorTest {

    @Test
    void theMismatchedExperimentIsFlaggedAndTheOthersAreNot(@TempDir Path dir) throws IOException {
        GroundTruth tierS = new SyntheticGenerator().generate(dir.resolve("s"), GeneratorSettings.of(Tier.S, 42),
                new NullProgressMonitor());
        Map<String, SampleRatioResult> small = checkAll(tierS, "tier S (470 users)");
        for (ExperimentTruth e : tierS.experiments()) {
            if (!e.sampleRatioMismatch()) {
                assertFalse(small.get(e.name()).mismatch(), e.name() + " flagged at tier S: " + small.get(e.name()));
            }
        }

        long start = System.nanoTime();
        GroundTruth larger = new SyntheticGenerator().generate(dir.resolve("s10"),
                GeneratorSettings.of(Tier.S, 42).withUsers(4700), new NullProgressMonitor());
        Figures.record(String.format("  (generating 4,700 users took %.1f s)", (System.nanoTime() - start) / 1e9));
        Map<String, SampleRatioResult> results = checkAll(larger, "tier S settings, 4,700 users");
        assertTrue(larger.experiments().stream().anyMatch(ExperimentTruth::sampleRatioMismatch),
                "the generator plants a mismatch");
        for (ExperimentTruth e : larger.experiments()) {
            SampleRatioResult r = results.get(e.name());
            assertEquals(e.sampleRatioMismatch(), r.mismatch(), e.name() + ": " + r.message());
            ExperimentResult experiment = ExperimentResult.of(r, List.<Comparison>of());
            assertEquals(!e.sampleRatioMismatch(), experiment.trustworthy(), e.name());
        }
    }

    private static Map<String, SampleRatioResult> checkAll(GroundTruth truth, String label) throws IOException {
        Map<String, Map<String, Long>> counts = assignments(truth.files().get("events.csv"));
        Map<String, SampleRatioResult> results = new TreeMap<>();
        for (ExperimentTruth e : truth.experiments()) {
            Map<String, Long> observed = counts.getOrDefault(e.name(), Map.of());
            // what was read from the file is what the generator logged
            assertEquals(e.loggedUsers(), new TreeMap<>(observed), e.name() + " users per variant in the events file");
            SampleRatioResult r = SampleRatio.check(observed, e.intendedShares());
            results.put(e.name(), r);
            Figures.record(String.format("SRM %s: %s (planted mismatch: %s) -> %s", label, e.name(),
                    e.sampleRatioMismatch(), r.message()));
        }
        return results;
    }

    /** experiment → variant → users, each user counted once, in the variant of their first assignment event. */
    static Map<String, Map<String, Long>> assignments(Path events) throws IOException {
        record First(Instant time, String variant) {
        }
        Map<String, Map<String, First>> first = new HashMap<>();
        try (CsvReader<NamedCsvRecord> reader = CsvReader.builder().ofNamedCsvRecord(events)) {
            for (NamedCsvRecord row : reader) {
                if (!"experiment_assigned".equals(row.getField("event"))) {
                    continue;
                }
                String experiment = row.getField("experiment");
                String variant = row.getField("variant");
                if (experiment.isEmpty() || variant.isEmpty()) {
                    continue;
                }
                Instant time = Instant.parse(row.getField("time"));
                first.computeIfAbsent(experiment, k -> new HashMap<>()).merge(row.getField("user_id"),
                        new First(time, variant), (a, b) -> b.time().isBefore(a.time()) ? b : a);
            }
        }
        Map<String, Map<String, Long>> counts = new TreeMap<>();
        first.forEach((experiment, users) -> users.values()
                .forEach(f -> counts.computeIfAbsent(experiment, k -> new TreeMap<>()).merge(f.variant(), 1L, Long::sum)));
        return counts;
    }
}
