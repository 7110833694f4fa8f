package io.sextant.ui.analysis.internal;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.Adapters;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IFileEditorInput;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.handlers.HandlerUtil;
import org.eclipse.ui.texteditor.ITextEditor;

/**
 * Run Analysis…: from a .seg editor (the cursor's segment or playbook, with the unsaved text), from a .seg
 * file or project selected in the Project Explorer, or else on the project the Runs view shows.
 */
public final class RunAnalysisHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        IWorkbenchPart part = HandlerUtil.getActivePart(event);
        var shell = HandlerUtil.getActiveShell(event);
        if (part instanceof IEditorPart editor && editor.getEditorInput() instanceof IFileEditorInput input) {
            IFile file = input.getFile();
            String text = null;
            int offset = -1;
            if (editor instanceof ITextEditor textEditor) {
                text = textEditor.getDocumentProvider().getDocument(input).get();
                ISelection selection = textEditor.getSelectionProvider().getSelection();
                if (selection instanceof ITextSelection textSelection) {
                    offset = textSelection.getOffset();
                }
            }
            RunAnalysis.start(shell, file.getProject(), file, text, offset);
            return null;
        }
        ISelection selection = HandlerUtil.getCurrentSelection(event);
        if (selection instanceof IStructuredSelection structured && !structured.isEmpty()) {
            IResource resource = Adapters.adapt(structured.getFirstElement(), IResource.class);
            if (resource != null && resource.getProject() != null) {
                RunAnalysis.start(shell, resource.getProject(), resource instanceof IFile file ? file : null, null, -1);
                return null;
            }
        }
        IProject current = AnalysisJobs.get().currentProject();
        if (current != null && current.isOpen()) {
            RunAnalysis.start(shell, current, null, null, -1);
        } else {
            MessageDialog.openInformation(shell, "Run Analysis",
                    "Select a Sextant project or a .seg file in the Project Explorer first.");
        }
        return null;
    }
}
