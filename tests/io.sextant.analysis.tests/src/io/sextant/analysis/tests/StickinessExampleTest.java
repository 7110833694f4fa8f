package io.sextant.analysis.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.Map;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sextant.analysis.AnalysisRequest;
import io.sextant.model.AnalysisRun;
import io.sextant.model.RunStatus;
import io.sextant.model.TableResult;

/**
 * The example bundle for plug-in authors runs through the extension point like any analysis, and its DAU and
 * MAU equal what a hand-written SQL query counts.
 */
class StickinessExampleTest {

    static AnalysisProject project;

    @BeforeAll
    static void create() throws Exception {
        project = AnalysisProject.shared();
    }

    @Test
    void dailyAndMonthlyActiveUsersMatchAHandWrittenCount() throws Exception {
        AnalysisRun run = project.runner.run(new AnalysisRequest("stickiness", Map.of("days", "14"),
                AnalysisProject.AS_OF, project.lookup()), new NullProgressMonitor());
        assertEquals(RunStatus.SUCCEEDED, run.getStatus(), run.getError());
        TableResult table = (TableResult) project.repository.runs().run(run.getId()).orElseThrow().getResults().get(1);
        assertEquals(14, table.getColumns().get(0).getTexts().size());
        for (int row : new int[] { 0, 7, 13 }) {
            LocalDate day = LocalDate.parse(table.getColumns().get(0).getTexts().get(row));
            double dau = table.getColumns().get(1).getNumbers().get(row);
            double mau = table.getColumns().get(2).getNumbers().get(row);
            assertEquals(activeUsers(day, day), dau, "DAU on " + day);
            assertEquals(activeUsers(day.minusDays(29), day), mau, "MAU on " + day);
            assertTrue(dau > 0 && mau >= dau);
        }
        assertEquals(AnalysisProject.AS_OF.toString(), table.getColumns().get(0).getTexts().get(13));
    }

    private static double activeUsers(LocalDate from, LocalDate to) throws Exception {
        String sql = """
                SELECT COUNT(DISTINCT e.user_id) FROM events e JOIN users u ON u.user_id = e.user_id
                WHERE e.event_time >= ? AND e.event_time < ? AND (u.signup_time IS NULL OR u.signup_time < ?)
                """;
        try (Connection connection = project.source.open(); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setObject(1, from.atStartOfDay());
            query.setObject(2, to.plusDays(1).atStartOfDay());
            query.setObject(3, AnalysisProject.AS_OF.plusDays(1).atStartOfDay());
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
