package io.sextant.analysis.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sextant.analysis.AnalysisRequest;
import io.sextant.data.generator.GroundTruth.SegmentTruth;
import io.sextant.dsl.seg.Segment;
import io.sextant.engine.Engine;
import io.sextant.engine.EngineRun;
import io.sextant.model.AnalysisRun;
import io.sextant.model.Column;
import io.sextant.model.Result;
import io.sextant.model.RunStatus;
import io.sextant.model.TableResult;

/**
 * The segment value analysis on generated data: the generator made explorers (several features viewed in the
 * first week) upgrade more than the others, and the analysis must find that lift, with an interval that leaves
 * the population out, on both halves of the users.
 */
class SegmentValueTest {

    static AnalysisProject project;

    @BeforeAll
    static void create() throws Exception {
        project = AnalysisProject.shared();
    }

    @Test
    void explorersUpgradeMoreThanThePopulationOnBothHalves() throws Exception {
        SegmentTruth explorers = project.truth.segments().stream().filter(s -> s.name().equals("Explorers")).findFirst()
                .orElseThrow();
        assertTrue(explorers.outcomes().get("upgrade_within_14d") > explorers.outcomes().get("upgrade_within_14d.others"),
                "the generator's truth: " + explorers.outcomes());

        AnalysisRun run = project.runner.run(new AnalysisRequest("segment-value", Map.of("segments", "Explorers, Stuck",
                "metric", "UpgradeConversion", "metrics", "RevenuePerSession"), AnalysisProject.AS_OF, project.lookup()),
                new NullProgressMonitor());
        assertEquals(RunStatus.SUCCEEDED, run.getStatus(), run.getError());
        List<Result> results = project.repository.runs().run(run.getId()).orElseThrow().getResults();
        assertEquals(List.of("Segment size", "Segment value", "Out of sample"), results.stream().map(Result::getName).toList());

        TableResult sizes = (TableResult) results.get(0);
        long members;
        long users;
        try (EngineRun engine = Engine.on(project.source).open(AnalysisProject.AS_OF)) {
            members = engine.size((Segment) project.definition("Explorers"), null);
            users = engine.users(null, null).size();
        }
        assertEquals(members, column(sizes, "members").getNumbers().get(0).longValue());
        assertEquals((double) members / users, column(sizes, "share").getNumbers().get(0), 1e-12);
        assertTrue(column(sizes, "share lower").getNumbers().get(0) < column(sizes, "share").getNumbers().get(0));

        TableResult value = (TableResult) results.get(1);
        int row = row(value, "Explorers", "UpgradeConversion");
        double mean = column(value, "mean").getNumbers().get(row);
        double lower = column(value, "lower").getNumbers().get(row);
        double population = column(value, "population mean").getNumbers().get(row);
        assertTrue(lower > population, "explorers' conversion " + mean + " [" + lower + ", ...] against " + population);
        assertTrue(column(value, "lift").getNumbers().get(row) > 0.2, "a lift of more than 20%");
        assertEquals("", column(value, "warning").getTexts().get(row));
        int ratio = row(value, "Explorers", "RevenuePerSession");
        assertTrue(column(value, "lower").getNumbers().get(ratio) < column(value, "mean").getNumbers().get(ratio));

        TableResult halves = (TableResult) results.get(2);
        int half = row(halves, "Explorers", "UpgradeConversion");
        assertTrue(column(halves, "lift, first half").getNumbers().get(half) > 0);
        assertTrue(column(halves, "lift, second half").getNumbers().get(half) > 0);
        assertTrue(column(halves, "holds").getTexts().get(half).startsWith("yes"));
    }

    private static Column column(TableResult table, String name) {
        return table.getColumns().stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow(
                () -> new AssertionError("no column " + name));
    }

    private static int row(TableResult table, String segment, String metric) {
        List<String> segments = column(table, "segment").getTexts();
        List<String> metrics = column(table, "metric").getTexts();
        for (int i = 0; i < segments.size(); i++) {
            if (segments.get(i).equals(segment) && metrics.get(i).equals(metric)) {
                return i;
            }
        }
        throw new AssertionError("no row " + segment + " / " + metric);
    }
}
