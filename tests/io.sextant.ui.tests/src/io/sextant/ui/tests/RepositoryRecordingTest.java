package io.sextant.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IPageLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.sextant.model.DefinitionVersion;
import io.sextant.store.Identity;
import io.sextant.store.PreferenceIdentity;
import io.sextant.store.Repository;
import io.sextant.tests.support.Conditions;
import io.sextant.tests.support.ScreenshotOnFailure;
import io.sextant.tests.support.Screenshots;
import io.sextant.tests.support.UiThread;
import io.sextant.tests.support.Widgets;
import io.sextant.tests.support.Workbenches;
import io.sextant.ui.internal.repository.ProjectRepositories;
import io.sextant.ui.internal.repository.SegFileRecording;

/**
 * Saving a .seg file in the IDE records drafts in the project's repository, as the user named in the
 * preferences; an edit the repository refuses shows in the Problems view on the definition's line.
 */
@ExtendWith(ScreenshotOnFailure.class)
class RepositoryRecordingTest {

    private static final String FILE = """
            package acme

            segment Active {
                owner "ana"
                where did "login"
            }
            """;

    private IProject project;
    private IFile file;

    @BeforeEach
    void createProject() throws CoreException {
        Workbenches.awaitWindow();
        Workbenches.closeOtherShells();
        InstanceScope.INSTANCE.getNode(PreferenceIdentity.NODE).put(PreferenceIdentity.USER_NAME, "dana");
        project = ResourcesPlugin.getWorkspace().getRoot().getProject("recording");
        if (!project.exists()) {
            project.create(null);
        }
        project.open(null);
        file = project.getFile("acme.seg");
    }

    @AfterEach
    void deleteProject() throws CoreException {
        InstanceScope.INSTANCE.getNode(PreferenceIdentity.NODE).remove(PreferenceIdentity.USER_NAME);
        project.delete(true, true, null);
    }

    @Test
    void savedDefinitionsBecomeDraftsAndARefusedEditIsAProblemOnItsLine() throws Exception {
        write(FILE);
        Repository repository = ProjectRepositories.get().of(project).orElseThrow();
        DefinitionVersion first = Conditions.waitFor("acme.Active v1 to be recorded",
                () -> repository.definitions().version("acme.Active", 1).orElse(null));
        assertEquals("dana", first.getAuthor());
        assertTrue(Files.exists(project.getLocation().toFile().toPath().resolve(".sextant/repository.mv.db")));

        write(FILE.replace("\"login\"", "\"purchase\""));
        Conditions.waitUntil("the edit to be recorded as revision 2",
                () -> repository.definitions().version("acme.Active", 1).orElseThrow().getRevision() == 2);

        repository.definitions().submitForReview("acme.Active", 1, null);
        repository.as(Identity.of("bob")).definitions().approveAndPublish("acme.Active", 1, "ok");
        // the file's last recorded base is now stale: the first save is told what happened
        write(FILE.replace("\"login\"", "\"upgrade\""));
        IMarker conflict = awaitMarker("Not recorded in the repository: acme.Active was changed while you edited it");
        assertTrue(conflict.getAttribute(IMarker.MESSAGE, "").endsWith("last changed by bob. Nothing was overwritten:"
                + " version 1 is published: record your change as version 2."), conflict.getAttribute(IMarker.MESSAGE, ""));
        // saving again meets the rule itself
        write(FILE.replace("\"login\"", "\"upgrade\"") + "\n");
        IMarker marker = awaitMarker("Not recorded in the repository: version 1 of acme.Active is published");
        assertEquals("Not recorded in the repository: version 1 of acme.Active is published and cannot change: set"
                + " version 2 to record this edit as a new draft", marker.getAttribute(IMarker.MESSAGE, ""));
        assertEquals(3, marker.getAttribute(IMarker.LINE_NUMBER, -1));
        assertEquals(IMarker.SEVERITY_ERROR, marker.getAttribute(IMarker.SEVERITY, -1));
        assertTrue(repository.definitions().version("acme.Active", 1).orElseThrow().getSourceText().contains("purchase"));
        Workbenches.showView(IPageLayout.ID_PROBLEM_VIEW);
        TreeItem errors = Widgets.await(Workbenches.shell(), TreeItem.class, Widgets.withTextContaining("Errors (1 item)"),
                "for the Problems view to list the refused edit");
        UiThread.run(() -> {
            // as a click on the twistie does: JFace creates the children on SWT.Expand
            Event expand = new Event();
            expand.item = errors;
            errors.getParent().notifyListeners(SWT.Expand, expand);
            errors.setExpanded(true);
        });
        Widgets.await(Workbenches.shell(), TreeItem.class, Widgets.withTextContaining("Not recorded in the repository"),
                "for the refused edit's message in the Problems view");
        Screenshots.capture("repository-refused-edit");

        write(FILE.replace("\"login\"", "\"upgrade\"").replace("owner \"ana\"", "version 2\n    owner \"ana\""));
        Conditions.waitUntil("version 2 to be recorded and the marker removed", () -> {
            try {
                return repository.definitions().version("acme.Active", 2).isPresent()
                        && file.findMarkers(SegFileRecording.MARKER, false, IResource.DEPTH_ZERO).length == 0;
            } catch (CoreException e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals(3, repository.audit().forDefinition("acme.Active").stream()
                .filter(entry -> entry.getActor().equals("dana") && entry.getAction().contains("draft")).count());
        assertFalse(repository.definitions().latest("acme.Active").orElseThrow().getSourceText().contains("login"));
    }

    private IMarker awaitMarker(String messageStart) {
        return Conditions.waitFor("a problem marker starting '" + messageStart + "'", () -> {
            try {
                IMarker[] markers = file.findMarkers(SegFileRecording.MARKER, false, IResource.DEPTH_ZERO);
                return markers.length == 1 && markers[0].getAttribute(IMarker.MESSAGE, "").startsWith(messageStart)
                        ? markers[0] : null;
            } catch (CoreException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private void write(String text) throws CoreException {
        ByteArrayInputStream contents = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
        if (file.exists()) {
            file.setContents(contents, true, true, null);
        } else {
            file.create(contents, true, null);
        }
    }
}
