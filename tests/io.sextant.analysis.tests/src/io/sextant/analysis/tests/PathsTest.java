package io.sextant.analysis.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import io.sextant.model.Result;
import io.sextant.model.RunStatus;
import io.sextant.model.TableResult;

/**
 * Paths after signup: every user with an anchor is on exactly one path, the users who reach the outcome are
 * those a hand-written query finds, and the reaching and stalling tables are ordered by conversion.
 */
class PathsTest {

    static AnalysisProject project;

    @BeforeAll
    static void create() throws Exception {
        project = AnalysisProject.shared();
    }

    @Test
    void everyAnchoredUserIsOnOnePathAndTheReachedOnesAreThoseAQueryFinds() throws Exception {
        AnalysisRun run = project.runner.run(new AnalysisRequest("paths", Map.of("anchor", "signed_up", "outcome",
                "plan_upgraded", "steps", "2", "window", "14", "top", "100000", "exclude", "page_viewed"),
                AnalysisProject.AS_OF, project.lookup()), new NullProgressMonitor());
        assertEquals(RunStatus.SUCCEEDED, run.getStatus(), run.getError());
        List<Result> results = project.repository.runs().run(run.getId()).orElseThrow().getResults();
        TableResult all = (TableResult) results.get(0);
        double users = all.getColumns().get(1).getNumbers().stream().mapToDouble(Double::doubleValue).sum();
        double reached = all.getColumns().get(2).getNumbers().stream().mapToDouble(Double::doubleValue).sum();
        long[] expected = byHand();
        assertEquals((double) expected[0], users, "users with a signed_up");
        assertEquals((double) expected[1], reached, "of them, upgraded within 14 days");
        assertTrue(all.getColumns().get(0).getTexts().stream().allMatch(p -> p.startsWith("signed_up → ")));
        assertTrue(all.getColumns().get(0).getTexts().stream().noneMatch(p -> p.contains("page_viewed")));
        List<Double> reaching = ((TableResult) results.get(1)).getColumns().get(3).getNumbers();
        List<Double> stalling = ((TableResult) results.get(2)).getColumns().get(3).getNumbers();
        // the paths of 30 users or more are split: the better half reaches, the rest stall, none in both
        assertTrue(reaching.size() >= 1 && stalling.size() >= 1, "paths of 30 users or more: " + reaching + stalling);
        for (int i = 1; i < reaching.size(); i++) {
            assertTrue(reaching.get(i) <= reaching.get(i - 1));
        }
        for (int i = 1; i < stalling.size(); i++) {
            assertTrue(stalling.get(i) >= stalling.get(i - 1));
        }
        List<String> reachingPaths = ((TableResult) results.get(1)).getColumns().get(0).getTexts();
        List<String> stallingPaths = ((TableResult) results.get(2)).getColumns().get(0).getTexts();
        assertTrue(reachingPaths.stream().noneMatch(stallingPaths::contains), "no path both reaches and stalls");
        for (int table = 1; table <= 2; table++) {
            assertTrue(((TableResult) results.get(table)).getColumns().get(1).getNumbers().stream().allMatch(u -> u >= 30),
                    "only paths of at least 30 users, as the heading says");
        }
        assertTrue(reaching.get(0) > stalling.get(0), "reaching paths convert more than stalling ones");
    }

    /**
     * The rule the reaching and stalling tables follow, applied here in Java to every path the analysis finds: of
     * the n paths of at least 30 users, the better half (at most top) reach — by conversion, then users, then
     * path — and of the others the worst (at most top, and at most n / 2) stall. The analysis applies it in its
     * query, whatever top cuts the rankings to.
     */
    @Test
    void reachingAndStallingAreTheHalvesOfEveryPathOfThirtyUsersOrMore() throws Exception {
        List<Map<String, String>> cases = List.of(
                Map.of("anchor", "signed_up", "outcome", "plan_upgraded", "steps", "2", "window", "14", "exclude", "page_viewed"),
                Map.of("anchor", "signed_up", "outcome", "plan_upgraded", "steps", "1", "window", "14"),
                Map.of("anchor", "session_started", "outcome", "task_completed", "steps", "2", "window", "3"));
        int compared = 0;
        for (Map<String, String> parameters : cases) {
            TableResult every = (TableResult) run(parameters, 100000).get(0);
            List<String> paths = every.getColumns().get(0).getTexts();
            List<Integer> solid = new java.util.ArrayList<>();
            for (int i = 0; i < paths.size(); i++) {
                if (every.getColumns().get(1).getNumbers().get(i) >= 30) {
                    solid.add(i);
                }
            }
            java.util.function.ToDoubleFunction<Integer> conversion = i -> every.getColumns().get(2).getNumbers().get(i)
                    / every.getColumns().get(1).getNumbers().get(i);
            java.util.Comparator<Integer> moreUsersThenPath = java.util.Comparator
                    .comparingDouble((Integer i) -> -every.getColumns().get(1).getNumbers().get(i))
                    .thenComparing(paths::get);
            List<Integer> best = solid.stream().sorted(java.util.Comparator.comparingDouble(conversion).reversed()
                    .thenComparing(moreUsersThenPath)).toList();
            for (int top : List.of(1, 2, 3, 10, 100000)) {
                List<String> reaching = best.subList(0, Math.min(top, (solid.size() + 1) / 2)).stream().map(paths::get).toList();
                List<String> stalling = solid.stream().filter(i -> !reaching.contains(paths.get(i)))
                        .sorted(java.util.Comparator.comparingDouble(conversion).thenComparing(moreUsersThenPath))
                        .limit(Math.min(top, solid.size() / 2)).map(paths::get).toList();
                List<Result> results = run(parameters, top);
                String where = parameters + ", top " + top + " of " + solid.size() + " paths of 30 users or more";
                assertEquals(reaching, ((TableResult) results.get(1)).getColumns().get(0).getTexts(), where);
                assertEquals(stalling, ((TableResult) results.get(2)).getColumns().get(0).getTexts(), where);
                compared += reaching.size() + stalling.size();
            }
            assertTrue(solid.size() >= 2, parameters + ": paths to split: " + solid.size());
        }
        assertTrue(compared > 20, "paths compared: " + compared);
    }

    private static List<Result> run(Map<String, String> parameters, int top) throws Exception {
        Map<String, String> withTop = new java.util.HashMap<>(parameters);
        withTop.put("top", Integer.toString(top));
        AnalysisRun run = project.runner.run(new AnalysisRequest("paths", withTop, AnalysisProject.AS_OF, project.lookup()),
                new NullProgressMonitor());
        assertEquals(RunStatus.SUCCEEDED, run.getStatus(), run.getError());
        return project.repository.runs().run(run.getId()).orElseThrow().getResults();
    }

    private static long[] byHand() throws Exception {
        String sql = """
                WITH f AS (SELECT e.user_id, MIN(e.event_time) AS t FROM events e JOIN users u ON u.user_id = e.user_id
                        WHERE e.event_name = 'signed_up' AND e.event_time < ?1
                        AND (u.signup_time IS NULL OR u.signup_time < ?1) GROUP BY e.user_id)
                SELECT COUNT(*), COUNT(CASE WHEN EXISTS (SELECT 1 FROM events e WHERE e.user_id = f.user_id
                        AND e.event_name = 'plan_upgraded' AND e.event_time > f.t
                        AND e.event_time < DATEADD(HOUR, 336, f.t) AND e.event_time < ?1) THEN 1 END)
                FROM f
                """;
        try (Connection connection = project.source.open(); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setObject(1, Engine.asOfInstant(AnalysisProject.AS_OF));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return new long[] { rows.getLong(1), rows.getLong(2) };
            }
        }
    }
}
