package io.sextant.ui.analysis.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.sextant.data.EventDataSource;
import io.sextant.data.generator.GeneratorSettings;
import io.sextant.data.generator.GroundTruth;
import io.sextant.data.generator.SyntheticGenerator;
import io.sextant.data.generator.Tier;
import io.sextant.data.imports.DataImporter;
import io.sextant.data.imports.ImportMapping;
import io.sextant.model.MatrixResult;
import io.sextant.model.TableResult;
import io.sextant.tests.support.Conditions;
import io.sextant.tests.support.Input;
import io.sextant.tests.support.Screenshots;
import io.sextant.tests.support.UiThread;
import io.sextant.tests.support.Widgets;
import io.sextant.tests.support.Workbenches;
import io.sextant.ui.analysis.AnalysisViews;
import io.sextant.ui.analysis.internal.ActiveRun;
import io.sextant.ui.analysis.internal.AnalysisJobs;
import io.sextant.ui.analysis.internal.ResultsView;
import io.sextant.ui.analysis.internal.RunAnalysis;
import io.sextant.ui.analysis.internal.RunAnalysisDialog;
import io.sextant.ui.analysis.internal.RunsView;

/**
 * The Run Analysis dialog, the Runs view and the Results view in the workbench, on a project with generated
 * tier S data: a cohort retention run ends in the Runs view as succeeded and opens in the Results view with the
 * matrix and its heatmap; a long run cancelled from the Runs view is recorded cancelled; a bad parameter
 * disables Run with a message.
 */
class AnalysisViewsTest {

    private static final String DEFINITIONS = """
            package ui.test

            segment Explorers { owner "t" where count "feature_viewed" within 7 days after signup >= 3 }
            metric UpgradeConversion { owner "t" conversion did "plan_upgraded" within 14 days after signup }
            playbook Weekly {
                owner "t"
                analysis "cohort-retention" (period: "week", periods: 4, segment: Explorers)
                analysis "funnel" (steps: "signed_up, plan_upgraded", window: 7)
            }
            """;

    private static IProject project;

    @BeforeAll
    static void projectWithGeneratedData() throws Exception {
        Shell window = Workbenches.shell();
        // the whole screen gives the views the room an analyst gives them (Xvfb has no window manager to maximize)
        UiThread.run(() -> window.setBounds(window.getDisplay().getPrimaryMonitor().getClientArea()));
        project = ResourcesPlugin.getWorkspace().getRoot().getProject("analysis-views");
        if (project.exists()) {
            project.delete(true, true, null);
        }
        project.create(null);
        project.open(null);
        Path data = Files.createTempDirectory("sextant-ui-analysis");
        GroundTruth truth = new SyntheticGenerator().generate(data, GeneratorSettings.of(Tier.S, 11),
                new NullProgressMonitor());
        DataImporter importer = new DataImporter(EventDataSource.embedded(project.getLocation().toFile().toPath()));
        importer.importFile(truth.files().get("users.csv"), ImportMapping.users("user_id", "signup_time").build(),
                new NullProgressMonitor());
        importer.importFile(truth.files().get("events.csv"), ImportMapping.events("user_id", "event", "time").build(),
                new NullProgressMonitor());
        IFile file = project.getFile("core.seg");
        file.create(new ByteArrayInputStream(DEFINITIONS.getBytes(StandardCharsets.UTF_8)), true, null);
        project.refreshLocal(IResource.DEPTH_INFINITE, null);
    }

    @BeforeEach
    void noDialogLeftOpen() {
        UiThread.run(Workbenches::closeOtherShells);
    }

    @Test
    void cohortRetentionSucceedsAndShowsItsMatrixAndHeatmap() throws Exception {
        Shell dialog = openDialog();
        choose(dialog, "Cohort retention");
        run(dialog);

        RunsView runs = (RunsView) Workbenches.showView(AnalysisViews.RUNS_VIEW_ID);
        awaitRow(runs, "Cohort retention", "succeeded", Duration.ofSeconds(60));

        ResultsView results = awaitResults("cohort-retention");
        UiThread.run(() -> {
            ResultsView.ResultTab matrixTab = results.tabs().get(0);
            MatrixResult matrix = (MatrixResult) matrixTab.result();
            Table table = matrixTab.viewer().getTable();
            assertEquals(matrix.getRowLabels().size(), table.getItemCount(), "one table row per cohort");
            assertEquals(matrix.getRowLabels().get(0), table.getItem(0).getText(0));
            assertTrue(table.getItem(0).getText(1).endsWith("%"), "shares are shown as percentages: "
                    + table.getItem(0).getText(1));
            var bounds = matrixTab.chartImage().getBounds();
            var area = matrixTab.chartControl().getBounds();
            assertTrue(bounds.width > 100 && bounds.height > 50, "the heatmap is drawn: " + bounds);
            assertTrue(Math.abs(bounds.width - area.width) <= 2, "drawn at the canvas' width " + area + ": " + bounds);
            assertTrue(results.headerText().contains("Cohort retention — succeeded"), results.headerText());
        });
        captureMaximized(results, "results-heatmap");
    }

    @Test
    void funnelShowsItsStepsAndBars() throws Exception {
        Shell dialog = openDialog();
        choose(dialog, "Funnel");
        UiThread.run(() -> {
            Text steps = Widgets.findFirst(dialog, Text.class, Widgets.withId("parameter.steps"));
            steps.setText("signed_up, feature_viewed, plan_upgraded");
        });
        run(dialog);
        RunsView runs = (RunsView) Workbenches.showView(AnalysisViews.RUNS_VIEW_ID);
        awaitRow(runs, "Funnel", "succeeded", Duration.ofSeconds(60));
        ResultsView results = awaitResults("funnel");
        UiThread.run(() -> {
            TableResult funnel = (TableResult) results.tabs().get(0).result();
            Table table = results.tabs().get(0).viewer().getTable();
            assertEquals(3, table.getItemCount());
            assertEquals(funnel.getColumns().get(0).getTexts(), Arrays.stream(table.getItems())
                    .map(item -> item.getText(0)).toList());
            List<String> headers = Arrays.stream(table.getColumns()).map(c -> c.getText()).toList();
            assertTrue(headers.contains("95% interval"), "lower and upper are one interval column: " + headers);
        });
        captureMaximized(results, "results-funnel");
    }

    @Test
    void aLongRunCancelledFromTheRunsViewIsRecordedCancelled() throws Exception {
        Shell dialog = openDialog();
        choose(dialog, "Until cancelled");
        run(dialog);
        RunsView runs = (RunsView) Workbenches.showView(AnalysisViews.RUNS_VIEW_ID);
        ActiveRun active = Conditions.waitFor("the run to make progress", () -> AnalysisJobs.get().active().stream()
                .filter(run -> run.analysisId().equals("test-until-cancelled") && run.progress() > 0.01)
                .findFirst().orElse(null), Duration.ofSeconds(30));
        UiThread.run(() -> {
            var row = runs.rows().stream().filter(r -> r.active() == active).findFirst().orElseThrow();
            assertTrue(runs.viewer().getTable().getItem(0).getText(1).startsWith("running"),
                    "a running row shows its progress");
            runs.viewer().setSelection(new StructuredSelection(row));
        });
        Screenshots.capture("runs-view-running");
        long cancelledAt = System.nanoTime();
        UiThread.run(runs::cancelSelected);
        awaitRow(runs, "Until cancelled", "cancelled", Duration.ofSeconds(20));
        long millis = (System.nanoTime() - cancelledAt) / 1_000_000;
        assertTrue(millis < 10_000, "cancelled promptly: " + millis + " ms");
        Screenshots.capture("runs-view");
    }

    @Test
    void aBadParameterShowsItsMessageAndDisablesRun() {
        Shell dialog = openDialog();
        choose(dialog, "Cohort retention");
        UiThread.run(() -> {
            RunAnalysisDialog window = (RunAnalysisDialog) dialog.getData();
            Button run = Widgets.findFirst(dialog, Button.class, Widgets.withText("Run"));
            assertTrue(run.isEnabled(), "the defaults are valid: " + window.getErrorMessage());
            Text periods = Widgets.findFirst(dialog, Text.class, Widgets.withId("parameter.periods"));
            periods.setText("many");
            assertEquals("parameter 'periods' of analysis 'cohort-retention' is a whole number, not 'many'",
                    window.getErrorMessage());
            assertFalse(run.isEnabled(), "Run is disabled while a parameter is wrong");
            periods.setText("6");
            assertEquals(null, window.getErrorMessage());
            assertTrue(run.isEnabled());
            Combo segment = Widgets.findFirst(dialog, Combo.class, Widgets.withId("parameter.segment"));
            assertTrue(Arrays.asList(segment.getItems()).contains("Explorers"), "segments of the project are offered");
            segment.setText("Nobody");
            assertTrue(window.getErrorMessage().contains("names segment 'Nobody', which no .seg file defines"),
                    window.getErrorMessage());
            assertFalse(run.isEnabled());
            Button cancel = Widgets.findFirst(dialog, Button.class, Widgets.withText("Cancel"));
            cancel.notifyListeners(SWT.Selection, new Event());
        });
        assertTrue(UiThread.call(dialog::isDisposed), "Cancel closes the dialog");
    }

    @Test
    void unknownEventsAreRefusedBeforeTheRunWithCompletionAndTheParametersAreRemembered() throws Exception {
        Shell dialog = openDialog();
        choose(dialog, "Funnel");
        RunAnalysisDialog window = (RunAnalysisDialog) UiThread.call(dialog::getData);
        Text steps = UiThread.call(() -> Widgets.findFirst(dialog, Text.class, Widgets.withId("parameter.steps")));
        Button run = UiThread.call(() -> Widgets.findFirst(dialog, Button.class, Widgets.withText("Run")));
        UiThread.run(() -> steps.setText("signed_up, feature_viewd"));
        assertEquals("parameter 'steps' of analysis 'funnel': the data has no event 'feature_viewd'; "
                + "did you mean 'feature_viewed'?", UiThread.call(window::getErrorMessage));
        assertFalse(UiThread.call(run::isEnabled), "Run is disabled while a step is not an event of the data");

        // completion: typing the start of an event after the comma proposes it; choosing it completes the name
        UiThread.run(() -> {
            steps.setText("signed_up, ");
            steps.setSelection(steps.getText().length());
        });
        Input.click(steps);
        Conditions.waitUntil("the steps input to have the focus", () -> UiThread.call(steps::isFocusControl));
        UiThread.run(() -> steps.setSelection(steps.getText().length()));
        Input.type("plan_up");
        Screenshots.capture("run-analysis-completion");
        choosePopupItem("plan_upgraded");
        Conditions.waitUntil("the step to be completed",
                () -> UiThread.call(steps::getText).equals("signed_up, plan_upgraded"));
        assertEquals(null, UiThread.call(window::getErrorMessage));
        run(dialog);
        RunsView runs = (RunsView) Workbenches.showView(AnalysisViews.RUNS_VIEW_ID);
        awaitRow(runs, "Funnel", "succeeded", "steps=signed_up, plan_upgraded", Duration.ofSeconds(60));

        // opened again, the dialog is on the funnel with the steps run last
        Shell again = openDialog();
        UiThread.run(() -> {
            Combo analysis = Widgets.findFirst(again, Combo.class, Widgets.withId("analysis"));
            assertTrue(analysis.getText().endsWith("› Funnel"), "the analysis run last: " + analysis.getText());
            Text remembered = Widgets.findFirst(again, Text.class, Widgets.withId("parameter.steps"));
            assertEquals("signed_up, plan_upgraded", remembered.getText());
            Widgets.findFirst(again, Button.class, Widgets.withText("Cancel")).notifyListeners(SWT.Selection, new Event());
        });
    }

    @Test
    void aRunThatFailsBeforeItIsRecordedIsListedAndTheTitleNamesNoOldError() throws Exception {
        // a playbook line whose funnel names an event the data does not have: it fails when it starts
        String text = DEFINITIONS + """

                playbook Broken {
                    owner "t"
                    analysis "funnel" (steps: "signed_up, no_such_event")
                    analysis "cohort-retention" (period: "week", periods: 3)
                }
                """;
        IFile file = project.getFile("core.seg");
        Shell window = Workbenches.shell();
        UiThread.run(() -> RunAnalysis.start(window, project, file, text, text.indexOf("playbook Broken") + 3));
        RunsView runs = (RunsView) Workbenches.showView(AnalysisViews.RUNS_VIEW_ID);
        awaitRow(runs, "Funnel", "failed", "steps=signed_up, no_such_event", Duration.ofSeconds(60));
        String error = UiThread.call(() -> Arrays.stream(runs.viewer().getTable().getItems())
                .filter(item -> item.getText(1).equals("failed") && item.getText(4).contains("no_such_event"))
                .findFirst().orElseThrow().getText(5));
        assertTrue(error.contains("the data has no event 'no_such_event'"), error);
        // the next line runs and succeeds; the title names the project, no error
        awaitRow(runs, "Cohort retention", "succeeded", "periods=3", Duration.ofSeconds(60));
        assertEquals("Runs of analysis-views", UiThread.call(runs::getContentDescription));
        Screenshots.capture("runs-view-failed-run");
    }

    @Test
    void theRunsViewShowsRunsRecordedElsewhere() throws Exception {
        RunsView runs = (RunsView) Workbenches.showView(AnalysisViews.RUNS_VIEW_ID);
        UiThread.run(() -> runs.setProject(project));
        Conditions.waitUntil("the Runs view to show the project's runs",
                () -> UiThread.call(() -> runs.project() == project));
        Conditions.sleep(Duration.ofMillis(500));
        long before = UiThread.call(() -> Arrays.stream(runs.viewer().getTable().getItems())
                .filter(item -> item.getText(4).contains("periods=5")).count());
        // a run made by another part of the IDE (a report's render does this): its own runner, another thread
        Path folder = project.getLocation().toFile().toPath();
        EventDataSource source = EventDataSource.embedded(folder);
        var runner = new io.sextant.analysis.AnalysisRunner(io.sextant.analysis.AnalysisRegistry.read(),
                io.sextant.ui.internal.repository.ProjectRepositories.get().of(project).orElseThrow(),
                io.sextant.engine.Engine.on(source), "events", new io.sextant.data.catalog.CatalogService(source).read());
        var request = new io.sextant.analysis.AnalysisRequest("cohort-retention",
                java.util.Map.of("periods", "5"), io.sextant.project.SextantProject.lastDataDay(source),
                io.sextant.analysis.DefinitionLookup.of(List.of()));
        Thread elsewhere = new Thread(() -> {
            try {
                runner.run(request, new NullProgressMonitor());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        elsewhere.start();
        elsewhere.join(60_000);
        // no Refresh pressed: the view hears the run
        Conditions.waitUntil("the run made elsewhere to be listed", () -> UiThread.call(
                () -> Arrays.stream(runs.viewer().getTable().getItems())
                        .filter(item -> item.getText(4).contains("periods=5") && item.getText(1).equals("succeeded"))
                        .count() == before + 1));
    }

    /** Chooses the item of an open proposal popup (not the dialog, not the window) whose text is the given one. */
    private static void choosePopupItem(String text) {
        Conditions.waitUntil("a proposal popup listing " + text, () -> UiThread.call(() -> {
            for (Shell shell : UiThread.display().getShells()) {
                if (shell.isDisposed() || !shell.isVisible() || shell.getData() instanceof RunAnalysisDialog
                        || shell == Workbenches.shell()) {
                    continue;
                }
                Table table = Widgets.findFirst(shell, Table.class, t -> t.getItemCount() > 0);
                if (table == null) {
                    continue;
                }
                for (int i = 0; i < table.getItemCount(); i++) {
                    if (table.getItem(i).getText().equals(text)) {
                        table.setSelection(i);
                        Event selection = new Event();
                        selection.item = table.getItem(i);
                        table.notifyListeners(SWT.Selection, selection);
                        Event choose = new Event();
                        choose.item = table.getItem(i);
                        table.notifyListeners(SWT.DefaultSelection, choose);
                        return true;
                    }
                }
            }
            return false;
        }));
    }

    /** A screenshot with the view maximized (drawn again at its new size), then the layout as it was. */
    private static void captureMaximized(ResultsView results, String name) throws Exception {
        var page = Workbenches.activePage();
        UiThread.run(() -> page.setPartState(page.getReference(results), org.eclipse.ui.IWorkbenchPage.STATE_MAXIMIZED));
        Conditions.waitUntil("the chart drawn at the maximized size", () -> UiThread.call(() -> {
            var tab = results.tabs().get(0);
            return tab.chartImage() != null
                    && Math.abs(tab.chartImage().getBounds().width - tab.chartControl().getBounds().width) <= 2;
        }));
        Conditions.sleep(Duration.ofMillis(300));
        Screenshots.capture(name);
        UiThread.run(() -> page.setPartState(page.getReference(results), org.eclipse.ui.IWorkbenchPage.STATE_RESTORED));
    }

    /** Waits until the Results view (opened when the run ends) shows a run of the analysis with its chart. */
    private static ResultsView awaitResults(String analysisId) {
        var page = Workbenches.activePage();
        ResultsView results = Conditions.waitFor("the Results view to open", () -> (ResultsView) UiThread.call(
                () -> page.findView(AnalysisViews.RESULTS_VIEW_ID)));
        UiThread.run(() -> page.activate(results));
        try {
            Conditions.waitUntil("the Results view to show the " + analysisId + " run with its chart", () -> UiThread.call(
                    () -> results.run() != null && results.run().getAnalysisId().equals(analysisId)
                            && !results.tabs().isEmpty() && results.tabs().get(0).chartImage() != null));
        } catch (AssertionError e) {
            String state = UiThread.call(() -> results.headerText() + "; tabs " + results.tabs().size()
                    + (results.tabs().isEmpty() ? "" : "; chart area " + results.tabs().get(0).chartControl().getBounds()));
            throw new AssertionError(e.getMessage() + "; it shows: " + state, e);
        }
        return results;
    }

    @Test
    void aPlaybookUnderTheCursorRunsItsAnalysesOneAfterAnother() {
        IFile file = project.getFile("core.seg");
        int offset = DEFINITIONS.indexOf("playbook Weekly") + 4;
        Shell window = Workbenches.shell();
        UiThread.run(() -> RunAnalysis.start(window, project, file, DEFINITIONS, offset));
        RunsView runs = (RunsView) Workbenches.showView(AnalysisViews.RUNS_VIEW_ID);
        awaitRow(runs, "Cohort retention", "succeeded", "periods=4, cohorts=12, segment=ui.test.Explorers",
                Duration.ofSeconds(60));
        awaitRow(runs, "Funnel", "succeeded", "steps=signed_up, plan_upgraded, window=7", Duration.ofSeconds(60));
    }

    @Test
    void aSegmentUnderTheCursorFillsTheSegmentParameter() {
        IFile file = project.getFile("core.seg");
        int offset = DEFINITIONS.indexOf("segment Explorers") + 10;
        Shell window = Workbenches.shell();
        UiThread.run(() -> RunAnalysis.start(window, project, file, DEFINITIONS, offset));
        Shell dialog = Conditions.waitFor("the Run Analysis dialog", () -> UiThread.call(() -> Arrays
                .stream(UiThread.display().getShells())
                .filter(shell -> !shell.isDisposed() && shell.getData() instanceof RunAnalysisDialog)
                .findFirst().orElse(null)), Duration.ofSeconds(60));
        choose(dialog, "Cohort retention");
        UiThread.run(() -> {
            Combo segment = Widgets.findFirst(dialog, Combo.class, Widgets.withId("parameter.segment"));
            assertEquals("ui.test.Explorers", segment.getText());
            Widgets.findFirst(dialog, Button.class, Widgets.withText("Cancel")).notifyListeners(SWT.Selection, new Event());
        });
    }

    /** Opens the dialog the way the command does and returns its shell. */
    private static Shell openDialog() {
        Shell window = Workbenches.shell();
        UiThread.run(() -> RunAnalysis.start(window, project, null, null, -1));
        return Conditions.waitFor("the Run Analysis dialog", () -> UiThread.call(() -> Arrays
                .stream(UiThread.display().getShells())
                .filter(shell -> !shell.isDisposed() && shell.isVisible() && "Run Analysis".equals(shell.getText())
                        && shell.getData() instanceof RunAnalysisDialog)
                .findFirst().orElse(null)), Duration.ofSeconds(60));
    }

    private static void choose(Shell dialog, String analysisName) {
        UiThread.run(() -> {
            Combo combo = Widgets.findFirst(dialog, Combo.class, Widgets.withId("analysis"));
            String[] items = combo.getItems();
            int index = -1;
            for (int i = 0; i < items.length; i++) {
                if (items[i].endsWith("› " + analysisName)) {
                    index = i;
                }
            }
            assertTrue(index >= 0, analysisName + " is offered: " + Arrays.toString(items));
            combo.select(index);
            combo.notifyListeners(SWT.Modify, new Event());
        });
    }

    private static void run(Shell dialog) {
        UiThread.run(() -> {
            RunAnalysisDialog window = (RunAnalysisDialog) dialog.getData();
            Button run = Widgets.findFirst(dialog, Button.class, Widgets.withText("Run"));
            assertTrue(run.isEnabled(), "Run is enabled: " + window.getErrorMessage());
            assertEquals(IDialogConstants.OK_ID, run.getData());
            run.notifyListeners(SWT.Selection, new Event());
        });
    }

    /** Waits until the Runs view has a row of the analysis with the status; a timeout lists the rows. */
    private static void awaitRow(RunsView runs, String analysis, String status, Duration timeout) {
        awaitRow(runs, analysis, status, "", timeout);
    }

    private static void awaitRow(RunsView runs, String analysis, String status, String parameters, Duration timeout) {
        try {
            Conditions.waitUntil("a " + status + " run of " + analysis + " in the Runs view", () -> UiThread.call(
                    () -> Arrays.stream(runs.viewer().getTable().getItems())
                            .anyMatch(item -> item.getText(0).equals(analysis) && item.getText(1).equals(status)
                                    && item.getText(4).contains(parameters))),
                    timeout);
        } catch (AssertionError e) {
            String rows = UiThread.call(() -> Arrays.stream(runs.viewer().getTable().getItems())
                    .map(AnalysisViewsTest::describe).toList().toString());
            throw new AssertionError(e.getMessage() + "; the rows: " + rows, e);
        }
    }

    private static String describe(TableItem item) {
        StringBuilder text = new StringBuilder();
        for (int c = 0; c < 6; c++) {
            text.append(item.getText(c)).append(" | ");
        }
        return text.toString();
    }
}
