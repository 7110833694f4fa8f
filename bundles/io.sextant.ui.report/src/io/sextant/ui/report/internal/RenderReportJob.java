package io.sextant.ui.report.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.dialogs.ElementListSelectionDialog;
import org.eclipse.xtext.resource.XtextResource;

import io.sextant.dsl.seg.Playbook;
import io.sextant.dsl.seg.SegFile;
import io.sextant.project.Playbooks;
import io.sextant.project.ProjectException;
import io.sextant.project.SextantProject;
import io.sextant.report.PlaybookReports;
import io.sextant.report.ReportException;
import io.sextant.report.ReportFormat;

/**
 * Renders the report of a .seg file's playbook off the UI thread: picks the playbook (asking when the file has
 * several), runs the analyses that have no stored run for the as-of date (with progress, cancellable), renders
 * the HTML report into the plug-in's state folder and shows it in the Report Preview.
 */
final class RenderReportJob extends Job {

    private final IFile file;
    private final IWorkbenchWindow window;

    RenderReportJob(IFile file, IWorkbenchWindow window) {
        super("Rendering the report of " + file.getName());
        this.file = file;
        this.window = window;
        setUser(true);
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        SubMonitor progress = SubMonitor.convert(monitor, 100);
        PlaybookReports.startEngine();
        try {
            SextantProject project = ReportProjects.of(file.getProject());
            Playbook playbook = choosePlaybook(project);
            if (playbook == null) {
                return Status.CANCEL_STATUS;
            }
            LocalDate asOf = project.defaultAsOf();
            List<Playbooks.Answered> answered = PlaybookReports.answered(project, playbook, asOf);
            List<Playbooks.Step> missing = new ArrayList<>();
            answered.stream().filter(a -> a.run().isEmpty()).forEach(a -> missing.add(a.step()));
            progress.setWorkRemaining(100);
            if (!missing.isEmpty()) {
                progress.subTask("Running " + missing.size() + " analyses without a stored run");
                Playbooks.run(missing, project.analysisRunner(), progress.split(70));
            }
            progress.setWorkRemaining(30);
            Path out = ReportPreviewView.previewFile(playbook.getName());
            Files.createDirectories(out.getParent());
            PlaybookReports.render(project, playbook, asOf, ReportFormat.HTML, out, progress.split(30));
            Display.getDefault().asyncExec(() -> show(project, playbook, asOf, out));
            return Status.OK_STATUS;
        } catch (OperationCanceledException e) {
            return Status.CANCEL_STATUS;
        } catch (ProjectException | ReportException e) {
            return Status.error(file.getName() + ": " + e.getMessage(), e);
        } catch (java.io.IOException e) {
            return Status.error("cannot write the preview of " + file.getName() + ": " + e.getMessage(), e);
        }
    }

    private Playbook choosePlaybook(SextantProject project) throws ProjectException {
        Path relative = project.folder().relativize(file.getLocation().toFile().toPath());
        List<Playbook> playbooks = new ArrayList<>();
        XtextResource resource = project.definitions().resource(relative).orElse(null);
        if (resource != null && !resource.getContents().isEmpty() && resource.getContents().get(0) instanceof SegFile seg) {
            seg.getDefinitions().stream().filter(Playbook.class::isInstance).map(Playbook.class::cast).forEach(playbooks::add);
        }
        if (playbooks.isEmpty()) {
            throw new ProjectException(relative + " has no playbook: a report is made of a playbook");
        }
        if (playbooks.size() == 1) {
            return playbooks.get(0);
        }
        AtomicReference<Playbook> chosen = new AtomicReference<>();
        Display.getDefault().syncExec(() -> {
            ElementListSelectionDialog dialog = new ElementListSelectionDialog(window.getShell(), new LabelProvider() {
                @Override
                public String getText(Object element) {
                    return ((Playbook) element).getName();
                }
            });
            dialog.setTitle("Render Report");
            dialog.setMessage("Which playbook of " + file.getName() + "?");
            dialog.setElements(playbooks.toArray());
            if (dialog.open() == ElementListSelectionDialog.OK) {
                chosen.set((Playbook) dialog.getFirstResult());
            }
        });
        return chosen.get();
    }

    private void show(SextantProject project, Playbook playbook, LocalDate asOf, Path html) {
        try {
            ReportPreviewView view = (ReportPreviewView) window.getActivePage().showView(ReportPreviewView.ID);
            view.show(project, playbook, asOf, html);
        } catch (PartInitException e) {
            MessageDialog.openError(window.getShell(), "Render Report", "The report preview cannot open: " + e.getMessage()
                    + ". The report is in " + html);
        }
    }
}
