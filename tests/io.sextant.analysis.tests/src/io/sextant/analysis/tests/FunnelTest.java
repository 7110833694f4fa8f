package io.sextant.analysis.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sextant.analysis.AnalysisException;
import io.sextant.analysis.AnalysisRequest;
import io.sextant.engine.Engine;
import io.sextant.model.AnalysisRun;
import io.sextant.model.RunStatus;
import io.sextant.model.TableResult;

/** The funnel's step counts against the same counts written by hand in SQL. */
class FunnelTest {

    static AnalysisProject project;

    @BeforeAll
    static void create() throws Exception {
        project = AnalysisProject.shared();
    }

    @Test
    void stepCountsMatchAHandWrittenQuery() throws Exception {
        AnalysisRun run = project.runner.run(new AnalysisRequest("funnel", Map.of("steps",
                "signed_up, feature_viewed, plan_upgraded", "window", "14"), AnalysisProject.AS_OF, project.lookup()),
                new NullProgressMonitor());
        assertEquals(RunStatus.SUCCEEDED, run.getStatus(), run.getError());
        TableResult funnel = (TableResult) project.repository.runs().run(run.getId()).orElseThrow().getResults().get(0);
        List<Double> users = funnel.getColumns().get(1).getNumbers();
        long[] expected = byHand();
        assertEquals(List.of((double) expected[0], (double) expected[1], (double) expected[2]), users);
        assertTrue(expected[2] > 0 && expected[2] < expected[1] && expected[1] < expected[0], "a funnel that narrows");
        assertEquals(expected[2] / (double) expected[0], funnel.getColumns().get(2).getNumbers().get(2), 1e-12);
        assertEquals((double) (expected[1] - expected[2]), funnel.getColumns().get(6).getNumbers().get(2));
    }

    @Test
    void aStepThatIsNoEventIsRefused() {
        AnalysisException error = assertThrows(AnalysisException.class, () -> project.runner.run(new AnalysisRequest(
                "funnel", Map.of("steps", "signed_up, upgrade"), AnalysisProject.AS_OF, project.lookup()), null));
        assertEquals("analysis 'funnel' cannot run: the data has no event 'upgrade' (a step of the funnel)",
                error.getMessage());
    }

    /** Entered, reached step 2, reached step 3: each step strictly after the one before, within 14 days. */
    private static long[] byHand() throws Exception {
        String sql = """
                WITH f AS (SELECT e.user_id, MIN(e.event_time) AS t FROM events e JOIN users u ON u.user_id = e.user_id
                        WHERE e.event_name = 'signed_up' AND e.event_time < ?1
                        AND (u.signup_time IS NULL OR u.signup_time < ?1) GROUP BY e.user_id),
                s AS (SELECT f.user_id, f.t, (SELECT MIN(e.event_time) FROM events e WHERE e.user_id = f.user_id
                        AND e.event_name = 'feature_viewed' AND e.event_time > f.t
                        AND e.event_time < DATEADD(HOUR, 336, f.t) AND e.event_time < ?1) AS t2 FROM f)
                SELECT COUNT(*), COUNT(t2), COUNT(CASE WHEN EXISTS (SELECT 1 FROM events e WHERE e.user_id = s.user_id
                        AND e.event_name = 'plan_upgraded' AND e.event_time > s.t2
                        AND e.event_time < DATEADD(HOUR, 336, s.t) AND e.event_time < ?1) THEN 1 END)
                FROM s
                """;
        try (Connection connection = project.source.open(); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setObject(1, Engine.asOfInstant(AnalysisProject.AS_OF));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return new long[] { rows.getLong(1), rows.getLong(2), rows.getLong(3) };
            }
        }
    }
}
