package io.sextant.ui.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.widgets.TreeItem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.sextant.data.EventDataSource;
import io.sextant.data.imports.DataImporter;
import io.sextant.data.imports.ImportMapping;
import io.sextant.tests.support.Conditions;
import io.sextant.tests.support.ScreenshotOnFailure;
import io.sextant.tests.support.Screenshots;
import io.sextant.tests.support.UiThread;
import io.sextant.tests.support.Workbenches;
import io.sextant.ui.SextantUi;
import io.sextant.ui.internal.data.DataView;

/**
 * The Data view on a project with imported events: events by volume with users, a sparkline and the days seen;
 * their properties with type, values present, distinct values and the PII flag; a drag of an event drops its
 * name as a .seg file writes it.
 */
@ExtendWith(ScreenshotOnFailure.class)
class DataViewTest {

    private static final String EVENTS = """
            user_id,event,time,amount,email
            u1,signup,2026-03-01T10:00:00Z,,ann@example.com
            u2,signup,2026-03-02T10:00:00Z,,bob@example.com
            u1,feature_viewed,2026-03-01T11:00:00Z,,
            u1,feature_viewed,2026-03-03T11:00:00Z,,
            u2,feature_viewed,2026-03-03T12:00:00Z,,
            u2,purchase,2026-03-04T12:00:00Z,1250.5,
            """;
    private static final String USERS = """
            user_id,signup_time,country
            u1,2026-03-01T10:00:00Z,US
            u2,2026-03-02T10:00:00Z,CA
            """;

    private IProject project;

    @AfterEach
    void deleteProject() throws Exception {
        if (project != null) {
            project.delete(true, true, null);
        }
    }

    @Test
    void showsEventsWithVolumesAndPropertiesWithTypesAndPii() throws Exception {
        Workbenches.awaitWindow();
        Workbenches.closeOtherShells();
        project = ResourcesPlugin.getWorkspace().getRoot().getProject("data-view");
        if (project.exists()) {
            project.delete(true, true, null);
        }
        project.create(null);
        project.open(null);
        Path folder = project.getLocation().toFile().toPath();
        Path events = Files.writeString(Files.createTempFile("events", ".csv"), EVENTS);
        Path users = Files.writeString(Files.createTempFile("users", ".csv"), USERS);
        DataImporter importer = new DataImporter(EventDataSource.embedded(folder));
        importer.importFile(users, ImportMapping.users("user_id", "signup_time").build(), new NullProgressMonitor());
        importer.importFile(events, ImportMapping.events("user_id", "event", "time").build(), new NullProgressMonitor());
        project.refreshLocal(IResource.DEPTH_INFINITE, null);

        DataView view = (DataView) Workbenches.showView(SextantUi.DATA_VIEW_ID);
        // the view may already have picked the project up as its data arrived (it shows the first with data)
        UiThread.run(() -> view.setProject(project));
        Conditions.waitUntil("the Data view to show the project's catalog",
                () -> UiThread.call(() -> view.project() == project && Arrays.stream(view.viewer().getTree().getItems())
                        .anyMatch(item -> item.getText(0).equals("feature_viewed"))));
        UiThread.run(() -> view.viewer().expandAll());
        List<String> top = UiThread.call(() -> Arrays.stream(view.viewer().getTree().getItems())
                .map(item -> item.getText(0)).toList());
        assertEquals(List.of("feature_viewed", "signup", "purchase", "User attributes"), top,
                "events by volume, largest first, then the user attributes");
        TreeItem viewed = item(view, "feature_viewed");
        assertEquals(List.of("feature_viewed", "3", "", "2 users", "event", ""), texts(viewed, 6));
        assertEquals("2026-03-01 – 2026-03-03", UiThread.call(() -> viewed.getText(6)));
        TreeItem amount = child(view, "purchase", "amount");
        assertEquals(List.of("amount", "1 (100 %)", "", "1 values", "number", ""), texts(amount, 6));
        TreeItem email = child(view, "signup", "email");
        assertEquals("PII", UiThread.call(() -> email.getText(5)), "an e-mail address is flagged as personal data");
        assertEquals("", UiThread.call(() -> amount.getText(5)));
        // the sparkline: the last 30 days up to the data's last day (2026-03-04)
        long[] line = UiThread.call(() -> view.sparkline("feature_viewed"));
        long[] expected = new long[30];
        expected[26] = 1; // 2026-03-01
        expected[28] = 2; // 2026-03-03
        assertArrayEquals(expected, line);
        // a drag of an event drops its name as written in a .seg file
        UiThread.run(() -> view.viewer().setSelection(new StructuredSelection(viewed.getData()), true));
        assertEquals("\"feature_viewed\"", UiThread.call(view::dragText));
        UiThread.run(() -> view.viewer().setSelection(new StructuredSelection(amount.getData()), true));
        assertEquals("amount", UiThread.call(view::dragText));
        Screenshots.capture("data-view");
    }

    private static List<String> texts(TreeItem item, int columns) {
        return UiThread.call(() -> {
            String[] texts = new String[columns];
            for (int c = 0; c < columns; c++) {
                texts[c] = item.getText(c);
            }
            return List.of(texts);
        });
    }

    private static TreeItem item(DataView view, String name) {
        return UiThread.call(() -> Arrays.stream(view.viewer().getTree().getItems())
                .filter(item -> item.getText(0).equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + name)));
    }

    private static TreeItem child(DataView view, String event, String property) {
        TreeItem parent = item(view, event);
        return UiThread.call(() -> Arrays.stream(parent.getItems()).filter(item -> item.getText(0).equals(property))
                .findFirst().orElseThrow(() -> new AssertionError("no property " + property + " under " + event)));
    }
}
