package io.sextant.ui.editor.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.swt.SWT;
import org.eclipse.swt.dnd.Clipboard;
import org.eclipse.swt.dnd.TextTransfer;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.sextant.data.Dialects;
import io.sextant.engine.SqlExplanation;
import io.sextant.tests.support.Conditions;
import io.sextant.tests.support.Input;
import io.sextant.tests.support.ScreenshotOnFailure;
import io.sextant.tests.support.Screenshots;
import io.sextant.tests.support.UiThread;
import io.sextant.tests.support.Widgets;
import io.sextant.tests.support.Workbenches;
import io.sextant.ui.editor.internal.editor.SegEditor;
import io.sextant.ui.editor.internal.editor.ShowSqlDialog;

/** "Show SQL" (Ctrl+Alt+Q) on the definition under the cursor: the engine's SQL, another dialect, copy, and a planning mistake. */
@ExtendWith(ScreenshotOnFailure.class)
class ShowSqlTest {

    private static final String ERRORS = """
            package acme.errors

            metric Broken {
                owner "o"
                sum "purchase".amout within 30 days after signup
            }
            """;

    private IProject project;

    @BeforeEach
    void createProject() throws Exception {
        Workbenches.awaitWindow();
        Workbenches.closeOtherShells();
        project = EditorFixture.project(EditorFixture.uniqueName("sql"));
        EditorFixture.write(project, "core.seg", SegEditorTest.CORE);
    }

    @AfterEach
    void closeEverything() throws Exception {
        Workbenches.closeOtherShells();
        UiThread.run(() -> Workbenches.activePage().closeAllEditors(false));
        project.delete(true, true, null);
    }

    @Test
    void showsTheSqlOfTheSegmentInAnotherDialectAndCopiesIt() throws Exception {
        IFile growth = EditorFixture.write(project, "growth.seg", SegEditorTest.GROWTH);
        SegEditor editor = EditorFixture.open(growth);
        EditorFixture.focus(editor);
        UiThread.run(() -> editor.selectAndReveal(SegEditorTest.GROWTH.indexOf("owner \"ana\""), 0));
        Input.key(SWT.MOD1 | SWT.ALT, 'q');
        Shell shell = awaitShell("Show SQL: Buyers");
        ShowSqlDialog dialog = (ShowSqlDialog) UiThread.call(shell::getData);
        SqlExplanation h2 = Conditions.waitFor("the SQL of Buyers", dialog::shown);
        assertEquals(Dialects.H2.name(), h2.dialect());
        assertTrue(h2.sqlWithValues().contains("'purchase'") && h2.sqlWithValues().contains("'login'"),
                () -> "the events of Buyers and of the segment it refers to, in " + h2.sqlWithValues());
        assertTrue(h2.parameters().contains("purchase"), () -> "the event as a parameter: " + h2.parameters());
        Text shown = Widgets.await(shell, Text.class, text -> Widgets.textOf(text).contains("'purchase'"),
                "for the SQL with values on screen");
        // as of the data's last day (the fixture's events end on 2026-01-08), as runs are, not today
        assertEquals(java.time.LocalDate.of(2026, 1, 8), dialog.asOf(), "Show SQL is as of the data's last day");
        Widgets.await(shell, Label.class, Widgets.withTextContaining("as of 2026-01-08"),
                "for the as-of day on screen");
        Screenshots.capture("editor-show-sql");

        Combo dialects = Widgets.findFirst(shell, Combo.class, c -> true);
        UiThread.run(() -> {
            dialects.select(Arrays.asList(dialects.getItems()).indexOf("PostgreSQL"));
            dialects.notifyListeners(SWT.Selection, new Event());
        });
        SqlExplanation postgres = Conditions.waitFor("the SQL for PostgreSQL", () -> {
            SqlExplanation now = dialog.shown();
            return now != null && now.dialect().equals(Dialects.POSTGRESQL.name()) ? now : null;
        });
        assertTrue(postgres.sqlWithValues().contains("'purchase'"));

        Button copy = Widgets.findFirst(shell, Button.class, Widgets.withText("Copy"));
        UiThread.run(() -> copy.notifyListeners(SWT.Selection, new Event()));
        String copied = UiThread.call(() -> {
            Clipboard clipboard = new Clipboard(Display.getCurrent());
            try {
                return (String) clipboard.getContents(TextTransfer.getInstance());
            } finally {
                clipboard.dispose();
            }
        });
        assertEquals(UiThread.call(shown::getText), copied, "Copy puts the shown SQL on the clipboard");
        assertEquals(postgres.sqlWithValues(), copied);
    }

    @Test
    void aPlanningMistakeShowsItsOneLineMessage() throws Exception {
        IFile errors = EditorFixture.write(project, "errors.seg", ERRORS);
        SegEditor editor = EditorFixture.open(errors);
        EditorFixture.focus(editor);
        UiThread.run(() -> editor.selectAndReveal(ERRORS.indexOf("sum"), 0));
        Input.key(SWT.MOD1 | SWT.ALT, 'q');
        Shell shell = awaitShell("Show SQL: Broken");
        Label message = Widgets.await(shell, Label.class, Widgets.withTextContaining("amout"),
                "for the planning error");
        String text = UiThread.call(message::getText);
        assertTrue(text.matches("errors\\.seg:\\d+: .*"), () -> "file and line first: " + text);
        assertEquals(1, text.lines().count(), text);
        assertEquals(null, ((ShowSqlDialog) UiThread.call(shell::getData)).shown());
    }

    private static Shell awaitShell(String title) {
        return Conditions.waitFor("the dialog '" + title + "'", () -> UiThread.call(() -> Arrays
                .stream(Display.getCurrent().getShells()).filter(s -> !s.isDisposed() && title.equals(s.getText()))
                .findFirst().orElse(null)));
    }
}
