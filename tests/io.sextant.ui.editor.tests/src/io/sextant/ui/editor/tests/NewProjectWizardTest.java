package io.sextant.ui.editor.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.wizard.WizardDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.INewWizard;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.sextant.data.EventDataSource;
import io.sextant.data.catalog.CatalogService;
import io.sextant.data.catalog.DataCatalog;
import io.sextant.tests.support.Conditions;
import io.sextant.tests.support.ScreenshotOnFailure;
import io.sextant.tests.support.Screenshots;
import io.sextant.tests.support.UiThread;
import io.sextant.tests.support.Widgets;
import io.sextant.tests.support.Workbenches;
import io.sextant.ui.editor.SegEditors;

/**
 * File > New > Sextant Project, driven through its page as a user does: the project gets the Sextant nature,
 * the sample data is generated and imported, and the example .seg files validate without errors.
 */
@ExtendWith(ScreenshotOnFailure.class)
class NewProjectWizardTest {

    private static final String WIZARD_ID = "io.sextant.ui.editor.newProject";

    private final List<IProject> created = new ArrayList<>();
    private WizardDialog dialog;

    @BeforeEach
    void openWizard() {
        Workbenches.awaitWindow();
        Workbenches.closeOtherShells();
        dialog = UiThread.call(() -> {
            try {
                INewWizard wizard = (INewWizard) PlatformUI.getWorkbench().getNewWizardRegistry().findWizard(WIZARD_ID)
                        .createWizard();
                wizard.init(PlatformUI.getWorkbench(), StructuredSelection.EMPTY);
                WizardDialog opened = new WizardDialog(Workbenches.shell(), wizard);
                opened.setBlockOnOpen(false);
                opened.open();
                return opened;
            } catch (CoreException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @AfterEach
    void deleteProjects() throws Exception {
        UiThread.run(() -> {
            if (dialog.getShell() != null && !dialog.getShell().isDisposed()) {
                dialog.close();
            }
        });
        Workbenches.closeOtherShells();
        for (IProject project : created) {
            project.delete(true, true, null);
        }
    }

    @Test
    void createsAProjectWithTheNatureSampleDataAndDefinitionsThatValidate() throws Exception {
        Shell shell = UiThread.call(dialog::getShell);
        Button finish = Widgets.await(shell, Button.class, Widgets.withText("Finish"), "Finish");
        assertFalse(UiThread.call(finish::isEnabled), "no project name yet: Finish is disabled");
        Button sample = Widgets.await(shell, Button.class, Widgets.withTextContaining("Generate sample event data"),
                "the sample data choice");
        assertTrue(UiThread.call(sample::getSelection), "sample data is chosen by default");

        IProject project = typeName(shell, EditorFixture.uniqueName("wizard"));
        assertTrue(UiThread.call(finish::isEnabled), "a new name: Finish is enabled");
        UiThread.run(UiThread::processEvents); // the name and the enabled Finish painted before the screenshot
        Screenshots.capture("wizard-new-sextant-project");
        press(finish);

        awaitCreation(project, Duration.ofMinutes(3));
        assertTrue(project.hasNature(SegEditors.NATURE_ID), "the project has the Sextant nature");
        Path folder = project.getLocation().toFile().toPath();
        assertTrue(Files.size(folder.resolve("data/events.csv")) > 1_000_000, "the generated events");
        DataCatalog catalog = new CatalogService(EventDataSource.embedded(folder)).read();
        assertTrue(catalog.events().keySet().containsAll(List.of("feature_viewed", "purchase", "session_started")),
                () -> "the imported events: " + catalog.events().keySet());

        List<IFile> definitions = segFiles(project);
        assertEquals(List.of("core.seg", "growth.seg"), definitions.stream().map(IFile::getName).sorted().toList(),
                "the example definitions");
        Job.getJobManager().join(ResourcesPlugin.FAMILY_AUTO_BUILD, null);
        for (IFile file : definitions) {
            assertEquals(List.of(), errors(file), () -> file.getName() + " validates without errors");
        }

        // the builder checks against the imported catalog: an unknown event in a new file is an error marker
        IFile broken = EditorFixture.write(project, "definitions/broken.seg", """
                package sample.broken

                segment Typo {
                    owner "ana"
                    where did "purchse"
                }
                """);
        EditorFixture.awaitMarkers(broken, "the builder's marker for the unknown event",
                markers -> markers.stream().anyMatch(m -> m.startsWith("unknown event 'purchse'")));
    }

    @Test
    void withoutSampleDataTheProjectHasTheNatureAndAnEmptyDefinitionsFolder() throws Exception {
        Shell shell = UiThread.call(dialog::getShell);
        Button sample = Widgets.await(shell, Button.class, Widgets.withTextContaining("Generate sample event data"),
                "the sample data choice");
        UiThread.run(() -> sample.setSelection(false));
        IProject project = typeName(shell, EditorFixture.uniqueName("plain"));
        press(Widgets.await(shell, Button.class, Widgets.withText("Finish"), "Finish"));

        Conditions.waitUntil("the project to be created with its definitions folder",
                () -> project.isOpen() && project.getFolder("definitions").exists());
        assertTrue(project.hasNature(SegEditors.NATURE_ID), "the project has the Sextant nature");
        assertEquals(List.of(), segFiles(project));
        assertFalse(project.getFolder("data").exists(), "no sample data was generated");
    }

    @Test
    void theNameOfAnExistingProjectIsRefused() throws Exception {
        IProject existing = ResourcesPlugin.getWorkspace().getRoot().getProject(EditorFixture.uniqueName("taken"));
        existing.create(null);
        created.add(existing);
        Shell shell = UiThread.call(dialog::getShell);
        typeName(shell, existing.getName());
        Button finish = Widgets.await(shell, Button.class, Widgets.withText("Finish"), "Finish");
        assertFalse(UiThread.call(finish::isEnabled), "Finish is disabled for a name in use");
        String error = UiThread.call(() -> dialog.getCurrentPage().getErrorMessage());
        assertTrue(error != null && error.contains("already exists"), () -> "the page says why: " + error);
    }

    /** Types the name into the page's project name field (the first text field), as typing does (Modify events). */
    private IProject typeName(Shell shell, String name) {
        Text field = Widgets.await(shell, Text.class, t -> true, "the project name field");
        UiThread.run(() -> field.setText(name));
        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(name);
        if (!created.contains(project)) {
            created.add(project);
        }
        return project;
    }

    private static void press(Button button) {
        UiThread.run(() -> button.notifyListeners(SWT.Selection, new Event()));
    }

    /** Waits until the wizard's job made the project and recorded its example definitions. */
    private static void awaitCreation(IProject project, Duration timeout) {
        Conditions.waitUntil("the sample project's job to finish", () -> project.isOpen()
                && Arrays.stream(Job.getJobManager().find(null)).noneMatch(job -> job.getName().startsWith("Creating")),
                timeout);
    }

    private static List<IFile> segFiles(IProject project) throws CoreException {
        List<IFile> files = new ArrayList<>();
        project.accept(resource -> {
            if (resource instanceof IFile file && "seg".equals(file.getFileExtension())) {
                files.add(file);
            }
            return !resource.getName().startsWith(".");
        });
        return files;
    }

    /** The messages of the error markers (the builder's and any other problem) on the file. */
    private static List<String> errors(IFile file) throws CoreException {
        return Arrays.stream(file.findMarkers(IMarker.PROBLEM, true, IResource.DEPTH_ZERO))
                .filter(m -> m.getAttribute(IMarker.SEVERITY, -1) == IMarker.SEVERITY_ERROR)
                .map(m -> m.getAttribute(IMarker.MESSAGE, "")).toList();
    }
}
