package io.sextant.ui.editor.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.sextant.tests.support.Conditions;
import io.sextant.tests.support.ScreenshotOnFailure;
import io.sextant.tests.support.Workbenches;
import io.sextant.ui.editor.SegEditors;
import io.sextant.ui.editor.internal.editor.SegMarkerResolutions;

/**
 * The builder validates every .seg file of a Sextant project with references across files, and its
 * Problems markers follow saves, deletes and renames; the Problems view's quick fix repairs the file.
 */
@ExtendWith(ScreenshotOnFailure.class)
class SegBuilderTest {

    private static final String UNRESOLVED = "unknown segment 'Active': no segment of this name in the project "
            + "(one in another package needs an import or its qualified name)";

    private IProject project;

    @BeforeEach
    void createProject() throws Exception {
        Workbenches.awaitWindow();
        project = EditorFixture.project(EditorFixture.uniqueName("building"));
    }

    @AfterEach
    void deleteProject() throws Exception {
        project.delete(true, true, null);
    }

    @Test
    void markersFollowSavesDeletesAndRenames() throws Exception {
        IFile growth = EditorFixture.write(project, "growth.seg", SegEditorTest.GROWTH);
        Conditions.waitUntil("growth.seg alone: its reference to Active is unresolved",
                () -> EditorFixture.markers(growth).contains(UNRESOLVED));
        IFile core = EditorFixture.write(project, "core.seg", SegEditorTest.CORE);
        Conditions.waitUntil("core.seg added: the reference resolves", () -> EditorFixture.markers(growth).isEmpty());
        assertEquals(List.of(), EditorFixture.markers(core));

        core.move(new Path("base.seg"), true, null);
        IFile base = project.getFile("base.seg");
        Conditions.sleep(java.time.Duration.ofMillis(500));
        Conditions.waitUntil("renamed: still resolved", () -> EditorFixture.markers(growth).isEmpty());

        EditorFixture.write(project, "base.seg", SegEditorTest.CORE.replace("did \"login\"", "did \"logn\""));
        EditorFixture.awaitMarkers(base, "a saved unknown event is a marker on its line",
                markers -> markerLine(base, "unknown event 'logn': did you mean 'login'?") == 6);

        base.delete(true, null);
        Conditions.waitUntil("deleted: the reference is unresolved again",
                () -> EditorFixture.markers(growth).contains(UNRESOLVED));
    }

    @Test
    void problemsViewQuickFixRepairsTheFile() throws Exception {
        IFile file = EditorFixture.write(project, "fix.seg", """
                package acme.fix

                segment NoOwner {
                    where did "purchse"
                }
                """);
        IMarker unknown = Conditions.waitFor("the unknown event's marker", () -> marker(file, "unknown event 'purchse'"));
        IMarker owner = marker(file, "segment 'NoOwner' has no owner");
        assertTrue(owner != null, () -> "a missing owner marker, got " + EditorFixture.markers(file));
        var resolutions = new SegMarkerResolutions().getResolutions(unknown);
        assertEquals("Change to 'purchase'", resolutions[0].getLabel());
        resolutions[0].run(unknown);
        Conditions.waitUntil("the marker to go", () -> marker(file, "unknown event") == null);
        // the fix rewrites the file: the builder replaces its markers, so the owner's is looked up again once there
        IMarker ownerAgain = Conditions.waitFor("the owner marker after the fix",
                () -> marker(file, "segment 'NoOwner' has no owner"));
        var ownerFixes = new SegMarkerResolutions().getResolutions(ownerAgain);
        assertTrue(ownerFixes[0].getLabel().startsWith("Add owner \""), ownerFixes[0].getLabel());
        ownerFixes[0].run(null);
        Conditions.waitUntil("no marker left", () -> EditorFixture.markers(file).isEmpty());
        assertTrue(EditorFixture.read(file).contains("segment NoOwner {\n    owner \""), EditorFixture.read(file));
    }

    private static IMarker marker(IFile file, String messageStart) {
        try {
            for (IMarker marker : file.findMarkers(SegEditors.PROBLEM_MARKER, false, IResource.DEPTH_ZERO)) {
                if (marker.getAttribute(IMarker.MESSAGE, "").startsWith(messageStart)) {
                    return marker;
                }
            }
            return null;
        } catch (org.eclipse.core.runtime.CoreException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int markerLine(IFile file, String message) {
        IMarker marker = marker(file, message);
        return marker == null ? -1 : marker.getAttribute(IMarker.LINE_NUMBER, -1);
    }
}
