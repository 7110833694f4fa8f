package io.sextant.ui.editor.internal.wizards;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.eclipse.core.resources.IFile;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.wizard.Wizard;
import org.eclipse.ui.INewWizard;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.dialogs.WizardNewFileCreationPage;
import org.eclipse.ui.ide.IDE;

import io.sextant.store.PreferenceIdentity;

/** New Segment File: a .seg file with a package named after its folder and a first segment to edit. */
public final class NewSegmentFileWizard extends Wizard implements INewWizard {

    private IWorkbench workbench;
    private IStructuredSelection selection;
    private WizardNewFileCreationPage page;

    @Override
    public void init(IWorkbench workbench, IStructuredSelection selection) {
        this.workbench = workbench;
        this.selection = selection;
        setWindowTitle("New Segment File");
    }

    @Override
    public void addPages() {
        page = new WizardNewFileCreationPage("file", selection) {
            @Override
            protected InputStream getInitialContents() {
                String name = getFileName().replaceAll("\\.seg$", "");
                String pkg = getContainerFullPath() == null ? name
                        : getContainerFullPath().lastSegment().replaceAll("[^A-Za-z0-9_]", "_");
                String text = "package " + pkg.toLowerCase() + "\n\n"
                        + "/** Who this segment is, and why it matters. */\n"
                        + "segment " + Character.toUpperCase(name.charAt(0)) + name.substring(1).replaceAll("[^A-Za-z0-9_]", "") + " {\n"
                        + "    owner \"" + new PreferenceIdentity().userName() + "\"\n"
                        + "    description \"\"\n"
                        + "    where did \"signup\" within 30 days\n"
                        + "}\n";
                return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
            }
        };
        page.setTitle("Segment File");
        page.setDescription("A new file of segment definitions.");
        page.setFileExtension("seg");
        page.setFileName("segments.seg");
        addPage(page);
    }

    @Override
    public boolean performFinish() {
        IFile file = page.createNewFile();
        if (file == null) {
            return false;
        }
        try {
            IDE.openEditor(workbench.getActiveWorkbenchWindow().getActivePage(), file);
        } catch (PartInitException e) {
            org.eclipse.core.runtime.ILog.of(getClass()).log(e.getStatus());
        }
        return true;
    }
}
