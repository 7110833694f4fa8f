package io.sextant.ui.editor.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.eclipse.compare.CompareEditorInput;
import org.eclipse.compare.IStreamContentAccessor;
import org.eclipse.compare.ITypedElement;
import org.eclipse.compare.structuremergeviewer.ICompareInput;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextHover;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IEditorReference;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.handlers.IHandlerService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.sextant.model.AnalysisRun;
import io.sextant.model.Column;
import io.sextant.model.DefinitionVersion;
import io.sextant.model.SextantFactory;
import io.sextant.model.TableResult;
import io.sextant.model.ValueKind;
import io.sextant.store.Repository;
import io.sextant.store.RunRequest;
import io.sextant.tests.support.Conditions;
import io.sextant.tests.support.ScreenshotOnFailure;
import io.sextant.tests.support.Screenshots;
import io.sextant.tests.support.UiThread;
import io.sextant.tests.support.Widgets;
import io.sextant.tests.support.Workbenches;
import io.sextant.ui.editor.SegEditors;
import io.sextant.ui.editor.internal.editor.SegEditor;
import io.sextant.ui.internal.repository.ProjectRepositories;

/**
 * What the editor shows of a definition's history in the project's repository: "Compare with Previous
 * Version" opens the Compare editor with the latest recorded text beside the one before, and the hover of a
 * definition that ran shows its last size and run.
 */
@ExtendWith(ScreenshotOnFailure.class)
class EditorHistoryTest {

    static final String VERSION_1 = """
            package acme.core

            /** Anyone who logged in. */
            segment Active {
                owner "ana"
                where did "login"
            }

            segment Lapsed {
                owner "ana"
                where not did "login" within 30 days
            }
            """;
    static final String VERSION_2 = VERSION_1.replace("""
                owner "ana"
                where did "login"
            """, """
                version 2
                owner "ana"
                where did "login" and did "purchase"
            """);

    private IProject project;
    private IFile core;
    private Repository repository;

    @BeforeEach
    void createProject() throws Exception {
        Workbenches.awaitWindow();
        Workbenches.closeOtherShells();
        project = EditorFixture.project(EditorFixture.uniqueName("history"));
        // written as a save writes it: the recording of saved files puts each definition's text in the repository
        core = EditorFixture.write(project, "core.seg", VERSION_1);
        repository = ProjectRepositories.get().of(project).orElseThrow();
        Conditions.waitFor("acme.core.Active version 1 to be recorded",
                () -> repository.definitions().version("acme.core.Active", 1).orElse(null));
    }

    @AfterEach
    void closeEverything() throws Exception {
        Workbenches.closeOtherShells();
        UiThread.run(() -> Workbenches.activePage().closeAllEditors(false));
        project.delete(true, true, null);
    }

    @Test
    void compareWithPreviousVersionShowsTheLatestTextBesideTheOneBefore() throws Exception {
        EditorFixture.write(project, "core.seg", VERSION_2);
        DefinitionVersion second = Conditions.waitFor("acme.core.Active version 2 to be recorded",
                () -> repository.definitions().version("acme.core.Active", 2).orElse(null));
        String firstText = repository.definitions().version("acme.core.Active", 1).orElseThrow().getSourceText();
        assertTrue(firstText.contains("where did \"login\"") && !firstText.contains("purchase"), firstText);
        assertTrue(second.getSourceText().contains("did \"purchase\""), second.getSourceText());

        SegEditor editor = EditorFixture.open(core);
        UiThread.run(() -> editor.selectAndReveal(VERSION_2.indexOf("where did \"login\""), 0));
        runCompareCommand(editor);
        CompareEditorInput input = Conditions.waitFor("the Compare editor to open on acme.core.Active",
                () -> compareInput("Compare acme.core.Active"));
        ICompareInput compared = Conditions.waitFor("the compare input to be prepared",
                () -> input.getCompareResult() instanceof ICompareInput result ? result : null);
        assertEquals(second.getSourceText(), contents(compared.getLeft()), "left: the latest version");
        assertEquals(firstText, contents(compared.getRight()), "right: the version before");
        assertEquals("acme.core.Active version 2 (draft)",
                UiThread.call(() -> input.getCompareConfiguration().getLeftLabel(compared)));
        assertEquals("acme.core.Active version 1 (draft)",
                UiThread.call(() -> input.getCompareConfiguration().getRightLabel(compared)));
        // the text viewers of the Compare editor show both texts
        Conditions.waitUntil("the Compare editor to show both versions' texts", () -> UiThread.call(() -> {
            List<String> shown = Widgets.findAll(Workbenches.shell(), StyledText.class, Widgets::isShowing).stream()
                    .map(StyledText::getText).toList();
            return shown.contains(second.getSourceText()) && shown.contains(firstText);
        }));
        Screenshots.capture("editor-compare-with-previous");
    }

    @Test
    void compareWithPreviousVersionOfADefinitionWithOneVersionSaysSo() throws Exception {
        SegEditor editor = EditorFixture.open(core);
        UiThread.run(() -> editor.selectAndReveal(VERSION_1.indexOf("segment Lapsed"), 0));
        Conditions.waitFor("acme.core.Lapsed version 1 to be recorded",
                () -> repository.definitions().version("acme.core.Lapsed", 1).orElse(null));
        runCompareCommand(editor);
        Shell dialog = Conditions.waitFor("the dialog that there is nothing to compare", () -> UiThread.call(() -> {
            for (Shell shell : UiThread.display().getShells()) {
                if (shell != Workbenches.shell() && shell.isVisible()
                        && "Compare with Previous Version".equals(shell.getText())) {
                    return shell;
                }
            }
            return null;
        }));
        String message = UiThread.call(() -> Widgets.findAll(dialog, Label.class, l -> true).stream()
                .map(Label::getText).filter(t -> t.contains("acme.core.Lapsed")).findFirst().orElse(""));
        UiThread.run(dialog::close);
        assertEquals("acme.core.Lapsed has only one version in the repository: there is nothing to compare with yet.",
                message);
        assertEquals(null, UiThread.call(() -> compareInput("Compare acme.core.Lapsed")), "no Compare editor opens");
    }

    @Test
    void theHoverOfADefinitionThatRanShowsItsLastSizeAndRun() throws Exception {
        DefinitionVersion active = repository.definitions().version("acme.core.Active", 1).orElseThrow();
        AnalysisRun started = repository.runs().start(new RunRequest("io.sextant.analysis.segmentValue",
                Map.of("asOf", "2026-01-08"),
                List.of(new RunRequest.Input("acme.core.Active", 1, active.getContentHash())), "events", "sha256:test"));
        AnalysisRun done = repository.runs().succeed(started.getId(), List.of(sizes("Active", 1234)));

        SegEditor editor = EditorFixture.open(core);
        String hover = hoverAt(editor, VERSION_1.indexOf("Active {") + 2);
        assertTrue(hover.startsWith("segment acme.core.Active"), hover);
        assertTrue(hover.contains("Anyone who logged in."), hover);
        assertTrue(hover.contains("Last run: io.sextant.analysis.segmentValue, succeeded, "
                + java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(java.time.ZoneOffset.UTC)
                        .format(done.getEndedAt())), hover);
        assertTrue(hover.contains("Last size: 1234 users"), hover);

        // a definition that never ran: the hover says what it is, and nothing of runs
        String never = hoverAt(editor, VERSION_1.indexOf("Lapsed {") + 2);
        assertTrue(never.startsWith("segment acme.core.Lapsed"), never);
        assertFalse(never.contains("Last run") || never.contains("Last size"), never);
    }

    /** The hover's text at the offset, asked as the platform asks: the region on the UI thread, the text on a worker. */
    private static String hoverAt(SegEditor editor, int offset) {
        ITextHover hover = UiThread.call(editor::textHover);
        IRegion region = UiThread.call(() -> hover.getHoverRegion(editor.viewer(), offset));
        String text = hover.getHoverInfo(editor.viewer(), region);
        return text == null ? "(no hover)" : text;
    }

    /** A result table of the segment-value analysis: the segment's name and its members. */
    private static TableResult sizes(String segment, double members) {
        SextantFactory model = SextantFactory.eINSTANCE;
        TableResult table = model.createTableResult();
        table.setName("value by segment");
        Column names = model.createColumn();
        names.setName("segment");
        names.setKind(ValueKind.TEXT);
        names.getTexts().add(segment);
        Column sizes = model.createColumn();
        sizes.setName("members");
        sizes.setKind(ValueKind.NUMBER);
        sizes.getNumbers().add(members);
        table.getColumns().addAll(List.of(names, sizes));
        return table;
    }

    /** Runs the command as its key binding or menu item would, later on the UI thread (it may open a modal dialog). */
    private static void runCompareCommand(SegEditor editor) {
        UiThread.display().asyncExec(() -> {
            try {
                editor.getSite().getService(IHandlerService.class).executeCommand(SegEditors.COMPARE_COMMAND, null);
            } catch (Exception e) {
                throw new IllegalStateException("could not run Compare with Previous Version", e);
            }
        });
    }

    /** The input of an open Compare editor with that title, or null. */
    private static CompareEditorInput compareInput(String title) {
        return UiThread.call(() -> {
            for (IEditorReference reference : Workbenches.activePage().getEditorReferences()) {
                try {
                    IEditorInput input = reference.getEditorInput();
                    if (input instanceof CompareEditorInput compare && title.equals(compare.getTitle())) {
                        return compare;
                    }
                } catch (PartInitException e) {
                    // an editor that failed to open is not the one looked for
                }
            }
            return null;
        });
    }

    private static String contents(ITypedElement element) {
        try (InputStream in = ((IStreamContentAccessor) element).getContents()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | org.eclipse.core.runtime.CoreException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
