package io.sextant.ui.analysis.internal;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import org.eclipse.core.resources.IProject;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CTabFolder;
import org.eclipse.swt.custom.CTabItem;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.dnd.Clipboard;
import org.eclipse.swt.dnd.TextTransfer;
import org.eclipse.swt.dnd.Transfer;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.part.ViewPart;

import io.sextant.analysis.AnalysisRegistry;
import io.sextant.charts.Charts;
import io.sextant.model.AnalysisRun;
import io.sextant.model.Result;
import io.sextant.model.RunStatus;
import io.sextant.store.Repository;
import io.sextant.ui.internal.repository.ProjectRepositories;

/**
 * One run's results: a header with the analysis, status, time and parameters; for a failed run its cause;
 * one tab per result with the table (units in the headers, shares as percentages, intervals as one column)
 * and its chart beside it, drawn by io.sextant.charts in a job at the canvas' size whenever it changes.
 * Copy as CSV puts the current tab's raw values on the clipboard.
 */
public final class ResultsView extends ViewPart {

    private Composite root;
    private Label header;
    private Text error;
    private CTabFolder tabs;
    private final List<ResultTab> shown = new ArrayList<>();
    private AnalysisRun run;

    @Override
    public void createPartControl(Composite parent) {
        root = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().margins(4, 4).applyTo(root);
        header = new Label(root, SWT.WRAP);
        header.setText("Double-click a run in the Runs view to see its results.");
        GridDataFactory.fillDefaults().grab(true, false).applyTo(header);
        error = new Text(root, SWT.MULTI | SWT.READ_ONLY | SWT.WRAP | SWT.V_SCROLL);
        error.setForeground(parent.getDisplay().getSystemColor(SWT.COLOR_DARK_RED));
        GridDataFactory.fillDefaults().grab(true, false).hint(SWT.DEFAULT, 60).exclude(true).applyTo(error);
        error.setVisible(false);
        tabs = new CTabFolder(root, SWT.BORDER | SWT.BOTTOM);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(tabs);

        Action copy = new Action("Copy as CSV") {
            @Override
            public void run() {
                copyCsv();
            }
        };
        copy.setToolTipText("Copy the current table's values as CSV");
        copy.setImageDescriptor(PlatformUI.getWorkbench().getSharedImages().getImageDescriptor(ISharedImages.IMG_TOOL_COPY));
        getViewSite().getActionBars().getToolBarManager().add(copy);
    }

    /** Reads the run from the project's repository in a job and shows it. */
    public void show(IProject project, long runId) {
        header.setText("Reading run " + runId + " …");
        Job job = Job.create("Reading analysis results", monitor -> {
            Repository repository = ProjectRepositories.get().of(project).orElse(null);
            Optional<AnalysisRun> found = repository == null ? Optional.empty() : repository.runs().run(runId);
            Display.getDefault().asyncExec(() -> {
                if (!root.isDisposed()) {
                    if (found.isPresent()) {
                        show(found.get());
                    } else {
                        header.setText("Run " + runId + " is not in the repository of " + project.getName() + ".");
                    }
                }
            });
            return Status.OK_STATUS;
        });
        job.setSystem(true);
        job.schedule();
    }

    /** Shows a run read with its results. */
    public void show(AnalysisRun stored) {
        this.run = stored;
        for (ResultTab tab : shown) {
            tab.dispose();
        }
        shown.clear();
        for (CTabItem item : tabs.getItems()) {
            Control control = item.getControl();
            item.dispose();
            if (control != null) {
                control.dispose();
            }
        }
        String name = AnalysisRegistry.read().descriptor(stored.getAnalysisId()).map(d -> d.name())
                .orElse(stored.getAnalysisId());
        String parameters = stored.getParameters().stream().map(p -> p.getName() + "=" + p.getValue())
                .collect(Collectors.joining(", "));
        RunRow row = new RunRow(stored, null);
        header.setText(name + " — " + stored.getStatus().getLiteral().toLowerCase(Locale.ROOT) + ", started "
                + row.started() + ", " + row.duration() + (parameters.isEmpty() ? "" : " · " + parameters)
                + " · data " + stored.getDataSourceName());
        boolean failed = stored.getStatus() == RunStatus.FAILED;
        error.setText(failed ? "The run failed: " + stored.getError() : "");
        error.setVisible(failed);
        ((org.eclipse.swt.layout.GridData) error.getLayoutData()).exclude = !failed;
        for (Result result : stored.getResults()) {
            ResultTab tab = new ResultTab(tabs, result);
            shown.add(tab);
        }
        if (stored.getResults().isEmpty() && !failed) {
            CTabItem item = new CTabItem(tabs, SWT.NONE);
            item.setText("No results");
            Label label = new Label(tabs, SWT.NONE);
            label.setText(stored.getStatus() == RunStatus.CANCELLED ? "The run was cancelled." : "The run has no results.");
            item.setControl(label);
        }
        if (tabs.getItemCount() > 0) {
            tabs.setSelection(0);
        }
        root.layout(true, true);
    }

    public AnalysisRun run() {
        return run;
    }

    public List<ResultTab> tabs() {
        return List.copyOf(shown);
    }

    public String headerText() {
        return header.getText();
    }

    public String errorText() {
        return error.getVisible() ? error.getText() : "";
    }

    private void copyCsv() {
        int index = tabs.getSelectionIndex();
        if (index < 0 || index >= shown.size()) {
            return;
        }
        Clipboard clipboard = new Clipboard(root.getDisplay());
        try {
            clipboard.setContents(new Object[] { shown.get(index).table().csv() }, new Transfer[] { TextTransfer.getInstance() });
        } finally {
            clipboard.dispose();
        }
    }

    @Override
    public void setFocus() {
        tabs.setFocus();
    }

    @Override
    public void dispose() {
        shown.forEach(ResultTab::dispose);
        super.dispose();
    }

    /** One result: its table and, where it has one, its chart. */
    public static final class ResultTab {
        private final Result result;
        private final ResultTable table;
        private final TableViewer viewer;
        private final Canvas canvas;
        private volatile Image image;
        private Point rendered;
        private int generation;

        ResultTab(CTabFolder folder, Result result) {
            this.result = result;
            this.table = ResultTable.of(result);
            CTabItem item = new CTabItem(folder, SWT.NONE);
            item.setText(result.getName() == null ? "Result" : result.getName());
            Composite body = new Composite(folder, SWT.NONE);
            GridLayoutFactory.fillDefaults().margins(4, 4).applyTo(body);
            if (result.getDescription() != null && !result.getDescription().isBlank()) {
                Label description = new Label(body, SWT.WRAP);
                description.setText(result.getDescription());
                GridDataFactory.fillDefaults().grab(true, false).hint(200, SWT.DEFAULT).applyTo(description);
            }
            SashForm sash = new SashForm(body, SWT.HORIZONTAL);
            GridDataFactory.fillDefaults().grab(true, true).applyTo(sash);
            viewer = new TableViewer(sash, SWT.FULL_SELECTION | SWT.MULTI | SWT.BORDER | SWT.V_SCROLL | SWT.H_SCROLL);
            viewer.getTable().setHeaderVisible(true);
            viewer.getTable().setLinesVisible(true);
            viewer.getTable().setData(RunAnalysisDialog.WIDGET_ID, "result.table");
            for (int c = 0; c < table.headers().size(); c++) {
                int index = c;
                TableViewerColumn column = new TableViewerColumn(viewer, c == 0 ? SWT.LEFT : SWT.RIGHT);
                column.getColumn().setText(table.headers().get(c));
                column.setLabelProvider(new ColumnLabelProvider() {
                    @Override
                    public String getText(Object element) {
                        String[] row = (String[]) element;
                        return index < row.length ? row[index] : "";
                    }
                });
            }
            viewer.setContentProvider(ArrayContentProvider.getInstance());
            viewer.setInput(table.rows());
            for (var column : viewer.getTable().getColumns()) {
                column.pack();
                column.setWidth(Math.min(Math.max(column.getWidth() + 8, 50), 320));
            }
            canvas = new Canvas(sash, SWT.DOUBLE_BUFFERED);
            canvas.setData(RunAnalysisDialog.WIDGET_ID, "result.chart");
            canvas.setBackground(canvas.getDisplay().getSystemColor(SWT.COLOR_WHITE));
            canvas.addPaintListener(e -> {
                Image current = image;
                if (current != null && !current.isDisposed()) {
                    e.gc.drawImage(current, 0, 0);
                }
            });
            canvas.addListener(SWT.Resize, e -> scheduleRender());
            if (Charts.kindOf(result).isEmpty()) {
                sash.setMaximizedControl(viewer.getControl());
            } else {
                sash.setWeights(45, 55);
            }
            item.setControl(body);
        }

        /** Renders the chart at the canvas' size shortly after the last resize, off the UI thread. */
        private void scheduleRender() {
            Rectangle area = canvas.getClientArea();
            if (area.width < 50 || area.height < 50 || Charts.kindOf(result).isEmpty()) {
                return;
            }
            Point size = new Point(area.width, area.height);
            if (size.equals(rendered)) {
                return;
            }
            int mine = ++generation;
            Display display = canvas.getDisplay();
            display.timerExec(150, () -> {
                if (canvas.isDisposed() || mine != generation) {
                    return;
                }
                Job job = Job.create("Drawing chart", monitor -> {
                    ImageData data;
                    try {
                        byte[] png = Charts.png(result, size.x, size.y);
                        data = new ImageData(new ByteArrayInputStream(png));
                    } catch (RuntimeException e) {
                        return Status.error("The chart of '" + result.getName() + "' cannot be drawn: " + e.getMessage(), e);
                    }
                    ImageData ready = data;
                    display.asyncExec(() -> {
                        if (canvas.isDisposed() || mine != generation) {
                            return;
                        }
                        Image old = image;
                        image = new Image(display, ready);
                        rendered = size;
                        if (old != null) {
                            old.dispose();
                        }
                        canvas.redraw();
                    });
                    return Status.OK_STATUS;
                });
                job.setSystem(true);
                job.schedule();
            });
        }

        public Result result() {
            return result;
        }

        public ResultTable table() {
            return table;
        }

        public TableViewer viewer() {
            return viewer;
        }

        /** The chart as drawn now (null before the first drawing or for a result without a chart). */
        public Image chartImage() {
            return image;
        }

        public Control chartControl() {
            return canvas;
        }

        void dispose() {
            generation++;
            Image old = image;
            image = null;
            if (old != null && !old.isDisposed()) {
                old.dispose();
            }
        }
    }
}
