package io.sextant.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IPageLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.sextant.data.EventDataSource;
import io.sextant.data.catalog.CatalogService;
import io.sextant.data.catalog.DataCatalog;
import io.sextant.store.Repository;
import io.sextant.tests.support.Conditions;
import io.sextant.tests.support.ScreenshotOnFailure;
import io.sextant.tests.support.Screenshots;
import io.sextant.tests.support.Widgets;
import io.sextant.tests.support.Workbenches;
import io.sextant.ui.internal.repository.ProjectRepositories;
import io.sextant.ui.internal.repository.SegFileRecording;
import io.sextant.ui.internal.sample.SampleProject;

/** The sample project the IDE opens onto: generated data imported, example definitions recorded. */
@ExtendWith(ScreenshotOnFailure.class)
class SampleProjectTest {

    private final IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(SampleProject.NAME);

    @AfterEach
    void deleteProject() throws Exception {
        project.delete(true, true, null);
    }

    @Test
    void theSampleProjectHoldsGeneratedDataAndRecordedDefinitions() throws Exception {
        Workbenches.awaitWindow();
        Workbenches.showView(IPageLayout.ID_PROJECT_EXPLORER);
        Job job = SampleProject.job(project);
        job.schedule();
        // while its data is generated the Project Explorer lists the project, marked as being created
        Widgets.await(Workbenches.shell(), TreeItem.class, Widgets.withText("sample (being created…)"),
                "for the sample project marked as being created");
        assertTrue(job.getState() == Job.RUNNING, "still being created when it is listed");
        Screenshots.capture("sample-project-being-created");
        job.join();
        assertTrue(job.getResult().isOK(), job.getResult().toString());

        Path folder = project.getLocation().toFile().toPath();
        assertTrue(Files.size(folder.resolve("data/events.csv")) > 1_000_000);
        assertTrue(Files.exists(folder.resolve("data/ground-truth.json")));
        DataCatalog catalog = new CatalogService(EventDataSource.embedded(folder)).read();
        assertTrue(catalog.events().keySet().containsAll(List.of("feature_viewed", "purchase", "session_started",
                "plan_upgraded", "experiment_assigned")), catalog.events().keySet().toString());

        Repository repository = ProjectRepositories.get().of(project).orElseThrow();
        Conditions.waitUntil("the example definitions to be recorded in the repository",
                () -> repository.definitions().names().size() == 15, Duration.ofSeconds(60));
        assertTrue(repository.definitions().names().containsAll(List.of("sample.core.ActiveUsers",
                "sample.growth.Explorers", "sample.growth.OnboardingTour", "sample.growth.Q3Growth")));
        assertEquals(0, project.findMarkers(SegFileRecording.MARKER, false, IResource.DEPTH_INFINITE).length);
        assertEquals(List.of(), List.of(project.findMarkers(IMarker.PROBLEM, true, IResource.DEPTH_INFINITE)));

        Workbenches.showView(IPageLayout.ID_PROJECT_EXPLORER);
        Widgets.await(Workbenches.shell(), TreeItem.class, Widgets.withText("sample"), "for the sample project");
        Screenshots.capture("sample-project");
    }
}
