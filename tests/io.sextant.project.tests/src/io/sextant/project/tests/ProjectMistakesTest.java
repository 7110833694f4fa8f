package io.sextant.project.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sextant.analysis.AnalysisRegistry;
import io.sextant.data.generator.Tier;
import io.sextant.dsl.seg.Playbook;
import io.sextant.dsl.seg.Segment;
import io.sextant.project.Playbooks;
import io.sextant.project.ProjectDefinitions;
import io.sextant.project.ProjectException;
import io.sextant.project.ProjectProblem;
import io.sextant.project.SampleProjects;
import io.sextant.project.SextantProject;
import io.sextant.store.Identity;

/** Every mistake with a project is one clear message, and nothing is created or lost by it. */
class ProjectMistakesTest {

    @TempDir
    Path folder;

    private SextantProject projectWith(String fileName, String text) throws Exception {
        Path definitions = Files.createDirectories(folder.resolve("p/definitions"));
        Files.writeString(definitions.resolve(fileName), text);
        return SextantProject.open(folder.resolve("p"), Identity.of("bob"));
    }

    @Test
    void aMissingFolderOrAFileIsNamed() throws Exception {
        ProjectException missing = assertThrows(ProjectException.class,
                () -> SextantProject.open(folder.resolve("nope"), Identity.of("bob")));
        assertTrue(missing.getMessage().startsWith("no project folder "), missing.getMessage());
        Path file = Files.writeString(folder.resolve("file.txt"), "x");
        ProjectException notFolder = assertThrows(ProjectException.class, () -> SextantProject.open(file, Identity.of("bob")));
        assertTrue(notFolder.getMessage().endsWith("is a file, not a project folder"), notFolder.getMessage());
    }

    @Test
    void syntaxAndReferenceErrorsHaveFileLineAndColumn() throws Exception {
        try (SextantProject project = projectWith("bad.seg", """
                segment A { owner "t" where did "x" }
                segment B { owner "t"
                    where in segment Missing }
                """)) {
            ProjectDefinitions definitions = project.definitions();
            assertTrue(definitions.hasErrors());
            ProjectProblem problem = definitions.problems().stream()
                    .filter(p -> p.severity() == ProjectProblem.Severity.ERROR).findFirst().orElseThrow();
            assertEquals(Path.of("definitions/bad.seg"), problem.file());
            assertEquals(3, problem.line(), problem.toString());
            assertTrue(problem.message().contains("Missing"), problem.toString());
            assertFalse(Files.exists(folder.resolve("p/.sextant")), "validating creates no database");
        }
    }

    /**
     * Issue 24: one file that is not UTF-8 hid every other file's problems. It is an error of that file, with
     * its path and the line of the first bad byte; the other files are still parsed and their problems told.
     */
    @Test
    void aFileThatIsNotUtf8IsAnErrorOfThatFileAndTheOthersAreStillValidated() throws Exception {
        Path definitions = Files.createDirectories(folder.resolve("p/definitions"));
        Files.write(definitions.resolve("latin1.seg"), "package l\n\nsegment Caf\u00e9 { }".getBytes(StandardCharsets.ISO_8859_1));
        Files.writeString(definitions.resolve("other.seg"), """
                package o
                segment B { owner "t"
                    where in segment Missing }
                segment Fine { owner "t" where did "x" }
                """);
        try (SextantProject project = SextantProject.open(folder.resolve("p"), Identity.of("bob"))) {
            ProjectDefinitions loaded = project.definitions();
            assertEquals(2, loaded.files().size(), loaded.files().toString());
            java.util.List<ProjectProblem> errors = loaded.problems().stream()
                    .filter(p -> p.severity() == ProjectProblem.Severity.ERROR).toList();
            assertEquals(2, errors.size(), errors.toString());
            assertEquals("definitions/latin1.seg:3:1: error: not UTF-8 text: the byte 0xE9 at line 3 is not UTF-8;"
                    + " save the file as UTF-8", errors.get(0).toString().replace('\\', '/'));
            assertEquals(Path.of("definitions/other.seg"), errors.get(1).file());
            assertEquals(3, errors.get(1).line());
            assertTrue(errors.get(1).message().contains("Missing"), errors.get(1).toString());
            assertTrue(loaded.resource(Path.of("definitions/latin1.seg")).isEmpty());
            assertEquals(java.util.List.of("o.B", "o.Fine"), loaded.all().stream()
                    .map(io.sextant.dsl.SegDefinitions::qualifiedName).toList());
        }
    }

    @Test
    void unknownAndAmbiguousNamesListWhatExists() throws Exception {
        try (SextantProject project = projectWith("a.seg", """
                package a
                segment Same { owner "t" where did "x" }
                segment Other { owner "t" where did "y" }
                """)) {
            Files.writeString(folder.resolve("p/definitions/b.seg"), "package b\nsegment Same { owner \"t\" where did \"x\" }\n");
            project.forgetCatalog();
            ProjectException unknown = assertThrows(ProjectException.class,
                    () -> project.definitions().find("Nope", Segment.class, "segment"));
            assertEquals("no segment 'Nope' in the .seg files of p; known: a.Other, a.Same, b.Same", unknown.getMessage());
            ProjectException ambiguous = assertThrows(ProjectException.class,
                    () -> project.definitions().find("Same", Segment.class, "segment"));
            assertEquals("'Same' names 2 segments: a.Same, b.Same; use the qualified name", ambiguous.getMessage());
            assertEquals("Same", project.definitions().find("b.Same", Segment.class, "segment").getName());
        }
    }

    @Test
    void aPlaybookWithAnUnknownAnalysisOrParameterStopsBeforeAnythingRuns() throws Exception {
        try (SextantProject project = projectWith("p.seg", """
                segment S { owner "t" where did "x" }
                playbook Bad { owner "t"
                    analysis "segment-value" (segments: S)
                    analysis "no-such-analysis"
                }
                playbook BadParameter { owner "t"
                    analysis "cohort-retention" (period: "fortnight")
                }
                playbook Empty { owner "t" }
                """)) {
            AnalysisRegistry registry = AnalysisRegistry.read();
            assertFalse(project.definitions().hasErrors(), project.definitions().problems().toString());
            ProjectException unknown = assertThrows(ProjectException.class, () -> Playbooks.steps(
                    project.definitions().find("Bad", Playbook.class, "playbook"), LocalDate.of(2025, 3, 1),
                    project.definitions().lookup(), registry));
            assertTrue(unknown.getMessage().startsWith("playbook Bad, analysis 2 ('no-such-analysis'): no such analysis is installed; installed: "),
                    unknown.getMessage());
            ProjectException parameter = assertThrows(ProjectException.class, () -> Playbooks.steps(
                    project.definitions().find("BadParameter", Playbook.class, "playbook"), LocalDate.of(2025, 3, 1),
                    project.definitions().lookup(), registry));
            assertTrue(parameter.getMessage().startsWith("playbook BadParameter, analysis 1 ('cohort-retention'): "),
                    parameter.getMessage());
            assertTrue(parameter.getMessage().contains("period"), parameter.getMessage());
            ProjectException empty = assertThrows(ProjectException.class, () -> Playbooks.steps(
                    project.definitions().find("Empty", Playbook.class, "playbook"), LocalDate.of(2025, 3, 1),
                    project.definitions().lookup(), registry));
            assertTrue(empty.getMessage().startsWith("playbook Empty names no analysis"), empty.getMessage());
            ProjectException noData = assertThrows(ProjectException.class, project::analysisRunner);
            assertEquals("the project p has no event data yet: import events first", noData.getMessage());
        }
    }

    @Test
    void aSampleIsNotWrittenIntoAFolderThatHasFiles() throws Exception {
        Path taken = Files.createDirectories(folder.resolve("taken"));
        Path keep = Files.writeString(taken.resolve("notes.txt"), "mine");
        ProjectException e = assertThrows(ProjectException.class,
                () -> SampleProjects.create(taken, Tier.S, 1, new NullProgressMonitor()));
        assertTrue(e.getMessage().endsWith("is not empty; give a new or empty folder for the sample project"), e.getMessage());
        assertEquals("mine", Files.readString(keep));
        try (var entries = Files.list(taken)) {
            assertEquals(1, entries.count(), "nothing was added");
        }
    }
}
