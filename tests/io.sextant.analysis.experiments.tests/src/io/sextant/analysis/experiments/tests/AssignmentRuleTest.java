package io.sextant.analysis.experiments.tests;

import static io.sextant.analysis.experiments.tests.ExperimentProject.column;
import static io.sextant.analysis.experiments.tests.ExperimentProject.parameters;
import static io.sextant.analysis.experiments.tests.ExperimentProject.summary;
import static io.sextant.analysis.experiments.tests.ExperimentProject.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sextant.model.AnalysisRun;
import io.sextant.model.RunStatus;

/**
 * The assignment rule on a hand-written event file, user by user: the variant of the first assignment event
 * (by time, not by file order) before T that passes the clause's filters; users whose events name two variants,
 * whose first event names none, or whose variant the experiment does not define are left out and counted;
 * another experiment's events (the filter) and events after T do not count.
 */
class AssignmentRuleTest {

    static final String EVENTS = """
            user_id,event,time,experiment,variant
            u1,experiment_assigned,2026-01-05T10:00:00Z,x,a
            u1,experiment_assigned,2026-01-06T10:00:00Z,x,a
            u1,plan_upgraded,2026-01-07T10:00:00Z,,
            u2,experiment_assigned,2026-01-05T10:00:00Z,x,b
            u2,plan_upgraded,2026-01-07T10:00:00Z,,
            u3,experiment_assigned,2026-01-05T10:00:00Z,x,a
            u3,experiment_assigned,2026-01-05T11:00:00Z,x,b
            u4,experiment_assigned,2026-01-05T10:00:00Z,x,
            u4,experiment_assigned,2026-01-05T11:00:00Z,x,a
            u5,experiment_assigned,2026-01-05T10:00:00Z,x,c
            u6,experiment_assigned,2026-01-05T10:00:00Z,y,a
            u7,experiment_assigned,2026-02-05T10:00:00Z,x,b
            u8,experiment_assigned,2026-01-05T10:00:00Z,y,a
            u8,experiment_assigned,2026-01-05T10:00:05Z,x,b
            u9,experiment_assigned,2026-01-06T10:00:00Z,x,
            u9,experiment_assigned,2026-01-04T10:00:00Z,x,b
            """;

    static final String DEFINITIONS = """
            metric Upgrades { owner "t" count "plan_upgraded" }
            segment Upgraded { owner "t" where did "plan_upgraded" }
            experiment X {
                owner "t"
                variants { a 50 %, b 50 % }
                assignment "experiment_assigned" [experiment = "x"].variant
                primary Upgrades
            }
            experiment XAmongUpgraded {
                owner "t"
                population Upgraded
                variants { a 50 %, b 50 % }
                assignment "experiment_assigned" [experiment = "x"].variant
                primary Upgrades
            }
            experiment Z {
                owner "t"
                variants { a 50 %, b 50 % }
                assignment "experiment_assigned" [experiment = "z"].variant
                primary Upgrades
            }
            """;

    static ExperimentProject project;

    @BeforeAll
    static void create() throws Exception {
        Path folder = Files.createTempDirectory("sextant-assignment");
        Path events = folder.resolve("events.csv");
        Files.writeString(events, EVENTS, StandardCharsets.UTF_8);
        project = new ExperimentProject(folder, null, events, LocalDate.of(2026, 1, 31),
                Map.of("rule.seg", DEFINITIONS));
    }

    @Test
    void eachUserIsInTheVariantOfTheirFirstAssignmentOrLeftOutAndCounted() throws Exception {
        AnalysisRun run = project.run(parameters("experiment", "X"));
        assertEquals(RunStatus.SUCCEEDED, run.getStatus(), run.getError());
        // a: u1; b: u2, u8 (its other event is experiment y's), u9 (first by time is b)
        assertEquals(List.of(1.0, 3.0), column(table(run, "Sample ratio"), "users").getNumbers());
        assertEquals(4.0, summary(run, "users in the experiment"));
        assertEquals(1.0, summary(run, "left out: in several variants")); // u3
        assertEquals(1.0, summary(run, "left out: first assignment without a variant")); // u4
        assertEquals(1.0, summary(run, "left out: unknown variant")); // u5, in "c"
        assertEquals(0.0, summary(run, "left out: outside the population"));
        List<String> warnings = column(table(run, "Warnings"), "warning").getTexts();
        assertTrue(warnings.contains("1 users were assigned to \"c\", which experiment X does not define; they are left out"),
                warnings.toString());
        // one user in a: no test is possible, which is said, and the run still stores what it has
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("Upgrades, b against a not compared:")), warnings.toString());
        assertEquals(List.of(), column(table(run, "Lifts"), "label").getTexts());
    }

    @Test
    void usersOutsideThePopulationAreLeftOut() throws Exception {
        AnalysisRun run = project.run(parameters("experiment", "XAmongUpgraded"));
        assertEquals(RunStatus.SUCCEEDED, run.getStatus(), run.getError());
        assertEquals(List.of(1.0, 1.0), column(table(run, "Sample ratio"), "users").getNumbers()); // u1 in a, u2 in b
        assertEquals(5.0, summary(run, "left out: outside the population")); // u3, u4, u5, u8, u9
    }

    @Test
    void anExperimentNobodyIsAssignedToFailsWithItsReason() throws Exception {
        AnalysisRun run = project.run(parameters("experiment", "Z"));
        assertEquals(RunStatus.FAILED, run.getStatus());
        assertEquals("rule.seg:16: no user of experiment Z has an assignment event \"experiment_assigned\" with a"
                + " variant of a, b before 2026-02-01", run.getError());
    }
}
