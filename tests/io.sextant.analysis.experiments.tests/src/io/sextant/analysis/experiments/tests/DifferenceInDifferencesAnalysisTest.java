package io.sextant.analysis.experiments.tests;

import static io.sextant.analysis.experiments.tests.ExperimentProject.column;
import static io.sextant.analysis.experiments.tests.ExperimentProject.number;
import static io.sextant.analysis.experiments.tests.ExperimentProject.parameters;
import static io.sextant.analysis.experiments.tests.ExperimentProject.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sextant.analysis.AnalysisException;
import io.sextant.model.AnalysisRun;
import io.sextant.model.RunStatus;

/**
 * The difference-in-differences analysis on data with a planted effect: 200 users in the US (treated) and 200
 * in Germany (comparison) start sessions every week at a rate that grows by one a week for both; from the
 * change on, the treated users start two more a week. A second event's treated users already grew faster
 * before the change, which the pre-trends check must catch.
 */
class DifferenceInDifferencesAnalysisTest {

    static final LocalDate START = LocalDate.of(2026, 1, 5);
    static final LocalDate CHANGE = START.plusWeeks(4);
    static final double PLANTED = 2.0;

    static final String DEFINITIONS = """
            package change
            segment Us { owner "t" where user.country = "US" }
            segment Germany { owner "t" where user.country = "DE" }
            """;

    static ExperimentProject project;

    @BeforeAll
    static void create() throws Exception {
        Path folder = Files.createTempDirectory("sextant-did");
        StringBuilder users = new StringBuilder("user_id,signup_time,country\n");
        StringBuilder events = new StringBuilder("user_id,event,time\n");
        for (int u = 0; u < 400; u++) {
            boolean treated = u < 200;
            String id = "u" + u;
            users.append(id).append(",2025-12-01T00:00:00Z,").append(treated ? "US" : "DE").append('\n');
            for (int week = 0; week < 8; week++) {
                // a common trend, the planted effect after the change, and noise that differs by user and week
                int noise = (u * 7 + week * 3) % 5 - 2;
                int sessions = 4 + week + noise + (treated && week >= 4 ? (int) PLANTED : 0);
                // the second event: the treated group grows by one more a week from the start (no parallel trends)
                int views = 3 + week + (u % 3) + (u * 5 + week * (u % 4)) % 3 + (treated ? week : 0);
                LocalDate monday = START.plusWeeks(week);
                for (int i = 0; i < sessions; i++) {
                    events.append(id).append(",session_started,").append(monday.plusDays(i % 7)).append('T')
                            .append(String.format("%02d:%02d:00Z", 8 + i / 7, i % 60)).append('\n');
                }
                for (int i = 0; i < views; i++) {
                    events.append(id).append(",page_viewed,").append(monday.plusDays(i % 7)).append('T')
                            .append(String.format("%02d:%02d:30Z", 8 + i / 7, i % 60)).append('\n');
                }
            }
        }
        Files.createDirectories(folder.resolve("data"));
        Path usersCsv = Files.writeString(folder.resolve("data/users.csv"), users);
        Path eventsCsv = Files.writeString(folder.resolve("data/events.csv"), events);
        project = new ExperimentProject(folder, usersCsv, eventsCsv, START.plusWeeks(8).minusDays(1),
                Map.of("did.seg", DEFINITIONS));
    }

    @Test
    void thePlantedChangeIsRecoveredAndPreTrendsPass() throws Exception {
        AnalysisRun run = project.run("difference-in-differences", parameters("treated", "Us", "comparison", "Germany",
                "event", "session_started", "change", CHANGE.toString(), "pre", "4", "post", "4"));
        assertEquals(RunStatus.SUCCEEDED, run.getStatus(), run.getError());
        var did = table(run, "Difference in differences");
        double estimate = number(did, "estimate", 0);
        double lower = number(did, "lower", 0);
        double upper = number(did, "upper", 0);
        assertTrue(lower <= PLANTED && PLANTED <= upper, "the interval covers the planted " + PLANTED + ": " + estimate
                + " [" + lower + ", " + upper + "]");
        assertEquals(PLANTED, estimate, 0.1);
        assertTrue(number(did, "p-value", 0) < 1e-6);
        assertEquals(200, number(did, "treated users", 0));
        assertEquals(200, number(did, "comparison users", 0));
        assertEquals("not rejected", column(table(run, "Parallel pre-trends"), "check").getTexts().get(0));
        assertEquals(8, column(table(run, "Periods"), "period starting").getTexts().size());
        assertTrue(column(table(run, "Assumptions"), "assumption").getTexts().get(0).startsWith("parallel trends"));
    }

    @Test
    void divergingPreTrendsAreRejectedAndSaidSo() throws Exception {
        AnalysisRun run = project.run("difference-in-differences", parameters("treated", "Us", "comparison", "Germany",
                "event", "page_viewed", "change", CHANGE.toString()));
        assertEquals(RunStatus.SUCCEEDED, run.getStatus(), run.getError());
        var periods = table(run, "Periods");
        assertEquals("rejected: the estimate is likely biased",
                column(table(run, "Parallel pre-trends"), "check").getTexts().get(0),
                "treated " + column(periods, "treated mean").getNumbers() + ", comparison "
                        + column(periods, "comparison mean").getNumbers());
        assertTrue(column(table(run, "Warnings"), "warning").getTexts().stream()
                .anyMatch(w -> w.startsWith("parallel pre-trends rejected")));
    }

    @Test
    void mistakesAreRefusedBeforeAnythingRuns() {
        AnalysisException late = assertThrows(AnalysisException.class, () -> project.run("difference-in-differences",
                parameters("treated", "Us", "comparison", "Germany", "event", "session_started", "change",
                        CHANGE.toString(), "post", "5")));
        assertTrue(late.getMessage().contains("the last post-period ends on 2026-03-08, after the as-of date 2026-03-01"),
                late.getMessage());
        AnalysisException unknown = assertThrows(AnalysisException.class, () -> project.run("difference-in-differences",
                parameters("treated", "Us", "comparison", "Us", "event", "sessoin_started", "change", CHANGE.toString())));
        assertTrue(unknown.getMessage().contains("the data has no event 'sessoin_started'"), unknown.getMessage());
        assertTrue(unknown.getMessage().contains("the same segment, Us"), unknown.getMessage());
    }
}
