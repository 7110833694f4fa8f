package io.sextant.project.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sextant.analysis.AnalysisRegistry;
import io.sextant.data.generator.GeneratorSettings;
import io.sextant.data.generator.GroundTruth;
import io.sextant.data.generator.Tier;
import io.sextant.dsl.seg.Playbook;
import io.sextant.model.AnalysisRun;
import io.sextant.model.RunStatus;
import io.sextant.project.Playbooks;
import io.sextant.project.ProjectProblem;
import io.sextant.project.SampleProjects;
import io.sextant.project.SextantProject;
import io.sextant.store.Identity;

/** The sample project made headless, opened, validated, and its playbook run and found again. */
class SampleProjectRoundTripTest {

    @TempDir
    static Path folder;
    static Path projectFolder;
    static GroundTruth truth;
    static SextantProject project;
    /** A hidden folder of a creation whose process still runs: another creation under way, left alone. */
    static Path runningLeftover;

    @BeforeAll
    static void createSample() throws Exception {
        projectFolder = folder.resolve("acme");
        // what a killed creation leaves: its process is gone, so the next creation removes the folder
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        Files.createDirectories(folder.resolve(".acme.partial-" + finished.pid()).resolve("data"));
        runningLeftover = Files.createDirectories(
                folder.resolve(".acme.partial-" + ProcessHandle.current().parent().orElseThrow().pid()));
        truth = SampleProjects.create(projectFolder, Tier.S, 42, new NullProgressMonitor());
        project = SextantProject.open(projectFolder, Identity.of("alice"));
    }

    @AfterAll
    static void close() {
        project.close();
    }

    @Test
    void theSampleHasDataDefinitionsAndNoLeftovers() throws Exception {
        assertTrue(project.hasData());
        assertEquals(List.of(Path.of("definitions/core.seg"), Path.of("definitions/growth.seg")),
                project.definitions().files());
        assertFalse(project.definitions().hasErrors(), project.definitions().problems().toString());
        assertEquals(truth.eventRows() > 50_000, true, "tier S has about 100,000 events");
        try (var siblings = Files.list(folder)) {
            assertEquals(List.of(runningLeftover, projectFolder), siblings.sorted().toList(),
                    "the partial folder and a killed creation's are gone; a running creation's is left alone");
        }
        // the last generated day, not the clock-broken events dated years ahead
        assertEquals(GeneratorSettings.DEFAULT_START.plusDays(GeneratorSettings.DEFAULT_DAYS - 1), project.defaultAsOf());
    }

    @Test
    void thePlaybookRunsAndItsRunsAreFoundAgain() throws Exception {
        Playbook playbook = project.definitions().find("Q3Growth", Playbook.class, "playbook");
        LocalDate asOf = project.defaultAsOf();
        List<Playbooks.Step> steps = Playbooks.steps(playbook, asOf, project.definitions().lookup(), AnalysisRegistry.read());
        assertEquals(List.of("segment-value", "cohort-retention", "funnel", "behaviour-outcome", "paths", "experiment"),
                steps.stream().map(s -> s.request().analysisId()).toList());
        assertEquals("sample.growth.Explorers,sample.growth.Stuck,sample.growth.NewUsers",
                steps.get(0).resolvedParameters().get(Playbooks.PLAYBOOK_SEGMENTS), "the playbook's segments are valued");

        assertTrue(Playbooks.latestRuns(steps, project.repository()).stream().allMatch(a -> a.run().isEmpty()),
                "nothing has run yet");
        List<AnalysisRun> runs = Playbooks.run(steps, project.analysisRunner(), new NullProgressMonitor());
        assertEquals(steps.size(), runs.size());
        for (AnalysisRun run : runs) {
            assertEquals(RunStatus.SUCCEEDED, run.getStatus(), run.getAnalysisId() + ": " + run.getError());
        }

        List<Playbooks.Answered> answered = Playbooks.latestRuns(steps, project.repository());
        for (int i = 0; i < steps.size(); i++) {
            AnalysisRun found = answered.get(i).run().orElseThrow();
            assertEquals(runs.get(i).getId(), found.getId());
            assertFalse(found.getResults().isEmpty(), "found with its results");
        }
        // another as-of date is another question: the stored runs do not answer it
        List<Playbooks.Step> earlier = Playbooks.steps(playbook, asOf.minusDays(30), project.definitions().lookup(),
                AnalysisRegistry.read());
        assertTrue(Playbooks.latestRuns(earlier, project.repository()).stream().allMatch(a -> a.run().isEmpty()));
    }

    @Test
    void problemsPrintAsFileLineColumn() {
        ProjectProblem problem = new ProjectProblem(Path.of("definitions/x.seg"), 3, 7, ProjectProblem.Severity.ERROR,
                "no segment 'Foo'");
        assertEquals("definitions/x.seg:3:7: error: no segment 'Foo'", problem.toString());
    }
}
