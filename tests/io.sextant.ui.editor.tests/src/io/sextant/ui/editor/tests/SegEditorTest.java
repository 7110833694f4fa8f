package io.sextant.ui.editor.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IFileEditorInput;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.eclipse.jface.text.source.projection.ProjectionViewer;
import io.sextant.dsl.ide.highlighting.SegSemanticHighlightingCalculator;
import io.sextant.ui.editor.internal.editor.SegStyles;
import org.junit.jupiter.api.extension.ExtendWith;

import io.sextant.tests.support.Conditions;
import io.sextant.tests.support.Input;
import io.sextant.tests.support.ScreenshotOnFailure;
import io.sextant.tests.support.Screenshots;
import io.sextant.tests.support.UiThread;
import io.sextant.tests.support.Widgets;
import io.sextant.tests.support.Workbenches;
import io.sextant.ui.editor.internal.editor.SegEditor;

/**
 * The segment editor in the real workbench, driven by real key events: problems as you type and their quick
 * fix, content assist with the project's catalog, F3 into another file, formatting and the Outline.
 */
@ExtendWith(ScreenshotOnFailure.class)
class SegEditorTest {

    static final String CORE = """
            package acme.core

            /** Anyone who logged in. */
            segment Active {
                owner "ana"
                where did "login"
            }
            """;
    static final String GROWTH = """
            package acme.growth

            import acme.core.*

            segment Buyers {
                owner "ana"
                where did "purchase" and in segment Active
            }

            metric Revenue {
                owner "finance"
                sum "purchase".amount within 30 days after signup
            }
            """;

    private IProject project;
    private IFile core;
    private IFile growth;

    @BeforeEach
    void createProject() throws Exception {
        Workbenches.awaitWindow();
        Workbenches.closeOtherShells();
        project = EditorFixture.project(EditorFixture.uniqueName("editing"));
        core = EditorFixture.write(project, "core.seg", CORE);
        growth = EditorFixture.write(project, "growth.seg", GROWTH);
    }

    @AfterEach
    void closeEditorsAndDeleteProject() throws Exception {
        UiThread.run(() -> Workbenches.activePage().closeAllEditors(false));
        project.delete(true, true, null);
    }

    @Test
    void unknownEventIsMarkedAsYouTypeAndTheQuickFixRemovesIt() throws Exception {
        SegEditor editor = EditorFixture.open(growth);
        assertEquals(List.of(), EditorFixture.problems(editor), "the file starts without problems");
        StyledText text = EditorFixture.text(editor);
        int at = GROWTH.indexOf("did \"purchase\"") + "did \"purchase\"".length();
        EditorFixture.focus(editor);
        UiThread.run(() -> editor.selectAndReveal(at, 0));
        Input.type(" and did \"purchse\"");
        EditorFixture.awaitProblem(editor, "unknown event 'purchse': did you mean 'purchase'?");
        // colours: the keyword and the event name in their styles
        StyleRange keyword = UiThread.call(() -> text.getStyleRangeAtOffset(GROWTH.indexOf("segment Buyers")));
        assertTrue(keyword != null && (keyword.fontStyle & SWT.BOLD) != 0, "keywords are bold");
        Screenshots.capture("editor-unknown-event");

        Input.key(SWT.MOD1, 's');
        EditorFixture.awaitMarkers(growth, "the builder's marker for the saved file",
                markers -> markers.contains("unknown event 'purchse': did you mean 'purchase'?"));

        UiThread.run(() -> editor.selectAndReveal(at + " and did \"pur".length(), 0));
        Input.key(SWT.MOD1, '1');
        List<String> fixes = EditorFixture.awaitPopupItems("the quick fix popup");
        assertEquals("Change to 'purchase'", fixes.get(0));
        EditorFixture.choosePopupItem("Change to 'purchase'");
        EditorFixture.awaitText(editor, "the fix to replace the event",
                shown -> shown.contains("did \"purchase\" and did \"purchase\" and in segment Active"));
        Conditions.waitUntil("the annotation to go", () -> EditorFixture.problems(editor).isEmpty());
        Input.key(SWT.MOD1, 's');
        EditorFixture.awaitMarkers(growth, "the builder's marker to go once saved", List::isEmpty);
        assertTrue(EditorFixture.read(growth).contains("did \"purchase\" and did \"purchase\""));
    }

    @Test
    void semanticColoursShowAndSurviveTypingAndFolding() throws Exception {
        SegEditor editor = EditorFixture.open(growth);
        StyledText text = EditorFixture.text(editor);
        int reference = GROWTH.indexOf("in segment Active") + "in segment ".length();
        int name = GROWTH.indexOf("segment Buyers") + "segment ".length();
        int event = GROWTH.indexOf("\"purchase\"") + 1;
        var referenceColour = SegStyles.of(SegSemanticHighlightingCalculator.REFERENCE);
        var definitionColour = SegStyles.of(SegSemanticHighlightingCalculator.DEFINITION);
        var eventColour = SegStyles.of(SegSemanticHighlightingCalculator.EVENT);
        Conditions.waitUntil("the reference to segment Active in the reference colour",
                () -> hasColour(text, reference, referenceColour));
        assertTrue(hasColour(text, name, definitionColour), "the defined name in the definition colour");
        assertTrue(hasColour(text, event, eventColour), "the event name in the event colour, not the string's");
        StyleRange keyword = UiThread.call(() -> text.getStyleRangeAtOffset(GROWTH.indexOf("segment Buyers")));
        assertTrue(keyword != null && keyword.foreground.equals(SegStyles.of("keyword").getForeground()),
                "the keyword keeps its lexical colour");
        Screenshots.capture("editor-semantic-colours");

        // typing above the reference repaints the lines: the colours must come back at the moved offset
        EditorFixture.focus(editor);
        UiThread.run(() -> editor.selectAndReveal(GROWTH.indexOf("segment Buyers"), 0));
        Input.type("// moved\n");
        EditorFixture.awaitValidated(editor);
        int moved = reference + "// moved\n".length();
        Conditions.waitUntil("the moved reference in the reference colour", () -> hasColour(text, moved, referenceColour));

        // folding the first definition and unfolding it repaints: the colours stay
        ProjectionViewer viewer = (ProjectionViewer) editor.viewer();
        UiThread.run(() -> viewer.doOperation(ProjectionViewer.COLLAPSE_ALL));
        UiThread.run(() -> viewer.doOperation(ProjectionViewer.EXPAND_ALL));
        Conditions.waitUntil("the reference in the reference colour after folding",
                () -> hasColour(text, moved, referenceColour));
        assertFalse(hasColour(text, moved - "in segment ".length(), referenceColour), "the keyword before it is not");
    }

    /** Whether the character at the (model) offset is drawn in the colour and font style of the attribute. */
    private static boolean hasColour(StyledText text, int offset, org.eclipse.jface.text.TextAttribute attribute) {
        return UiThread.call(() -> {
            StyleRange range = text.getStyleRangeAtOffset(offset);
            return range != null && attribute.getForeground().equals(range.foreground)
                    && (range.fontStyle & attribute.getStyle()) == attribute.getStyle();
        });
    }

    @Test
    void contentAssistListsTheCatalogsEvents() throws Exception {
        SegEditor editor = EditorFixture.open(growth);
        EditorFixture.focus(editor);
        Input.key(SWT.MOD1, SWT.END);
        Input.type("\nsegment New {\n    owner \"o\"\n    where did ");
        Input.key(SWT.MOD1, ' ');
        List<String> items = EditorFixture.awaitPopupItems("the content assist popup");
        assertTrue(items.stream().anyMatch(i -> i.startsWith("purchase - event, 1 property")),
                () -> "the catalog's purchase event with its property count, got " + items);
        assertTrue(items.stream().anyMatch(i -> i.startsWith("login - event")), () -> "got " + items);
        assertTrue(items.stream().noneMatch(i -> i.startsWith("segment - ")), () -> "no template after 'did': " + items);
        Screenshots.capture("editor-content-assist");
        // choosing one inserts it
        EditorFixture.choosePopupItem("purchase - event");
        EditorFixture.awaitText(editor, "the event to be inserted", shown -> shown.endsWith("where did \"purchase\""));
    }

    @Test
    void f3OpensTheDefinitionInTheOtherFile() throws Exception {
        SegEditor editor = EditorFixture.open(growth);
        EditorFixture.focus(editor);
        int reference = GROWTH.indexOf("in segment Active") + "in segment Ac".length();
        UiThread.run(() -> editor.selectAndReveal(reference, 0));
        Input.key(0, SWT.F3);
        IEditorPart opened = Conditions.waitFor("core.seg to be opened", () -> {
            IEditorPart active = Workbenches.activePage().getActiveEditor();
            return active != null && active.getEditorInput() instanceof IFileEditorInput input
                    && input.getFile().equals(core) ? active : null;
        });
        SegEditor coreEditor = (SegEditor) opened;
        ITextSelection selection = UiThread.call(() -> (ITextSelection) coreEditor.getSelectionProvider().getSelection());
        assertEquals(CORE.indexOf("segment Active") + "segment ".length(), selection.getOffset());
        assertEquals("Active", selection.getText());
    }

    @Test
    void formatLaysTheTextOut() throws Exception {
        IFile messy = EditorFixture.write(project, "messy.seg",
                "package   acme.messy\nsegment   Messy{owner \"o\"   where did \"login\"  and user.country=\"US\"}");
        SegEditor editor = EditorFixture.open(messy);
        EditorFixture.focus(editor);
        Input.key(SWT.MOD1 | SWT.SHIFT, 'f');
        String expected = """
                package acme.messy

                segment Messy {
                    owner "o"
                    where did "login"
                        and user.country = "US"
                }
                """;
        EditorFixture.awaitText(editor, "the text to be formatted", expected::equals);
        // toggle comment on the owner line, and back
        int owner = expected.indexOf("owner");
        UiThread.run(() -> editor.selectAndReveal(owner, 0));
        Input.key(SWT.MOD1, '/');
        Conditions.waitUntil("the line to be commented",
                () -> EditorFixture.document(editor).get().contains("// " + "    owner \"o\""));
        Input.key(SWT.MOD1, '/');
        Conditions.waitUntil("the line to be uncommented", () -> EditorFixture.document(editor).get().equals(expected));
    }

    @Test
    void outlineShowsTheDefinitions() throws Exception {
        SegEditor editor = EditorFixture.open(growth);
        Workbenches.showView(IPageLayout.ID_OUTLINE);
        UiThread.run(() -> Workbenches.activePage().activate(editor));
        Widgets.await(Workbenches.shell(), TreeItem.class, Widgets.withText("Buyers : segment"),
                "for the segment in the Outline");
        Widgets.await(Workbenches.shell(), TreeItem.class, Widgets.withText("Revenue : metric"),
                "for the metric in the Outline");
        // a definition typed into the editor appears in the Outline
        EditorFixture.focus(editor);
        Input.key(SWT.MOD1, SWT.END);
        Input.type("\nsegment Later {\n    owner \"o\"\n    where did \"signup\"\n}\n");
        Widgets.await(Workbenches.shell(), TreeItem.class, Widgets.withText("Later : segment"),
                "for the typed segment in the Outline");
    }
}
