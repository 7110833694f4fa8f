package io.sextant.ui.editor.tests;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.IAnnotationModel;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.ide.IDE;

import io.sextant.data.EventDataSource;
import io.sextant.data.imports.DataImporter;
import io.sextant.data.imports.ImportMapping;
import io.sextant.tests.support.Conditions;
import io.sextant.tests.support.UiThread;
import io.sextant.tests.support.Widgets;
import io.sextant.tests.support.Workbenches;
import io.sextant.ui.editor.SegEditors;
import io.sextant.ui.editor.internal.editor.IssueAnnotation;
import io.sextant.ui.editor.internal.editor.SegEditor;
import io.sextant.ui.editor.internal.model.SegNature;

/**
 * A Sextant project with a small event catalog (imported from a CSV file like an analyst's data), .seg files
 * in it, and helpers to open them in the segment editor and look at what it shows.
 */
final class EditorFixture {

    /** Events and properties of the catalog: the ones the benchmark's generated definitions use, and login. */
    static final String EVENTS_CSV = """
            user_id,event,time,amount,surface,variant
            u1,signup,2026-01-05T10:00:00Z,,,
            u1,login,2026-01-05T10:01:00Z,,,
            u1,feature_viewed,2026-01-05T10:02:00Z,,editor,
            u1,purchase,2026-01-06T11:00:00Z,12.5,,
            u2,signup,2026-01-07T09:00:00Z,,,
            u2,upgrade,2026-01-08T09:00:00Z,,,
            u2,experiment_assigned,2026-01-08T09:05:00Z,,,control
            """;
    static final String USERS_CSV = """
            user_id,signup_time,country
            u1,2026-01-05T10:00:00Z,US
            u2,2026-01-07T09:00:00Z,CA
            """;

    private EditorFixture() {
    }

    private static int projects;

    /** A project name not used before in this run (the repository recorder remembers files by path). */
    static synchronized String uniqueName(String base) {
        return base + (++projects);
    }

    /** Waits until the editor's text passes the check; a timeout shows the text. */
    static void awaitText(SegEditor editor, String description, java.util.function.Predicate<String> check) {
        try {
            Conditions.waitUntil(description, () -> check.test(document(editor).get()));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the text is:\n" + document(editor).get(), e);
        }
    }

    /** Waits until the editor shows the problem; a timeout lists what it shows. */
    static void awaitProblem(SegEditor editor, String message) {
        try {
            Conditions.waitUntil("the editor to show: " + message, () -> problems(editor).contains(message));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; it shows " + problems(editor) + " for:\n"
                    + document(editor).get(), e);
        }
    }

    /** Waits for a builder marker; a timeout lists the file's markers. */
    static void awaitMarkers(IFile file, String description, java.util.function.Predicate<List<String>> check) {
        try {
            Conditions.waitUntil(description, () -> check.test(markers(file)));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the markers are " + markers(file), e);
        }
    }

    /** A new open project of that name with the Sextant nature and the catalog; an old one of that name goes first. */
    static IProject project(String name) throws Exception {
        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(name);
        if (project.exists()) {
            project.delete(true, true, null);
        }
        project.create(null);
        project.open(null);
        Path folder = project.getLocation().toFile().toPath();
        Path events = Files.writeString(Files.createTempFile("events", ".csv"), EVENTS_CSV);
        Path users = Files.writeString(Files.createTempFile("users", ".csv"), USERS_CSV);
        DataImporter importer = new DataImporter(EventDataSource.embedded(folder));
        importer.importFile(users, ImportMapping.users("user_id", "signup_time").build(), new NullProgressMonitor());
        importer.importFile(events, ImportMapping.events("user_id", "event", "time").build(), new NullProgressMonitor());
        Files.delete(events);
        Files.delete(users);
        project.refreshLocal(IResource.DEPTH_INFINITE, null);
        SegNature.addTo(project, null);
        return project;
    }

    static IFile write(IProject project, String name, String text) throws CoreException {
        IFile file = project.getFile(name);
        ByteArrayInputStream contents = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
        if (file.exists()) {
            file.setContents(contents, true, false, null);
        } else {
            file.create(contents, true, null);
        }
        return file;
    }

    static String read(IFile file) throws CoreException, IOException {
        file.refreshLocal(0, null);
        try (var in = file.getContents()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Opens the file in the segment editor and waits until its first validation is on screen. */
    static SegEditor open(IFile file) {
        IEditorPart part = UiThread.call(() -> {
            try {
                return IDE.openEditor(Workbenches.activePage(), file, SegEditors.EDITOR_ID, true);
            } catch (PartInitException e) {
                throw new IllegalStateException(e);
            }
        });
        SegEditor editor = (SegEditor) part;
        awaitValidated(editor);
        return editor;
    }

    /** Waits until the editor shows the validation of the text on screen. */
    static void awaitValidated(SegEditor editor) {
        Conditions.waitUntil("the editor to show the validation of its current text", () -> {
            var reconciler = editor.reconciler();
            return reconciler != null && reconciler.applied() != null && reconciler.latest() != null
                    && reconciler.applied().stamp() == reconciler.latest().stamp();
        }, java.time.Duration.ofSeconds(60));
    }

    /**
     * Gives the editor the keyboard focus by clicking its first line, away from where popups open: on an X
     * server without a window manager the keys go to the window under the pointer, which must stay the editor.
     */
    static void focus(SegEditor editor) {
        StyledText text = text(editor);
        // a dialog closed before (Compare's "nothing to compare", the wizard) leaves no window active on an X
        // server without a window manager, and a click does not activate one: the workbench window is made active
        UiThread.run(() -> {
            if (UiThread.display().getActiveShell() != text.getShell()) {
                text.getShell().forceActive();
            }
        });
        org.eclipse.swt.graphics.Point corner = UiThread.call(() -> text.toDisplay(30, 4));
        io.sextant.tests.support.Input.clickAt(corner.x, corner.y);
        Conditions.waitUntil("the editor to have the keyboard focus", text::isFocusControl);
    }

    static StyledText text(SegEditor editor) {
        return (StyledText) UiThread.call(() -> editor.getAdapter(Control.class));
    }

    static IDocument document(SegEditor editor) {
        return UiThread.call(() -> editor.getDocumentProvider().getDocument(editor.getEditorInput()));
    }

    /** The messages of the problem annotations the editor shows. */
    static List<String> problems(SegEditor editor) {
        return UiThread.call(() -> {
            IAnnotationModel model = editor.getDocumentProvider().getAnnotationModel(editor.getEditorInput());
            List<String> messages = new ArrayList<>();
            for (Iterator<Annotation> it = model.getAnnotationIterator(); it.hasNext();) {
                Annotation annotation = it.next();
                if (annotation instanceof IssueAnnotation) {
                    messages.add(annotation.getText());
                }
            }
            return messages;
        });
    }

    /** The messages of the builder's markers on the file. */
    static List<String> markers(IFile file) {
        try {
            return Arrays.stream(file.findMarkers(SegEditors.PROBLEM_MARKER, false, IResource.DEPTH_ZERO))
                    .map(m -> m.getAttribute(IMarker.MESSAGE, "")).toList();
        } catch (CoreException e) {
            return List.of("cannot read markers: " + e.getMessage());
        }
    }

    /**
     * Chooses the item of the open proposal popup that starts with the text, as a double click on it does (the
     * popup's table gets the selection and the default-selection event). Arrow keys and Enter posted through
     * XTest did not reach the popup under Xvfb, so the choice is made on the popup's own table.
     */
    static void choosePopupItem(String start) {
        UiThread.run(() -> {
            for (Shell shell : UiThread.display().getShells()) {
                if (shell == Workbenches.shell() || !shell.isVisible()) {
                    continue;
                }
                Table table = Widgets.findFirst(shell, Table.class, t -> t.getItemCount() > 0);
                if (table == null) {
                    continue;
                }
                for (int i = 0; i < table.getItemCount(); i++) {
                    if (table.getItem(i).getText().startsWith(start)) {
                        table.setSelection(i);
                        org.eclipse.swt.widgets.Event event = new org.eclipse.swt.widgets.Event();
                        event.item = table.getItem(i);
                        table.notifyListeners(org.eclipse.swt.SWT.Selection, event);
                        org.eclipse.swt.widgets.Event choose = new org.eclipse.swt.widgets.Event();
                        choose.item = table.getItem(i);
                        table.notifyListeners(org.eclipse.swt.SWT.DefaultSelection, choose);
                        return;
                    }
                }
            }
            throw new AssertionError("no open popup has an item starting with " + start);
        });
    }

    /** The items of a proposal popup (content assist or quick fix) once one is open with items. */
    static List<String> awaitPopupItems(String what) {
        return Conditions.waitFor(what, () -> {
            for (Shell shell : UiThread.display().getShells()) {
                if (shell == Workbenches.shell() || !shell.isVisible()) {
                    continue;
                }
                Table table = Widgets.findFirst(shell, Table.class, t -> t.getItemCount() > 0);
                if (table != null) {
                    List<String> items = new ArrayList<>();
                    for (TableItem item : table.getItems()) {
                        items.add(item.getText());
                    }
                    // the asynchronous assistant first shows "Computing proposals (0%) ..." alone
                    if (items.stream().anyMatch(s -> !s.isBlank() && !s.startsWith("Computing proposals"))) {
                        return items;
                    }
                }
            }
            return null;
        });
    }
}
