package io.sextant.ui.analysis.internal;

import java.nio.file.Path;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.Adapters;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.handlers.HandlerUtil;

import io.sextant.data.sources.StoreConversion;

/**
 * Convert Events to DuckDB: on a project whose events are still in an H2 file (made before DuckDB was the
 * default store), runs the verified conversion as a job with progress and cancel, and says how it ended.
 */
public final class ConvertEventsHandler extends AbstractHandler {

    static final String TITLE = "Convert Events to DuckDB";

    @Override
    public Object execute(ExecutionEvent event) {
        Shell shell = HandlerUtil.getActiveShell(event);
        IProject project = selectedProject(HandlerUtil.getCurrentSelection(event));
        if (project == null || project.getLocation() == null) {
            MessageDialog.openInformation(shell, TITLE, "Select a Sextant project in the Project Explorer first.");
            return null;
        }
        Path folder = project.getLocation().toFile().toPath();
        if (!StoreConversion.needed(folder)) {
            MessageDialog.openInformation(shell, TITLE, "The events of '" + project.getName()
                    + "' are not in an H2 file: they are in DuckDB already, or nothing has been imported yet.");
            return null;
        }
        if (!AnalysisJobs.get().active().isEmpty()) {
            MessageDialog.openInformation(shell, TITLE, "Analyses are running; convert the events when they have finished.");
            return null;
        }
        if (!MessageDialog.openConfirm(shell, TITLE, "Copy the events of '" + project.getName() + "' from their H2"
                + " file into DuckDB, the default store? Every table is compared (row counts and a checksum) before"
                + " the DuckDB file is used; the H2 file is kept in .sextant/" + StoreConversion.BACKUP_FOLDER + "/.")) {
            return null;
        }
        Job job = new Job(TITLE + ": " + project.getName()) {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                String message;
                int kind;
                try {
                    message = new StoreConversion(folder).convert(monitor).describe();
                    kind = MessageDialog.INFORMATION;
                } catch (OperationCanceledException e) {
                    message = "Cancelled; the events stay in the H2 file, unchanged.";
                    kind = MessageDialog.INFORMATION;
                } catch (StoreConversion.ConversionException e) {
                    message = e.getMessage();
                    kind = MessageDialog.ERROR;
                }
                try {
                    project.refreshLocal(IResource.DEPTH_INFINITE, null);
                } catch (CoreException e) {
                    // the Project Explorer shows the new files at its next refresh
                }
                String text = message;
                int dialog = kind;
                Display.getDefault().asyncExec(() -> MessageDialog.open(dialog, shell.isDisposed() ? null : shell,
                        TITLE, text, 0));
                return Status.OK_STATUS;
            }
        };
        job.setUser(true);
        job.setRule(project);
        job.schedule();
        return null;
    }

    private static IProject selectedProject(ISelection selection) {
        if (selection instanceof IStructuredSelection structured && !structured.isEmpty()) {
            IResource resource = Adapters.adapt(structured.getFirstElement(), IResource.class);
            if (resource != null) {
                return resource.getProject();
            }
        }
        IProject current = AnalysisJobs.get().currentProject();
        return current != null && current.isOpen() ? current : null;
    }
}
