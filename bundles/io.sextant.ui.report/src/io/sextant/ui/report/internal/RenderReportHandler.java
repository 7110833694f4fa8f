package io.sextant.ui.report.internal;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.Adapters;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IFileEditorInput;
import org.eclipse.ui.handlers.HandlerUtil;

/**
 * "Render Report" on a .seg file, from its editor or the Project Explorer: renders the report of the file's
 * playbook in a Job (running missing analyses first) and shows it in the Report Preview.
 */
public final class RenderReportHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        IFile file = null;
        if (HandlerUtil.getCurrentSelection(event) instanceof IStructuredSelection selection && !selection.isEmpty()) {
            file = Adapters.adapt(selection.getFirstElement(), IFile.class);
        }
        IEditorPart editor = HandlerUtil.getActiveEditor(event);
        if (file == null && editor != null && editor.getEditorInput() instanceof IFileEditorInput input) {
            file = input.getFile();
        }
        if (file == null || !"seg".equals(file.getFileExtension())) {
            MessageDialog.openInformation(HandlerUtil.getActiveShell(event), "Render Report",
                    "Select a .seg file with a playbook, or open it in the editor.");
            return null;
        }
        if (editor != null && editor.isDirty()) {
            editor.doSave(null); // the report is of what the file says
        }
        new RenderReportJob(file, HandlerUtil.getActiveWorkbenchWindow(event)).schedule();
        return null;
    }
}
