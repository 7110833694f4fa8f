package io.sextant.ui.analysis.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.Adapters;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IToolBarManager;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Table;
import org.eclipse.ui.ISelectionListener;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.part.ViewPart;

import io.sextant.analysis.AnalysisRegistry;
import io.sextant.model.AnalysisRun;
import io.sextant.model.RunStatus;
import io.sextant.store.Repository;
import io.sextant.ui.analysis.AnalysisViews;
import io.sextant.ui.internal.repository.ProjectRepositories;

/**
 * The runs of the current project, newest first: the jobs still running (with their progress and a Cancel
 * action) above the runs stored in the repository. Double-click (or Show Results) opens a run in the Results
 * view; a failed run shows its cause in the Error column and its tooltip. The project follows the selection
 * and the runs started from the IDE. The repository is read in a job, never on the UI thread.
 */
public final class RunsView extends ViewPart implements AnalysisJobs.Listener {

    private static final int LIMIT = 200;

    private TableViewer viewer;
    private AnalysisRegistry registry;
    private volatile IProject project;
    private volatile List<AnalysisRun> stored = List.of();
    private Action cancel;
    private Action showResults;
    private boolean ticking;
    private volatile boolean reloadPending;

    /** A run was recorded by any runner (a report's render, the dialog, a playbook): read the runs again, once. */
    private final Runnable recordedElsewhere = () -> {
        if (reloadPending) {
            return;
        }
        reloadPending = true;
        Display.getDefault().asyncExec(() -> {
            reloadPending = false;
            if (viewer != null && !viewer.getControl().isDisposed()) {
                reload();
            }
        });
    };

    private final ISelectionListener selectionListener = (IWorkbenchPart part, org.eclipse.jface.viewers.ISelection selection) -> {
        if (part != this && selection instanceof IStructuredSelection structured && !structured.isEmpty()) {
            IResource resource = Adapters.adapt(structured.getFirstElement(), IResource.class);
            if (resource != null && resource.getProject() != null && resource.getProject().isOpen()) {
                setProject(resource.getProject());
            }
        }
    };

    @Override
    public void createPartControl(Composite parent) {
        parent.setLayout(new FillLayout());
        registry = AnalysisRegistry.read();
        viewer = new TableViewer(parent, SWT.FULL_SELECTION | SWT.SINGLE | SWT.BORDER);
        Table table = viewer.getTable();
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        table.setData(RunAnalysisDialog.WIDGET_ID, "runs");
        column("Analysis", 150, row -> row.analysis(registry));
        column("Status", 95, RunRow::status);
        column("Started", 150, RunRow::started);
        column("Duration", 70, RunRow::duration);
        column("Parameters", 260, RunRow::parameters);
        column("Error", 400, RunRow::error);
        viewer.setContentProvider(ArrayContentProvider.getInstance());
        org.eclipse.jface.viewers.ColumnViewerToolTipSupport.enableFor(viewer);
        viewer.addDoubleClickListener(e -> openResults());
        viewer.addSelectionChangedListener(e -> updateActions());
        getSite().setSelectionProvider(viewer);

        cancel = new Action("Cancel Run") {
            @Override
            public void run() {
                cancelSelected();
            }
        };
        cancel.setImageDescriptor(PlatformUI.getWorkbench().getSharedImages()
                .getImageDescriptor(ISharedImages.IMG_ELCL_STOP));
        cancel.setToolTipText("Cancel the selected running analysis");
        showResults = new Action("Show Results") {
            @Override
            public void run() {
                openResults();
            }
        };
        Action refresh = new Action("Refresh") {
            @Override
            public void run() {
                reload();
            }
        };
        refresh.setImageDescriptor(PlatformUI.getWorkbench().getSharedImages()
                .getImageDescriptor(ISharedImages.IMG_TOOL_REDO));
        IToolBarManager toolbar = getViewSite().getActionBars().getToolBarManager();
        toolbar.add(cancel);
        toolbar.add(refresh);
        MenuManager menu = new MenuManager();
        menu.add(showResults);
        menu.add(cancel);
        table.setMenu(menu.createContextMenu(table));
        updateActions();

        AnalysisJobs.get().addListener(this);
        io.sextant.analysis.AnalysisRunner.addRecordedListener(recordedElsewhere);
        getSite().getPage().addPostSelectionListener(selectionListener);
        IProject current = AnalysisJobs.get().currentProject();
        if (current == null) {
            for (IProject candidate : org.eclipse.core.resources.ResourcesPlugin.getWorkspace().getRoot().getProjects()) {
                if (candidate.isOpen()) {
                    current = candidate;
                    break;
                }
            }
        }
        setProject(current);
    }

    private void column(String title, int width, Function<RunRow, String> text) {
        TableViewerColumn column = new TableViewerColumn(viewer, SWT.NONE);
        column.getColumn().setText(title);
        column.getColumn().setWidth(width);
        column.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return text.apply((RunRow) element);
            }

            @Override
            public String getToolTipText(Object element) {
                RunRow row = (RunRow) element;
                return row.error().isEmpty() ? null : row.error();
            }

            @Override
            public Color getForeground(Object element) {
                RunRow row = (RunRow) element;
                if (row.failed()) {
                    return Display.getCurrent().getSystemColor(SWT.COLOR_DARK_RED);
                }
                return null;
            }
        });
    }

    /** Shows the runs of this project (null: none). */
    public void setProject(IProject newProject) {
        if (newProject != null && newProject.equals(project)) {
            return;
        }
        project = newProject;
        setContentDescription(newProject == null ? "No project" : "Runs of " + newProject.getName());
        reload();
    }

    public IProject project() {
        return project;
    }

    /** Reads the project's runs from the repository in a job, then shows them. */
    public void reload() {
        IProject current = project;
        Job job = Job.create("Reading analysis runs", monitor -> {
            List<AnalysisRun> runs = List.of();
            if (current != null) {
                Repository repository = ProjectRepositories.get().of(current).orElse(null);
                runs = repository == null ? List.of() : repository.runs().recent(LIMIT);
            }
            List<AnalysisRun> result = runs;
            Display.getDefault().asyncExec(() -> {
                if (current == project) {
                    stored = result;
                    refresh();
                }
            });
            return Status.OK_STATUS;
        });
        job.setSystem(true);
        job.schedule();
    }

    /** The rows as shown: running jobs of the project first, then the stored runs not still running. */
    public List<RunRow> rows() {
        List<RunRow> rows = new ArrayList<>();
        List<ActiveRun> active = AnalysisJobs.get().active().stream()
                .filter(run -> run.project().equals(project)).toList();
        active.forEach(run -> rows.add(new RunRow(null, run)));
        List<RunRow> ended = new ArrayList<>();
        for (AnalysisRun run : stored) {
            // a stored run still running belongs to a job listed above (or to a session that ended)
            boolean hasJob = run.getStatus() == RunStatus.RUNNING
                    && active.stream().anyMatch(a -> a.analysisId().equals(run.getAnalysisId()));
            if (!hasJob) {
                ended.add(new RunRow(run, null));
            }
        }
        // runs that failed before they could be recorded are listed too, among the others by their start
        AnalysisJobs.get().failed().stream().filter(run -> run.project().equals(project))
                .forEach(run -> ended.add(new RunRow(null, run)));
        ended.sort(java.util.Comparator.comparing(RunRow::startedAt,
                java.util.Comparator.nullsLast(java.util.Comparator.reverseOrder())));
        rows.addAll(ended);
        return rows;
    }

    private void refresh() {
        if (viewer == null || viewer.getControl().isDisposed()) {
            return;
        }
        viewer.setInput(rows());
        updateActions();
        boolean anyActive = AnalysisJobs.get().active().stream().anyMatch(run -> run.project().equals(project));
        if (anyActive && !ticking) {
            ticking = true;
            tick();
        }
    }

    /** Updates progress and durations twice a second while a job of the project runs. */
    private void tick() {
        Display.getDefault().timerExec(500, () -> {
            if (viewer == null || viewer.getControl().isDisposed()) {
                ticking = false;
                return;
            }
            boolean anyActive = AnalysisJobs.get().active().stream().anyMatch(run -> run.project().equals(project));
            viewer.refresh(true);
            if (anyActive) {
                tick();
            } else {
                ticking = false;
            }
        });
    }

    @Override
    public void changed(ActiveRun run, AnalysisRun ended, String error) {
        Display display = Display.getDefault();
        display.asyncExec(() -> {
            if (viewer == null || viewer.getControl().isDisposed()) {
                return;
            }
            if (!run.project().equals(project)) {
                setProject(run.project());
            }
            refresh();
            if (ended != null || error != null) {
                reload();
            }
            // a failure is a row of its own (status failed, its message in the Error column): the title names the
            // project only, so no old error stays there after later runs succeed
        });
    }

    /** Cancels the selected run if it is still running (the Cancel Run action). */
    public void cancelSelected() {
        RunRow row = selectedRow();
        if (row != null && row.active() != null) {
            row.active().cancel();
        }
    }

    private RunRow selectedRow() {
        Object first = viewer.getStructuredSelection().getFirstElement();
        return first instanceof RunRow row ? row : null;
    }

    private void updateActions() {
        RunRow row = selectedRow();
        cancel.setEnabled(row != null && row.active() != null);
        showResults.setEnabled(row != null && row.stored() != null);
    }

    private void openResults() {
        RunRow row = selectedRow();
        if (row == null || row.stored() == null || project == null) {
            return;
        }
        try {
            ResultsView results = (ResultsView) getSite().getPage().showView(AnalysisViews.RESULTS_VIEW_ID);
            results.show(project, row.stored().getId());
        } catch (PartInitException e) {
            org.eclipse.core.runtime.ILog.of(getClass()).log(e.getStatus());
        }
    }

    public TableViewer viewer() {
        return viewer;
    }

    @Override
    public void setFocus() {
        viewer.getControl().setFocus();
    }

    @Override
    public void dispose() {
        AnalysisJobs.get().removeListener(this);
        io.sextant.analysis.AnalysisRunner.removeRecordedListener(recordedElsewhere);
        getSite().getPage().removePostSelectionListener(selectionListener);
        super.dispose();
    }
}
