package io.sextant.analysis.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sextant.analysis.AnalysisRequest;
import io.sextant.engine.EngineRun;
import io.sextant.model.AnalysisRun;
import io.sextant.model.RunStatus;

/** An analysis whose pushed-down query returns more rows than aggregates can have fails, and says why. */
class AggregateLimitTest {

    static AnalysisProject project;

    @BeforeAll
    static void create() throws Exception {
        project = AnalysisProject.shared();
    }

    @Test
    void aQueryThatReturnsRowsInsteadOfAggregatesFailsWithAClearMessage() throws Exception {
        AnalysisRun run = project.runner.run(new AnalysisRequest("test-per-event", Map.of(), AnalysisProject.AS_OF,
                project.lookup()), new NullProgressMonitor());
        assertEquals(RunStatus.FAILED, run.getStatus());
        assertEquals("the query for every event, twice failed: every event, twice returned more than "
                + EngineRun.MAX_AGGREGATE_ROWS + " rows; a pushed-down query returns aggregates (group it by fewer keys)",
                project.repository.runs().run(run.getId()).orElseThrow().getError());
    }
}
