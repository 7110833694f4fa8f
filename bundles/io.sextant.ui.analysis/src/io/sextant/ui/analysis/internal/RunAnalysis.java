package io.sextant.ui.analysis.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.window.Window;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;

import io.sextant.analysis.AnalysisRequest;
import io.sextant.dsl.seg.Definition;
import io.sextant.dsl.seg.Playbook;
import io.sextant.dsl.seg.SegFile;
import io.sextant.dsl.seg.Segment;
import io.sextant.model.AnalysisRun;
import io.sextant.model.RunStatus;
import io.sextant.project.Playbooks;
import io.sextant.project.ProjectException;
import io.sextant.ui.analysis.AnalysisViews;

/**
 * Starts analyses from the IDE. The project is read in a job (repository, catalog, definitions); then a
 * playbook under the cursor runs its analyses one after another, and anything else opens the Run Analysis
 * dialog (a segment under the cursor fills its segment parameter). The Runs view shows the runs; a run started
 * from the dialog opens in the Results view when it ends.
 */
public final class RunAnalysis {

    private RunAnalysis() {
    }

    /**
     * @param file the .seg file the command came from (may be null)
     * @param text the editor's text of that file, unsaved changes included (null: read the file)
     * @param offset the cursor's offset in it, or -1
     */
    public static void start(Shell shell, IProject project, IFile file, String text, int offset) {
        Job job = Job.create("Reading " + project.getName() + " for an analysis", monitor -> {
            ProjectSession session;
            try {
                session = ProjectSession.open(project, file, text);
            } catch (Exception e) {
                String message = "Cannot read project '" + project.getName() + "' for an analysis: " + e.getMessage();
                Display.getDefault().asyncExec(() -> MessageDialog.openError(shell, "Run Analysis", message));
                return Status.error(message, e);
            }
            Definition atCursor = null;
            SegFile segFile = file == null ? null : session.files().get(file);
            if (segFile != null && offset >= 0) {
                atCursor = CursorContext.definitionAt(segFile, offset);
            }
            Definition target = atCursor;
            Display.getDefault().asyncExec(() -> {
                if (target instanceof Playbook playbook) {
                    runPlaybook(session, playbook);
                } else {
                    openDialog(shell, session, target instanceof Segment segment
                            ? Map.of("segment", CursorContext.segmentName(segment)) : Map.of());
                }
            });
            return Status.OK_STATUS;
        });
        job.setUser(false);
        job.schedule();
    }

    /** Opens the dialog (UI thread) and starts the run it returns. */
    static void openDialog(Shell shell, ProjectSession session, Map<String, String> prefill) {
        RunAnalysisDialog dialog = new RunAnalysisDialog(shell, session, null, prefill);
        if (dialog.open() != Window.OK || dialog.request() == null) {
            return;
        }
        showView(AnalysisViews.RUNS_VIEW_ID);
        AnalysisJobs.get().start(session, List.of(dialog.request()), RunAnalysis::showResults);
    }

    private static void runPlaybook(ProjectSession session, Playbook playbook) {
        List<AnalysisRequest> requests = new ArrayList<>();
        try {
            // the same requests as the command line and reports make: the playbook's segments filled in
            for (Playbooks.Step step : Playbooks.steps(playbook, session.lastDataDay(), session.lookup(),
                    session.registry())) {
                requests.add(step.request());
            }
        } catch (ProjectException e) {
            MessageDialog.openError(null, "Run Analysis", e.getMessage());
            return;
        }
        showView(AnalysisViews.RUNS_VIEW_ID);
        AnalysisJobs.get().start(session, requests, null);
    }

    private static void showResults(AnalysisRun run) {
        if (run.getStatus() != RunStatus.SUCCEEDED && run.getStatus() != RunStatus.FAILED) {
            return;
        }
        Display.getDefault().asyncExec(() -> {
            Object view = showView(AnalysisViews.RESULTS_VIEW_ID);
            if (view instanceof ResultsView results && AnalysisJobs.get().currentProject() != null) {
                results.show(AnalysisJobs.get().currentProject(), run.getId());
            }
        });
    }

    private static Object showView(String id) {
        // the active window is null while another shell (a dialog, another program) has the focus
        IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        if (window == null && PlatformUI.getWorkbench().getWorkbenchWindowCount() > 0) {
            window = PlatformUI.getWorkbench().getWorkbenchWindows()[0];
        }
        IWorkbenchPage page = window == null ? null : window.getActivePage();
        if (page == null) {
            return null;
        }
        try {
            return page.showView(id, null, IWorkbenchPage.VIEW_VISIBLE);
        } catch (PartInitException e) {
            ILog.of(RunAnalysis.class).log(e.getStatus());
            return null;
        }
    }
}
