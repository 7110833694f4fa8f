package io.sextant.ui.report.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.swt.browser.Browser;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.handlers.IHandlerService;
import org.eclipse.ui.ide.IDE;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.sextant.data.generator.Tier;
import io.sextant.project.SampleProjects;
import io.sextant.tests.support.Conditions;
import io.sextant.tests.support.ScreenshotOnFailure;
import io.sextant.tests.support.Screenshots;
import io.sextant.tests.support.UiThread;
import io.sextant.tests.support.Widgets;
import io.sextant.tests.support.Workbenches;

/**
 * "Render Report" from the .seg editor of the sample project's growth.seg: the playbook's analyses run (none
 * is stored yet), the report renders off the UI thread and appears in the Report Preview's browser.
 */
@ExtendWith(ScreenshotOnFailure.class)
class ReportPreviewTest {

    private static IProject project;

    @BeforeAll
    static void createTheSampleProject() throws Exception {
        Workbenches.awaitWindow();
        Path location = ResourcesPlugin.getWorkspace().getRoot().getLocation().toFile().toPath().resolve("acme");
        SampleProjects.create(location, Tier.S, 42, new NullProgressMonitor());
        project = ResourcesPlugin.getWorkspace().getRoot().getProject("acme");
        project.create(new NullProgressMonitor());
        project.open(new NullProgressMonitor());
        project.refreshLocal(IResource.DEPTH_INFINITE, new NullProgressMonitor());
    }

    @Test
    void renderReportFromTheEditorShowsThePreview() throws Exception {
        IFile growth = project.getFile("definitions/growth.seg");
        assertTrue(growth.exists());
        UiThread.run(() -> {
            try {
                IDE.openEditor(Workbenches.activePage(), growth);
                Workbenches.activePage().getWorkbenchWindow().getService(IHandlerService.class)
                        .executeCommand("io.sextant.ui.report.render", null);
            } catch (Exception e) { // opening the editor or running the command failed: the test fails with it
                throw new IllegalStateException(e);
            }
        });
        // the UI's supplier runs on the UI thread (Conditions calls it there)
        IViewPart preview = Conditions.waitFor("the report preview of Q3Growth", () -> {
            IViewPart view = Workbenches.activePage().findView("io.sextant.ui.report.preview");
            return view != null && view.getTitle().equals("Report: Q3Growth") ? view : null;
        }, Duration.ofMinutes(4));
        Browser browser = Conditions.waitFor("the browser", () -> Widgets.findFirst(
                Workbenches.shell(), Browser.class, b -> b.getUrl().endsWith("Q3Growth.html")));
        Conditions.waitUntil("the report is loaded", () -> {
            Object text = browser.evaluate("return document.body ? document.body.innerText : '';");
            return text instanceof String s && s.contains("Executive summary") && s.contains("Provenance");
        }, Duration.ofSeconds(60));
        UiThread.run(() -> Workbenches.activePage().setPartState(
                Workbenches.activePage().getReference(preview), org.eclipse.ui.IWorkbenchPage.STATE_MAXIMIZED));
        UiThread.run(() -> browser.execute("window.scrollTo(0, 900);"));
        Conditions.sleep(Duration.ofSeconds(2));
        Screenshots.capture("report-preview");
    }
}
