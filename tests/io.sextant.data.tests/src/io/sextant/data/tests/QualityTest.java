package io.sextant.data.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sextant.data.EventDataSource;
import io.sextant.data.imports.DataImporter;
import io.sextant.data.imports.ImportMapping;
import io.sextant.data.quality.Finding;
import io.sextant.data.quality.Finding.Check;
import io.sextant.data.quality.QualityChecker;
import io.sextant.data.quality.QualityReport;
import io.sextant.data.quality.QualitySettings;
import io.sextant.data.quality.VolumeAnomaly;
import io.sextant.data.quality.VolumeAnomalyDetector;

/** The quality checks on fixtures, and the anomaly detector on series with a strong weekly pattern. */
class QualityTest {

    @TempDir
    Path project;

    @Test
    void theWeeklyPatternIsNormalAndInjectedJumpsAreFound() {
        LocalDate monday = LocalDate.of(2025, 1, 6);
        for (long seed = 1; seed <= 20; seed++) {
            Random random = new Random(seed);
            NavigableMap<LocalDate, Long> daily = new TreeMap<>();
            for (int day = 0; day < 140; day++) {
                boolean weekend = day % 7 >= 5;
                double level = (weekend ? 300 : 1_000) * (1 + day / 280.0); // weekends a third, slow growth
                daily.put(monday.plusDays(day), Math.round(level * (1 + 0.08 * random.nextGaussian())));
            }
            VolumeAnomalyDetector detector = VolumeAnomalyDetector.defaults();
            assertEquals(List.of(), detector.detect("e", daily), "no anomaly in the weekly pattern, seed " + seed);

            LocalDate spike = monday.plusDays(75); // a Saturday: three times a Saturday is still below a weekday
            LocalDate drop = monday.plusDays(100); // a Wednesday
            daily.put(spike, daily.get(spike) * 3);
            daily.put(drop, daily.get(drop) / 10);
            List<VolumeAnomaly> found = detector.detect("e", daily);
            assertEquals(List.of(spike, drop), found.stream().map(VolumeAnomaly::day).toList(), "seed " + seed);
            assertTrue(found.get(0).jump() > 2.5 && found.get(0).jump() < 4.5, found.get(0).toString());
            assertEquals(0.1, found.get(1).jump(), 0.05);
            assertTrue(found.get(0).score() >= 4 && found.get(1).score() <= -4);
        }
    }

    @Test
    void aDayWithNoEventsAtAllIsADrop() {
        LocalDate monday = LocalDate.of(2025, 1, 6);
        NavigableMap<LocalDate, Long> daily = new TreeMap<>();
        for (int day = 0; day < 70; day++) {
            if (day != 50) {
                daily.put(monday.plusDays(day), 500L + day % 3);
            }
        }
        List<VolumeAnomaly> found = VolumeAnomalyDetector.defaults().detect("e", daily);
        assertEquals(1, found.size());
        assertEquals(monday.plusDays(50), found.get(0).day());
        assertEquals(0, found.get(0).count());
    }

    @Test
    void checksFindNullsRangesImpossibleTimesUnknownUsersAndDuplicates() throws Exception {
        EventDataSource source = EventDataSource.embedded(project);
        StringBuilder events = new StringBuilder("user,event,time,amount,currency\n");
        for (int i = 0; i < 200; i++) {
            events.append("u").append(i % 3).append(",purchase,2025-03-").append(String.format("%02d", 1 + i % 28))
                    .append("T10:00:").append(String.format("%02d", i % 60)).append("Z,").append(10 + i).append(',')
                    .append(i % 50 == 0 ? "" : "USD").append('\n');
        }
        events.append("u1,purchase,2025-03-05T10:00:00Z,-5,USD\n");
        events.append("u1,purchase,2025-03-05T10:00:00Z,-5,USD\n"); // a duplicate
        events.append("ghost,purchase,2025-03-06T10:00:00Z,20,USD\n");
        events.append("u1,purchase,2031-01-01T00:00:00Z,20,USD\n");
        events.append("u2,purchase,2019-06-01T00:00:00Z,20,USD\n");
        DataImporter importer = new DataImporter(source);
        importer.importFile(Sources.write(project, "users.csv", "id,signup\nu0,2025-01-01\nu1,2025-01-01\nu2,2025-01-01\n"),
                ImportMapping.users("id", "signup").build(), new NullProgressMonitor());
        importer.importFile(Sources.write(project, "events.csv", events.toString()),
                ImportMapping.events("user", "event", "time").build(), new NullProgressMonitor());

        Clock now = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        QualityReport report = new QualityChecker(source, now).check(
                QualitySettings.defaults().withProductLaunch(LocalDate.of(2025, 1, 1)), new NullProgressMonitor());
        assertEquals(204, report.events());
        assertOne(report, Check.NULL_VALUES, "purchase.currency", 4);
        assertOne(report, Check.OUT_OF_RANGE, "purchase.amount", 1);
        assertOne(report, Check.FUTURE_TIMESTAMPS, "events", 1);
        assertOne(report, Check.BEFORE_LAUNCH, "events", 1);
        assertOne(report, Check.UNKNOWN_USERS, "events", 1);
        assertOne(report, Check.DUPLICATES, "events.csv", 1);
        assertTrue(report.describe().contains("1 events of 1 users who are not in the users table"), report.describe());

        QualityReport ranged = new QualityChecker(source, now).check(QualitySettings.defaults()
                .withRange("amount", BigDecimal.ZERO, new BigDecimal("100")), new NullProgressMonitor());
        Finding range = ranged.findings(Check.OUT_OF_RANGE).get(0);
        assertEquals(1 + 109, range.count(), "-5, and the 109 values above 100 (101 to 209)");
        assertEquals(List.of(), ranged.findings(Check.BEFORE_LAUNCH), "no launch day, no check");
    }

    private static void assertOne(QualityReport report, Check check, String subject, long count) {
        List<Finding> findings = report.findings(check);
        assertEquals(1, findings.size(), report.describe());
        assertEquals(subject, findings.get(0).subject());
        assertEquals(count, findings.get(0).count(), findings.get(0).message());
    }
}
