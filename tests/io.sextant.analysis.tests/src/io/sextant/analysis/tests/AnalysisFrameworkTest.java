package io.sextant.analysis.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sextant.analysis.AnalysisDescriptor;
import io.sextant.analysis.AnalysisException;
import io.sextant.analysis.AnalysisRegistry;
import io.sextant.analysis.AnalysisRequest;
import io.sextant.analysis.ParameterType;
import io.sextant.dsl.SegDefinitions;
import io.sextant.dsl.seg.Segment;
import io.sextant.engine.Engine;
import io.sextant.engine.EngineRun;
import io.sextant.model.AnalysisRun;
import io.sextant.model.Parameter;
import io.sextant.model.RunStatus;
import io.sextant.model.TableResult;
import io.sextant.model.VersionReference;

/** The extension point, parameters, requirements and the runner, with analyses this bundle contributes. */
class AnalysisFrameworkTest {

    static AnalysisProject project;

    @BeforeAll
    static void create() throws Exception {
        project = AnalysisProject.shared();
    }

    @Test
    void theRegistryReadsEachContributionAndLeavesOutABrokenOne() {
        AnalysisRegistry registry = AnalysisRegistry.read();
        AnalysisDescriptor echo = registry.descriptor("test-echo").orElseThrow();
        assertEquals("Echo", echo.name());
        assertEquals("Tests", echo.category());
        assertEquals("io.sextant.analysis.tests", echo.contributor());
        assertEquals(List.of("segment", "times", "loud", "period"),
                echo.parameters().stream().map(p -> p.name()).toList());
        assertEquals(ParameterType.CHOICE, echo.parameter("period").orElseThrow().type());
        assertEquals(List.of("day", "week", "month"), echo.parameter("period").orElseThrow().choices());
        assertEquals("3", echo.parameter("times").orElseThrow().defaultValue());
        assertTrue(echo.parameter("segment").orElseThrow().required());
        assertEquals(List.of("teleported"), registry.descriptor("test-needs-event").orElseThrow().requiredEvents());
        assertTrue(registry.descriptor("segment-value").isPresent(), "the built-in analysis is contributed");
        assertTrue(registry.descriptor("test-broken").isEmpty(), "an unknown parameter type leaves it out");
    }

    @Test
    void everyParameterMistakeIsNamedAndNothingIsRecorded() {
        Map<Map<String, String>, String> mistakes = Map.of(
                Map.of("segment", "Web", "colour", "red"),
                "analysis 'test-echo' has no parameter 'colour'; its parameters: segment, times, loud, period",
                Map.of("segment", "Web", "times", "three"),
                "parameter 'times' of analysis 'test-echo' is a whole number, not 'three'",
                Map.of("segment", "Web", "period", "year"),
                "parameter 'period' of analysis 'test-echo' is one of day, week, month, not 'year'",
                Map.of("segment", "Web", "loud", "yes"),
                "parameter 'loud' of analysis 'test-echo' is true or false, not 'yes'",
                Map.of("times", "2"), "analysis 'test-echo' needs a value for parameter 'segment' (segment)",
                Map.of("segment", "Mobile"),
                "parameter 'segment' of analysis 'test-echo' names segment 'Mobile', which no .seg file defines",
                Map.of("segment", "Revenue"),
                "parameter 'segment' of analysis 'test-echo' needs a segment, but 'Revenue' is not one");
        for (Map.Entry<Map<String, String>, String> mistake : mistakes.entrySet()) {
            AnalysisException error = assertThrows(AnalysisException.class, () -> project.runner.run(
                    new AnalysisRequest("test-echo", mistake.getKey(), AnalysisProject.AS_OF, project.lookup()),
                    new NullProgressMonitor()));
            assertEquals(mistake.getValue(), error.getMessage());
        }
        AnalysisException unknown = assertThrows(AnalysisException.class, () -> project.runner.run(
                new AnalysisRequest("cohort-retentoin", Map.of(), AnalysisProject.AS_OF, project.lookup()), null));
        assertTrue(unknown.getMessage().startsWith("no analysis 'cohort-retentoin' is installed; installed: "),
                unknown.getMessage());
        AnalysisException event = assertThrows(AnalysisException.class, () -> project.runner.run(
                new AnalysisRequest("test-needs-event", Map.of(), AnalysisProject.AS_OF, project.lookup()), null));
        assertEquals("analysis 'test-needs-event' cannot run: the data has no event 'teleported'", event.getMessage());
        assertTrue(project.repository.runs().recent(100).stream()
                .noneMatch(r -> r.getAnalysisId().equals("test-needs-event")), "a refused run is not recorded");
    }

    @Test
    void aRunIsStoredWithItsResultsAndProvenance() throws Exception {
        AnalysisRun run = project.runner.run(new AnalysisRequest("test-echo", Map.of("segment", "WebExplorers",
                "loud", "true"), AnalysisProject.AS_OF, project.lookup()), new NullProgressMonitor());
        assertEquals(RunStatus.SUCCEEDED, run.getStatus(), run.getError());
        AnalysisRun stored = project.repository.runs().run(run.getId()).orElseThrow();
        assertEquals("test-echo", stored.getAnalysisId());
        assertEquals(Map.of("segment", "WebExplorers", "times", "3", "loud", "true", "period", "week",
                "as-of", AnalysisProject.AS_OF.toString()),
                stored.getParameters().stream().collect(Collectors.toMap(Parameter::getName, Parameter::getValue)));
        // the definition and the segments it nests, each with its version and content hash
        Map<String, VersionReference> inputs = stored.getInputs().stream()
                .collect(Collectors.toMap(VersionReference::getQualifiedName, i -> i));
        assertEquals(List.of("sample.core.Explorers", "sample.core.Web", "sample.core.WebExplorers"),
                inputs.keySet().stream().sorted().toList());
        assertEquals(2, inputs.get("sample.core.WebExplorers").getNumber());
        assertEquals(SegDefinitions.contentHash(project.definition("Explorers")),
                inputs.get("sample.core.Explorers").getContentHash());
        assertTrue(stored.getDataFingerprint().startsWith("sha256:"), stored.getDataFingerprint());
        assertEquals("events", stored.getDataSourceName());
        long size;
        try (EngineRun engine = Engine.on(project.source).open(AnalysisProject.AS_OF)) {
            size = engine.size((Segment) project.definition("WebExplorers"), null);
        }
        assertTrue(size > 0);
        TableResult sizeTable = (TableResult) stored.getResults().get(1);
        assertEquals(List.of((double) size), sizeTable.getColumns().get(0).getNumbers());
        TableResult echo = (TableResult) stored.getResults().get(0);
        assertEquals(List.of("WebExplorers", "3", "true", "week"), echo.getColumns().get(1).getTexts());
    }

    @Test
    void aFailedAnalysisIsRecordedWithItsCause() throws Exception {
        AnalysisRun run = project.runner.run(new AnalysisRequest("test-fails", Map.of(), AnalysisProject.AS_OF,
                project.lookup()), new NullProgressMonitor());
        assertEquals(RunStatus.FAILED, run.getStatus());
        assertEquals("no user has two purchases, so there is nothing to compare",
                project.repository.runs().run(run.getId()).orElseThrow().getError());
    }

    @Test
    void runsGoOnAtOnceAndACancelledOneIsRecordedAsCancelled() throws Exception {
        Map<String, AnalysisRun> done = new ConcurrentHashMap<>();
        Job first = project.runner.job(new AnalysisRequest("test-slow", Map.of(), AnalysisProject.AS_OF,
                project.lookup()), run -> done.put("first", run));
        Job second = project.runner.job(new AnalysisRequest("test-slow", Map.of(), AnalysisProject.AS_OF,
                project.lookup()), run -> done.put("second", run));
        first.schedule();
        second.schedule();
        Thread.sleep(700);
        assertEquals(Job.RUNNING, first.getState(), "the first run is running");
        assertEquals(Job.RUNNING, second.getState(), "the second runs at the same time");
        first.cancel();
        first.join(10_000, null);
        second.join(10_000, null);
        assertEquals(RunStatus.CANCELLED, done.get("first").getStatus());
        assertEquals(RunStatus.SUCCEEDED, done.get("second").getStatus());
        assertFalse(done.get("second").getEndedAt().isBefore(done.get("first").getEndedAt()),
                "the second run went on after the first was cancelled");
    }
}
