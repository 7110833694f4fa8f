package io.sextant.ui.report.internal;

import java.nio.file.Path;
import java.time.LocalDate;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IToolBarManager;
import org.eclipse.swt.SWT;
import org.eclipse.swt.SWTError;
import org.eclipse.swt.browser.Browser;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.part.ViewPart;

import io.sextant.dsl.seg.Playbook;
import io.sextant.project.SextantProject;
import io.sextant.report.PlaybookReports;
import io.sextant.report.ReportException;
import io.sextant.report.ReportFormat;

/**
 * The report preview: the rendered HTML in an SWT Browser (WebKitGTK on Linux), with "Export HTML…" and
 * "Export PDF…" that render the same stored runs to a file the user picks. Without a browser engine the view
 * says where the HTML file is.
 */
public final class ReportPreviewView extends ViewPart {

    public static final String ID = "io.sextant.ui.report.preview";

    private Composite parent;
    private Browser browser;
    private Text fallback;
    private SextantProject project;
    private Playbook playbook;
    private LocalDate asOf;
    private final Action exportHtml = new ExportAction(ReportFormat.HTML);
    private final Action exportPdf = new ExportAction(ReportFormat.PDF);

    /** Where the preview of a playbook is rendered (the plug-in's state folder). */
    static Path previewFile(String playbook) {
        return Platform.getStateLocation(Platform.getBundle(ReportUiPlugin.ID)).toFile().toPath().resolve("preview")
                .resolve(playbook + ".html");
    }

    @Override
    public void createPartControl(Composite parent) {
        this.parent = parent;
        parent.setLayout(new FillLayout());
        try {
            browser = new Browser(parent, SWT.NONE);
            browser.setText("<html><body style='font-family:sans-serif;color:#5A6B7D'>Render a playbook's report: "
                    + "right-click a .seg file with a playbook and choose Render Report.</body></html>");
        } catch (SWTError e) {
            browser = null;
            fallback = new Text(parent, SWT.MULTI | SWT.READ_ONLY | SWT.WRAP);
            fallback.setText("No browser engine is available to preview reports (on Linux install WebKitGTK, "
                    + "libwebkit2gtk-4.1-0). Rendered reports are written as HTML files; export one to open it elsewhere.");
        }
        IToolBarManager toolbar = getViewSite().getActionBars().getToolBarManager();
        toolbar.add(exportHtml);
        toolbar.add(exportPdf);
        exportHtml.setEnabled(false);
        exportPdf.setEnabled(false);
    }

    /** Shows a rendered report and remembers what it is of, for export. */
    void show(SextantProject project, Playbook playbook, LocalDate asOf, Path html) {
        this.project = project;
        this.playbook = playbook;
        this.asOf = asOf;
        setPartName("Report: " + playbook.getName());
        if (browser != null) {
            browser.setUrl(html.toUri().toString());
        } else {
            fallback.setText("The report of " + playbook.getName() + " is in " + html);
        }
        exportHtml.setEnabled(true);
        exportPdf.setEnabled(true);
    }

    @Override
    public void setFocus() {
        parent.setFocus();
    }

    private final class ExportAction extends Action {
        private final ReportFormat format;

        ExportAction(ReportFormat format) {
            super("Export " + format.name() + "…");
            this.format = format;
            setToolTipText("Render the report as " + format.name() + " into a file");
        }

        @Override
        public void run() {
            FileDialog dialog = new FileDialog(getSite().getShell(), SWT.SAVE);
            dialog.setFilterExtensions(new String[] { "*." + format.extension() });
            dialog.setFileName(playbook.getName() + "." + format.extension());
            dialog.setOverwrite(true);
            String chosen = dialog.open();
            if (chosen == null) {
                return;
            }
            SextantProject exportedProject = project;
            Playbook exportedPlaybook = playbook;
            LocalDate exportedAsOf = asOf;
            Job export = new Job("Exporting the report of " + playbook.getName()) {
                @Override
                protected IStatus run(IProgressMonitor monitor) {
                    try {
                        PlaybookReports.render(exportedProject, exportedPlaybook, exportedAsOf, format, Path.of(chosen), monitor);
                        return Status.OK_STATUS;
                    } catch (ReportException e) {
                        return Status.error(e.getMessage(), e);
                    }
                }
            };
            export.setUser(true);
            export.schedule();
        }
    }
}
