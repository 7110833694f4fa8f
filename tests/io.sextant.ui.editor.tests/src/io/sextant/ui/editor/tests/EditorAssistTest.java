package io.sextant.ui.editor.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.jface.text.Position;
import org.eclipse.swt.SWT;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.sextant.tests.support.Conditions;
import io.sextant.tests.support.Input;
import io.sextant.tests.support.ScreenshotOnFailure;
import io.sextant.tests.support.UiThread;
import io.sextant.tests.support.Workbenches;
import io.sextant.ui.editor.internal.editor.SegEditor;

/** Templates in content assist, auto-close of brackets and quotes, and mark occurrences, typed into a real editor. */
@ExtendWith(ScreenshotOnFailure.class)
class EditorAssistTest {

    private static final String TWO = """
            package acme.two

            segment Active {
                owner "ana"
                where did "login"
            }

            segment Loyal {
                owner "ana"
                where in segment Active and not in segment Active
            }
            """;

    private IProject project;
    private IFile file;

    @BeforeEach
    void createProject() throws Exception {
        Workbenches.awaitWindow();
        Workbenches.closeOtherShells();
        project = EditorFixture.project(EditorFixture.uniqueName("assist"));
        file = EditorFixture.write(project, "two.seg", TWO);
    }

    @AfterEach
    void closeEditorsAndDeleteProject() throws Exception {
        Workbenches.closeOtherShells();
        UiThread.run(() -> Workbenches.activePage().closeAllEditors(false));
        project.delete(true, true, null);
    }

    @Test
    void aTemplateInsertsTheSkeletonOfAConstruct() throws Exception {
        SegEditor editor = EditorFixture.open(file);
        EditorFixture.focus(editor);
        Input.key(SWT.MOD1, SWT.END);
        Input.type("\nexp");
        Input.key(SWT.MOD1, ' ');
        List<String> items = EditorFixture.awaitPopupItems("the content assist popup with templates");
        assertTrue(items.stream().anyMatch(i -> i.startsWith("experiment - experiment with two variants")),
                () -> "the experiment template, got " + items);
        assertTrue(items.stream().noneMatch(i -> i.startsWith("segment - ")), () -> "only templates matching 'exp': " + items);
        EditorFixture.choosePopupItem("experiment - experiment with two variants");
        EditorFixture.awaitText(editor, "the experiment skeleton", text -> text.endsWith("""
                experiment Name {
                    owner "owner"
                    population Segment
                    variants { control 50 %, treatment 50 % }
                    assignment "experiment_assigned".variant
                    primary Metric
                    alpha 0.05
                }"""));
        // inside a definition, no template is offered
        Input.key(0, SWT.ESC);
        UiThread.run(() -> editor.selectAndReveal(TWO.indexOf("where did"), 0));
        Input.key(SWT.MOD1, ' ');
        List<String> inside = EditorFixture.awaitPopupItems("the content assist popup inside a definition");
        assertTrue(inside.stream().noneMatch(i -> i.contains(" - experiment with")), () -> "no templates: " + inside);
        Input.key(0, SWT.ESC);
    }

    @Test
    void bracketsAndQuotesCloseThemselvesAndAreSteppedOver() throws Exception {
        SegEditor editor = EditorFixture.open(file);
        EditorFixture.focus(editor);
        Input.key(SWT.MOD1, SWT.END);
        Input.type("\n(");
        EditorFixture.awaitText(editor, "the closing bracket", text -> text.endsWith("\n()"));
        Input.type("\"");
        EditorFixture.awaitText(editor, "the closing quote inside", text -> text.endsWith("\n(\"\")"));
        Input.type("a\")");
        EditorFixture.awaitText(editor, "the typed closers stepped over, not doubled", text -> text.endsWith("\n(\"a\")"));
        Input.type(" [x]");
        EditorFixture.awaitText(editor, "square brackets too", text -> text.endsWith("\n(\"a\") [x]"));
    }

    @Test
    void theNameAtTheCaretIsMarkedWhereverItIsDeclaredOrReferenced() throws Exception {
        SegEditor editor = EditorFixture.open(file);
        EditorFixture.focus(editor);
        int declaration = TWO.indexOf("segment Active") + "segment ".length();
        int first = TWO.indexOf("in segment Active") + "in segment ".length();
        int second = TWO.lastIndexOf("in segment Active") + "in segment ".length();
        UiThread.run(() -> editor.selectAndReveal(declaration + 2, 0));
        Conditions.waitUntil("the declaration and both references to be marked",
                () -> offsets(editor).equals(List.of(declaration, first, second)));
        UiThread.run(() -> editor.selectAndReveal(TWO.indexOf("owner"), 0));
        Conditions.waitUntil("nothing marked on a keyword", () -> offsets(editor).isEmpty());
        UiThread.run(() -> editor.selectAndReveal(TWO.indexOf("segment Loyal") + "segment L".length(), 0));
        Conditions.waitUntil("the unreferenced name alone", () -> offsets(editor).equals(List.of(TWO.indexOf("Loyal"))));
        assertEquals(List.of("Loyal".length()),
                UiThread.call(() -> editor.markedOccurrences().stream().map(Position::getLength).toList()),
                "a marked place spans the name");
    }

    private static List<Integer> offsets(SegEditor editor) {
        return UiThread.call(() -> editor.markedOccurrences().stream().map(Position::getOffset).toList());
    }
}
