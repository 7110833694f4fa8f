package io.sextant.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.texteditor.ITextEditor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.sextant.tests.support.Conditions;
import io.sextant.tests.support.Input;
import io.sextant.tests.support.ScreenshotOnFailure;
import io.sextant.tests.support.Screenshots;
import io.sextant.tests.support.UiThread;
import io.sextant.tests.support.Widgets;
import io.sextant.tests.support.Workbenches;

/** A file in the workspace is shown in the Project Explorer, opened, typed into with real keys and saved. */
@ExtendWith(ScreenshotOnFailure.class)
class EditAndSaveFileTest {

    private static final String ORIGINAL = "# segments of the quarter\n";
    private IProject project;
    private IFile file;

    @BeforeEach
    void createProjectAndFile() throws CoreException {
        Workbenches.awaitWindow();
        Workbenches.closeOtherShells();
        project = ResourcesPlugin.getWorkspace().getRoot().getProject("analysis");
        if (!project.exists()) {
            project.create(null);
        }
        project.open(null);
        file = project.getFile("notes.txt");
        if (file.exists()) {
            file.delete(true, null);
        }
        file.create(new ByteArrayInputStream(ORIGINAL.getBytes(StandardCharsets.UTF_8)), true, null);
    }

    @AfterEach
    void closeEditorsAndDeleteProject() throws CoreException {
        UiThread.run(() -> Workbenches.activePage().closeAllEditors(false));
        project.delete(true, true, null);
    }

    @Test
    void projectAppearsInProjectExplorer() {
        Workbenches.showView(IPageLayout.ID_PROJECT_EXPLORER);
        Widgets.await(Workbenches.shell(), TreeItem.class, Widgets.withText("analysis"),
                "for project 'analysis' in the Project Explorer");
    }

    @Test
    void typedTextIsSavedToTheFile() throws Exception {
        IEditorPart editor = UiThread.call(() -> {
            try {
                return IDE.openEditor(Workbenches.activePage(), file);
            } catch (PartInitException e) {
                throw new IllegalStateException(e);
            }
        });
        ITextEditor textEditor = assertInstanceOf(ITextEditor.class, editor);
        StyledText text = assertInstanceOf(StyledText.class, UiThread.call(() -> editor.getAdapter(Control.class)));

        Input.click(text);
        Conditions.waitUntil("the editor to have the keyboard focus", text::isFocusControl);
        Input.key(SWT.MOD1, SWT.END);
        Conditions.waitUntil("Ctrl+End to move the caret to the end of the text",
                () -> text.getCaretOffset() == text.getCharCount());
        Input.type("segment");
        Conditions.waitUntil("the first typed word to appear at the end", () -> text.getText().endsWith("segment"));
        Input.type(" power_users: Viewed 3+ features in week 1!");
        Conditions.waitUntil("the editor to be dirty after typing", textEditor::isDirty);
        Screenshots.capture("editor-typed");

        Input.key(SWT.MOD1, 's');
        Conditions.waitUntil("the editor to be saved", () -> !textEditor.isDirty());

        String expected = ORIGINAL + "segment power_users: Viewed 3+ features in week 1!";
        assertEquals(expected, read(file));
        assertFalse(UiThread.call(textEditor::isDirty));
    }

    private static String read(IFile file) throws Exception {
        file.refreshLocal(0, null);
        try (InputStream in = file.getContents()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
