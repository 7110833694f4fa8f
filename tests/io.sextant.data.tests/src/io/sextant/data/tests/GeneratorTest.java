package io.sextant.data.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sextant.data.EventDataSource;
import io.sextant.data.generator.GeneratorSettings;
import io.sextant.data.generator.GroundTruth;
import io.sextant.data.generator.GroundTruth.ExperimentTruth;
import io.sextant.data.generator.GroundTruth.SegmentTruth;
import io.sextant.data.generator.SyntheticGenerator;
import io.sextant.data.generator.Tier;
import io.sextant.data.imports.DataImporter;
import io.sextant.data.imports.ImportMapping;
import io.sextant.data.imports.ImportSummary;
import io.sextant.data.quality.Finding.Check;
import io.sextant.data.quality.QualityChecker;
import io.sextant.data.quality.QualityReport;
import io.sextant.data.quality.QualitySettings;
import io.sextant.data.quality.VolumeAnomaly;

/**
 * The generator: deterministic, tier S about 100k events, and its ground truth agrees with what the import,
 * the catalog and the quality checks find in the data it wrote.
 */
class GeneratorTest {

    static final ImportMapping EVENTS = ImportMapping.events("user_id", "event", "time").build();
    static final ImportMapping USERS = ImportMapping.users("user_id", "signup_time").build();

    @TempDir
    static Path folder;

    static GroundTruth truth;
    static EventDataSource source;
    static ImportSummary events;

    @BeforeAll
    static void generateAndImportTierS() throws Exception {
        truth = new SyntheticGenerator().generate(folder.resolve("s"), GeneratorSettings.of(Tier.S, 42),
                new NullProgressMonitor());
        source = EventDataSource.embedded(folder.resolve("project"));
        DataImporter importer = new DataImporter(source);
        importer.importFile(truth.files().get("users.csv"), USERS, new NullProgressMonitor());
        events = importer.importFile(truth.files().get("events.csv"), EVENTS, new NullProgressMonitor());
    }

    @Test
    void tierSHasAbout100kEventsAndImportsAllOfThem() {
        assertTrue(truth.eventRows() > 80_000 && truth.eventRows() < 130_000, "events: " + truth.eventRows());
        assertEquals(truth.eventRows(), events.rowsRead());
        assertEquals(0, events.quarantined(), events.describe());
        assertEquals(truth.defects().exactDuplicates(), events.duplicates());
        assertEquals(truth.distinctEvents(), events.rowsImported());
        assertTrue(truth.defects().exactDuplicates() > 50, "the retry duplicates are there to be found");
    }

    @Test
    void sameSeedSameBytesOtherSeedOtherData() throws Exception {
        GeneratorSettings small = GeneratorSettings.of(Tier.S, 7).withUsers(60);
        Path a = folder.resolve("a");
        Path b = folder.resolve("b");
        Path c = folder.resolve("c");
        new SyntheticGenerator().generate(a, small, new NullProgressMonitor());
        new SyntheticGenerator().generate(b, small, new NullProgressMonitor());
        new SyntheticGenerator().generate(c, GeneratorSettings.of(Tier.S, 8).withUsers(60), new NullProgressMonitor());
        for (String file : List.of("events.csv", "users.csv", "ground-truth.json", "users-truth.csv")) {
            assertArrayEquals(Files.readAllBytes(a.resolve(file)), Files.readAllBytes(b.resolve(file)), file);
        }
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(a.resolve("events.csv")),
                Files.readAllBytes(c.resolve("events.csv"))));
    }

    @Test
    void jsonLinesHoldTheSameEventsAsCsv() throws Exception {
        GeneratorSettings small = GeneratorSettings.of(Tier.S, 3).withUsers(80).withFormats(true, true);
        GroundTruth both = new SyntheticGenerator().generate(folder.resolve("both"), small, new NullProgressMonitor());
        EventDataSource fromCsv = EventDataSource.embedded(folder.resolve("csv-project"));
        EventDataSource fromJson = EventDataSource.embedded(folder.resolve("json-project"));
        ImportSummary csv = new DataImporter(fromCsv).importFile(both.files().get("events.csv"), EVENTS,
                new NullProgressMonitor());
        ImportSummary json = new DataImporter(fromJson).importFile(both.files().get("events.jsonl"), EVENTS,
                new NullProgressMonitor());
        assertEquals(csv.rowsImported(), json.rowsImported());
        assertEquals(csv.duplicates(), json.duplicates());
        String query = "SELECT event_name, COUNT(*), SUM(\"p_amount\"), SUM(\"p_duration_s\"), COUNT(DISTINCT \"p_page\")"
                + " FROM events GROUP BY event_name ORDER BY event_name";
        assertEquals(Sources.rows(fromCsv, query), Sources.rows(fromJson, query));
    }

    @Test
    void theHiddenSegmentRuleRecoversExactlyItsMembers() throws Exception {
        SegmentTruth explorers = truth.segments().get(0);
        long recovered = Sources.count(source, "SELECT COUNT(*) FROM (SELECT e.user_id FROM events e JOIN users u"
                + " ON u.user_id = e.user_id WHERE e.event_name = 'feature_viewed' AND e.event_time >= u.signup_time"
                + " AND e.event_time < u.signup_time + INTERVAL 7 DAY GROUP BY e.user_id"
                + " HAVING COUNT(DISTINCT e.\"p_feature\") >= 3)");
        assertEquals(explorers.members(), recovered);
        // and the segment was built to matter
        assertTrue(explorers.outcomes().get("upgrade_within_14d") > 2 * explorers.outcomes().get("upgrade_within_14d.others"),
                explorers.outcomes().toString());
        SegmentTruth stuck = truth.segments().get(1);
        assertTrue(stuck.outcomes().get("churned_by_day30") > stuck.outcomes().get("churned_by_day30.others") + 0.2,
                stuck.outcomes().toString());
    }

    @Test
    void theExperimentAssignmentsInTheDataAreThoseOfTheTruth() throws Exception {
        for (ExperimentTruth experiment : truth.experiments()) {
            Map<String, Long> logged = new TreeMap<>();
            for (String row : Sources.rows(source, "SELECT \"p_variant\", COUNT(DISTINCT user_id) FROM events WHERE"
                    + " event_name = 'experiment_assigned' AND \"p_experiment\" = '" + experiment.name()
                    + "' GROUP BY \"p_variant\"")) {
                logged.put(row.split("\\|")[0], Long.parseLong(row.split("\\|")[1]));
            }
            assertEquals(experiment.loggedUsers(), logged, experiment.name());
        }
        ExperimentTruth checkout = truth.experiments().get(1);
        assertTrue(checkout.sampleRatioMismatch());
        double assignedRatio = (double) checkout.assignedUsers().get("redesign") / checkout.assignedUsers().get("control");
        double loggedRatio = (double) checkout.loggedUsers().get("redesign") / checkout.loggedUsers().get("control");
        assertTrue(assignedRatio > 0.85 && assignedRatio < 1.15, "assigned 50/50: " + assignedRatio);
        assertTrue(loggedRatio < assignedRatio - 0.08, "logged fewer in redesign: " + loggedRatio);
        assertEquals(Set.of("control", "tour"), truth.experiments().get(0).assignedUsers().keySet());
    }

    @Test
    void theQualityChecksFindWhatTheGeneratorInjectedAndNothingElse() throws Exception {
        Clock afterTheData = Clock.fixed(truth.start().plusDays(truth.days() + 30).atStartOfDay(ZoneOffset.UTC)
                .toInstant(), ZoneOffset.UTC);
        QualityReport report = new QualityChecker(source, afterTheData).check(
                QualitySettings.defaults().withProductLaunch(truth.start()), new NullProgressMonitor());
        assertEquals(truth.anomalies().stream().map(a -> a.event() + " " + a.day()).collect(Collectors.toSet()),
                report.anomalies().stream().map(a -> a.event() + " " + a.day()).collect(Collectors.toSet()),
                report.describe());
        for (VolumeAnomaly anomaly : report.anomalies()) {
            double injected = truth.anomalies().stream().filter(a -> a.event().equals(anomaly.event())).findFirst()
                    .orElseThrow().factor();
            assertEquals(injected, anomaly.jump(), injected * 0.35, anomaly.toString());
        }
        assertEquals(truth.defects().unknownUserEvents(), report.findings(Check.UNKNOWN_USERS).get(0).count());
        assertEquals(truth.defects().futureEvents(), report.findings(Check.FUTURE_TIMESTAMPS).get(0).count());
        assertEquals(truth.defects().preLaunchEvents(), report.findings(Check.BEFORE_LAUNCH).get(0).count());
        assertEquals(List.of("purchase.amount " + truth.defects().negativeAmounts()),
                report.findings(Check.OUT_OF_RANGE).stream().map(f -> f.subject() + " " + f.count()).toList());
        assertEquals(truth.defects().exactDuplicates(), report.findings(Check.DUPLICATES).stream()
                .filter(f -> f.subject().equals("events.csv")).findFirst().orElseThrow().count());
    }
}
