package io.sextant.analysis.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sextant.analysis.AnalysisRequest;
import io.sextant.engine.Engine;
import io.sextant.model.AnalysisRun;
import io.sextant.model.RunStatus;
import io.sextant.model.TableResult;

/**
 * The generator hid a behaviour that predicts upgrading: viewing several features in the first week. Ranked
 * among all early behaviours, it must come first, and its counts must equal a hand-written query's.
 */
class BehaviourOutcomeTest {

    static AnalysisProject project;

    @BeforeAll
    static void create() throws Exception {
        project = AnalysisProject.shared();
    }

    @Test
    void theHiddenBehaviourRanksFirstWithTheCountsOfAHandWrittenQuery() throws Exception {
        AnalysisRun run = project.runner.run(new AnalysisRequest("behaviour-outcome", Map.of("outcome",
                "UpgradeConversion", "days", "7"), AnalysisProject.AS_OF, project.lookup()), new NullProgressMonitor());
        assertEquals(RunStatus.SUCCEEDED, run.getStatus(), run.getError());
        TableResult table = (TableResult) project.repository.runs().run(run.getId()).orElseThrow().getResults().get(0);
        List<String> behaviours = table.getColumns().get(0).getTexts();
        assertTrue(behaviours.get(0).startsWith("feature_viewed at least "), "ranked first: " + behaviours.subList(0, 5));
        assertFalse(behaviours.stream().anyMatch(b -> b.startsWith("plan_upgraded")), "the outcome's own event is left out");
        int atLeast = Integer.parseInt(behaviours.get(0).replaceAll("^feature_viewed at least (\\d+)×.*$", "$1"));
        long[] expected = byHand(atLeast);
        assertEquals((double) expected[0], table.getColumns().get(1).getNumbers().get(0), "users with");
        assertEquals(expected[1] / (double) expected[0], table.getColumns().get(2).getNumbers().get(0), 1e-12);
        assertTrue(table.getColumns().get(6).getNumbers().get(0) > 0, "the difference's interval is above 0");
    }

    /** Users whose 14-day conversion window has ended with at least k feature views in their first 7 days, and of them the converted. */
    private static long[] byHand(int k) throws Exception {
        String sql = """
                SELECT COUNT(*), COUNT(CASE WHEN EXISTS (SELECT 1 FROM events e WHERE e.user_id = u.user_id
                        AND e.event_name = 'plan_upgraded' AND e.event_time >= u.signup_time
                        AND e.event_time < DATEADD(HOUR, 336, u.signup_time)) THEN 1 END)
                FROM users u
                WHERE DATEADD(HOUR, 336, u.signup_time) <= ?1
                AND (SELECT COUNT(*) FROM events e WHERE e.user_id = u.user_id AND e.event_name = 'feature_viewed'
                        AND e.event_time >= u.signup_time AND e.event_time < DATEADD(HOUR, 168, u.signup_time)) >= ?2
                """;
        try (Connection connection = project.source.open(); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setObject(1, Engine.asOfInstant(AnalysisProject.AS_OF));
            query.setInt(2, k);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return new long[] { rows.getLong(1), rows.getLong(2) };
            }
        }
    }
}
