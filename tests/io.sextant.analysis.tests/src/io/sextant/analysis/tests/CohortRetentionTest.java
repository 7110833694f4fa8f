package io.sextant.analysis.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sextant.analysis.AnalysisException;
import io.sextant.analysis.AnalysisRequest;
import io.sextant.engine.Engine;
import io.sextant.model.AnalysisRun;
import io.sextant.model.MatrixResult;
import io.sextant.model.RunStatus;
import io.sextant.model.SeriesResult;

/** Cohort retention against the same cells counted by a hand-written SQL query on the same data. */
class CohortRetentionTest {

    static AnalysisProject project;

    @BeforeAll
    static void create() throws Exception {
        project = AnalysisProject.shared();
    }

    @Test
    void weeklyCellsAreTheSharesAHandWrittenQueryCounts() throws Exception {
        AnalysisRun run = project.runner.run(new AnalysisRequest("cohort-retention", Map.of("periods", "6", "cohorts",
                "10", "active", "session_started"), AnalysisProject.AS_OF, project.lookup()), new NullProgressMonitor());
        assertEquals(RunStatus.SUCCEEDED, run.getStatus(), run.getError());
        AnalysisRun stored = project.repository.runs().run(run.getId()).orElseThrow();
        MatrixResult matrix = (MatrixResult) stored.getResults().get(0);
        assertEquals(10, matrix.getRowLabels().size());
        assertEquals(List.of("week 0", "week 1", "week 2", "week 3", "week 4", "week 5"), matrix.getColumnLabels());
        // the latest cohort signed up in the last days: its later weeks have not ended
        assertNull(matrix.getValues().get(9 * 6 + 5));
        int checked = 0;
        for (int row = 0; row < 10; row += 3) {
            for (int k = 0; k < 6; k += 2) {
                Double cell = matrix.getValues().get(row * 6 + k);
                Double expected = byHand(LocalDate.parse(matrix.getRowLabels().get(row)), k);
                if (expected == null) {
                    assertNull(cell, "row " + row + " week " + k);
                } else {
                    assertEquals(expected, cell, 1e-12, "row " + row + " week " + k);
                    checked++;
                }
            }
        }
        assertTrue(checked >= 6, "enough cells to compare: " + checked);
        SeriesResult curve = (SeriesResult) stored.getResults().get(2);
        assertTrue(curve.getY().get(1) < curve.getY().get(0) || curve.getY().get(0) == 1.0);
        assertTrue(curve.getLower().get(3) <= curve.getY().get(3) && curve.getY().get(3) <= curve.getUpper().get(3));
    }

    @Test
    void anUnknownActiveEventIsRefused() {
        AnalysisException error = assertThrows(AnalysisException.class, () -> project.runner.run(new AnalysisRequest(
                "cohort-retention", Map.of("active", "sesion_started"), AnalysisProject.AS_OF, project.lookup()), null));
        assertEquals("analysis 'cohort-retention' cannot run: the data has no event 'sesion_started' to count as active",
                error.getMessage());
    }

    /** The share of the week's signups active in week k, over those whose week k ended, counted in SQL. */
    private static Double byHand(LocalDate monday, int k) throws Exception {
        LocalDateTime asOf = Engine.asOfInstant(AnalysisProject.AS_OF);
        String sql = """
                SELECT COUNT(*), COUNT(CASE WHEN EXISTS (SELECT 1 FROM events e WHERE e.user_id = u.user_id
                        AND e.event_name = 'session_started'
                        AND e.event_time >= DATEADD(HOUR, ?, u.signup_time)
                        AND e.event_time < DATEADD(HOUR, ?, u.signup_time) AND e.event_time < ?) THEN 1 END)
                FROM users u
                WHERE u.signup_time >= ? AND u.signup_time < ? AND DATEADD(HOUR, ?, u.signup_time) <= ?
                """;
        try (Connection connection = project.source.open(); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setInt(1, 168 * k);
            query.setInt(2, 168 * (k + 1));
            query.setObject(3, asOf);
            query.setObject(4, monday.atStartOfDay());
            query.setObject(5, monday.plusDays(7).atStartOfDay());
            query.setInt(6, 168 * (k + 1));
            query.setObject(7, asOf);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                long observed = rows.getLong(1);
                return observed == 0 ? null : (double) rows.getLong(2) / observed;
            }
        }
    }
}
