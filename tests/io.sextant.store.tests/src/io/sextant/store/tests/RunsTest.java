package io.sextant.store.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sextant.model.AnalysisRun;
import io.sextant.model.Column;
import io.sextant.model.MatrixResult;
import io.sextant.model.RunStatus;
import io.sextant.model.SeriesResult;
import io.sextant.model.SextantFactory;
import io.sextant.model.TableResult;
import io.sextant.model.ValueKind;
import io.sextant.store.Identity;
import io.sextant.store.NotFoundException;
import io.sextant.store.Repository;
import io.sextant.store.RuleViolationException;
import io.sextant.store.RunRequest;
import io.sextant.store.StoreException;

/** Runs with their provenance and typed results, found again by the definition versions they used. */
class RunsTest {

    private static final SextantFactory MODEL = SextantFactory.eINSTANCE;

    @TempDir
    Path folder;

    private Repository repository;

    @BeforeEach
    void open() {
        repository = Repository.open(Repository.locationIn(folder), Identity.of("alice"));
    }

    @AfterEach
    void close() {
        assertEquals(List.of(), repository.checkIntegrity());
        repository.close();
    }

    private AnalysisRun start(String definition, int number) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("asOf", "2026-11-01");
        parameters.put("periods", "12");
        return repository.runs().start(new RunRequest("io.sextant.analysis.segmentValue", parameters,
                List.of(new RunRequest.Input(definition, number, "a".repeat(64)),
                        new RunRequest.Input("acme.Revenue", 1, "b".repeat(64))),
                "events", "sha256:feed"));
    }

    @Test
    void aRunKeepsItsProvenanceAndEveryKindOfResult() {
        AnalysisRun started = start("acme.Active", 2);
        assertEquals(RunStatus.RUNNING, started.getStatus());
        assertNull(started.getEndedAt());

        TableResult table = MODEL.createTableResult();
        table.setName("value by segment");
        table.setDescription("size and revenue per user");
        Column segment = column("segment", ValueKind.TEXT, null);
        segment.getTexts().addAll(List.of("Active", "Churned'; DROP TABLE results; --"));
        Column revenue = column("revenue per user", ValueKind.NUMBER, "USD");
        revenue.getNumbers().addAll(Arrays.asList(12.5, null));
        table.getColumns().addAll(List.of(segment, revenue));

        SeriesResult series = MODEL.createSeriesResult();
        series.setName("retention");
        series.setXUnit("week");
        series.setYUnit("share");
        series.getX().addAll(List.of(0.0, 1.0, 2.0));
        series.getY().addAll(List.of(1.0, 0.5, 0.25));
        series.getLower().addAll(List.of(1.0, 0.45, 0.2));
        series.getUpper().addAll(List.of(1.0, 0.55, 0.3));

        MatrixResult matrix = MODEL.createMatrixResult();
        matrix.setName("cohorts");
        matrix.setUnit("share");
        matrix.getRowLabels().addAll(List.of("2026-01", "2026-02"));
        matrix.getColumnLabels().addAll(List.of("week 0", "week 1", "week 2"));
        matrix.getValues().addAll(Arrays.asList(1.0, 0.4, 0.3, 1.0, 0.5, null));

        AnalysisRun done = repository.runs().succeed(started.getId(), List.of(table, series, matrix));

        assertEquals(RunStatus.SUCCEEDED, done.getStatus());
        assertNotNull(done.getEndedAt());
        assertEquals("alice", done.getStartedBy());
        assertEquals("events", done.getDataSourceName());
        assertEquals("sha256:feed", done.getDataFingerprint());
        assertEquals(List.of("asOf=2026-11-01", "periods=12"),
                done.getParameters().stream().map(p -> p.getName() + "=" + p.getValue()).toList());
        assertEquals(List.of("acme.Active v2", "acme.Revenue v1"),
                done.getInputs().stream().map(i -> i.getQualifiedName() + " v" + i.getNumber()).toList());

        TableResult storedTable = (TableResult) done.getResults().get(0);
        assertEquals("value by segment", storedTable.getName());
        assertEquals("size and revenue per user", storedTable.getDescription());
        assertEquals(List.of("Active", "Churned'; DROP TABLE results; --"), storedTable.getColumns().get(0).getTexts());
        assertEquals(Arrays.asList(12.5, null), storedTable.getColumns().get(1).getNumbers());
        assertEquals("USD", storedTable.getColumns().get(1).getUnit());
        assertEquals(ValueKind.TEXT, storedTable.getColumns().get(0).getKind());

        SeriesResult storedSeries = (SeriesResult) done.getResults().get(1);
        assertEquals(List.of(1.0, 0.5, 0.25), storedSeries.getY());
        assertEquals(List.of(1.0, 0.55, 0.3), storedSeries.getUpper());
        assertEquals("week", storedSeries.getXUnit());

        MatrixResult storedMatrix = (MatrixResult) done.getResults().get(2);
        assertEquals(List.of("2026-01", "2026-02"), storedMatrix.getRowLabels());
        assertEquals(List.of("week 0", "week 1", "week 2"), storedMatrix.getColumnLabels());
        assertEquals(Arrays.asList(1.0, 0.4, 0.3, 1.0, 0.5, null), storedMatrix.getValues());
        assertEquals("share", storedMatrix.getUnit());
    }

    @Test
    void runsAreFoundByDefinitionAndVersionNewestFirst() {
        AnalysisRun first = start("acme.Active", 1);
        AnalysisRun second = start("acme.Active", 2);
        start("acme.Other", 1);

        assertEquals(List.of(second.getId(), first.getId()),
                repository.runs().findByDefinition("acme.Active", null).stream().map(AnalysisRun::getId).toList());
        assertEquals(List.of(first.getId()),
                repository.runs().findByDefinition("acme.Active", 1).stream().map(AnalysisRun::getId).toList());
        assertEquals(3, repository.runs().findByDefinition("acme.Revenue", 1).size());
        assertEquals(List.of(), repository.runs().findByDefinition("acme.Active", 9));
        assertEquals(3, repository.runs().recent(10).size());
    }

    @Test
    void aFailedRunKeepsItsCauseAndACancelledOneItsEnd() {
        AnalysisRun failed = repository.runs().fail(start("acme.Active", 1).getId(),
                "no event \"purchase\" in data source events");
        AnalysisRun cancelled = repository.runs().cancel(start("acme.Active", 1).getId());

        assertEquals(RunStatus.FAILED, failed.getStatus());
        assertEquals("no event \"purchase\" in data source events", failed.getError());
        assertEquals(RunStatus.CANCELLED, cancelled.getStatus());
        assertNotNull(cancelled.getEndedAt());
        var actions = repository.audit().recent(10).stream().map(e -> e.getAction()).toList();
        assertEquals(List.of("start run", "fail", "start run", "cancel"), actions);
    }

    @Test
    void aRunEndsOnceAndAnUnknownRunIsNamed() {
        long id = start("acme.Active", 1).getId();
        repository.runs().cancel(id);

        assertThrows(RuleViolationException.class, () -> repository.runs().succeed(id, List.of()));
        assertEquals(RunStatus.CANCELLED, repository.runs().run(id).orElseThrow().getStatus());
        assertEquals("There is no run 999 in the repository",
                assertThrows(NotFoundException.class, () -> repository.runs().fail(999, "x")).getMessage());
    }

    @Test
    void resultsThatDoNotFitTogetherAreRefusedAndTheRunStaysRunning() {
        long id = start("acme.Active", 1).getId();
        MatrixResult matrix = MODEL.createMatrixResult();
        matrix.setName("cohorts");
        matrix.getRowLabels().addAll(List.of("a", "b"));
        matrix.getColumnLabels().add("week 0");
        matrix.getValues().add(1.0);
        TableResult table = MODEL.createTableResult();
        table.setName("ragged");
        Column a = column("a", ValueKind.NUMBER, null);
        a.getNumbers().addAll(List.of(1.0, 2.0));
        Column b = column("b", ValueKind.NUMBER, null);
        b.getNumbers().add(1.0);
        table.getColumns().addAll(List.of(a, b));

        assertEquals("Result cohorts: 2 rows × 1 columns need 2 values, not 1",
                assertThrows(StoreException.class, () -> repository.runs().succeed(id, List.of(matrix))).getMessage());
        assertEquals("Result ragged: column b has 1 values but the columns before it have 2",
                assertThrows(StoreException.class, () -> repository.runs().succeed(id, List.of(table))).getMessage());
        assertEquals(RunStatus.RUNNING, repository.runs().run(id).orElseThrow().getStatus());
        assertTrue(repository.runs().run(id).orElseThrow().getResults().isEmpty());
    }

    @Test
    void dataSourcesAreSavedAndChanged() {
        repository.dataSources().save("events", "h2", "jdbc:h2:file:./events");
        repository.dataSources().save("warehouse", "postgresql", "jdbc:postgresql://localhost/w");
        repository.dataSources().save("events", "duckdb", "jdbc:duckdb:./events.duckdb");

        assertEquals(List.of("events duckdb", "warehouse postgresql"), repository.dataSources().list().stream()
                .map(s -> s.getName() + " " + s.getDialect()).toList());
        assertEquals("jdbc:duckdb:./events.duckdb", repository.dataSources().find("events").orElseThrow().getJdbcUrl());
        assertEquals(List.of("add", "add", "change"),
                repository.audit().recent(10).stream().map(e -> e.getAction()).toList());
    }

    private static Column column(String name, ValueKind kind, String unit) {
        Column column = MODEL.createColumn();
        column.setName(name);
        column.setKind(kind);
        column.setUnit(unit);
        return column;
    }

    /**
     * Issue 24: a run whose process was killed stayed "running" forever. Closing without ending the run is what
     * a killed process leaves; the next open marks it failed as interrupted, with an audit entry, and nothing else.
     */
    @Test
    void aRunLeftRunningByAnEndedProcessIsMarkedInterruptedOnTheNextOpen() {
        AnalysisRun finished = start("acme.Active", 1);
        repository.runs().cancel(finished.getId());
        AnalysisRun killed = start("acme.Active", 1);
        repository.closeWithoutCompacting();

        repository = Repository.open(Repository.locationIn(folder), Identity.of("bob"));
        AnalysisRun after = repository.runs().run(killed.getId()).orElseThrow();
        assertEquals(RunStatus.FAILED, after.getStatus());
        assertTrue(after.getError().startsWith("interrupted: the Sextant process running it ended before it finished"),
                after.getError());
        assertNotNull(after.getEndedAt());
        assertEquals(RunStatus.CANCELLED, repository.runs().run(finished.getId()).orElseThrow().getStatus());
        assertTrue(repository.audit().recent(5).stream().anyMatch(e -> e.getAction().equals("interrupt")
                && e.getActor().equals("alice") && e.getSubject().contains(String.valueOf(killed.getId()))),
                "no audit entry of the interruption");
        // a run started now is running, and stays so while this process has the repository open
        AnalysisRun running = start("acme.Active", 1);
        assertEquals(RunStatus.RUNNING, repository.runs().run(running.getId()).orElseThrow().getStatus());
        repository.runs().cancel(running.getId());
    }

    /** A second open in the same process (the IDE's views) must not end a run that this process still runs. */
    @Test
    void aSecondOpenInTheSameProcessLeavesItsRunningRunsAlone() {
        AnalysisRun running = start("acme.Active", 1);
        Repository other = Repository.open(Repository.locationIn(folder), Identity.of("bob"));
        assertEquals(RunStatus.RUNNING, other.runs().run(running.getId()).orElseThrow().getStatus());
        repository.runs().succeed(running.getId(), List.of());
        assertEquals(RunStatus.SUCCEEDED, repository.runs().run(running.getId()).orElseThrow().getStatus());
    }
}
