package io.sextant.ui.internal.sample;

import org.eclipse.core.resources.IProject;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.QualifiedName;
import org.eclipse.jface.viewers.IDecoration;
import org.eclipse.jface.viewers.ILightweightLabelDecorator;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.ui.PlatformUI;

/**
 * Marks a project that is still being created (the sample project while its data is generated and imported):
 * the Project Explorer shows "sample (being created…)" from the moment the project exists until it is ready.
 */
public final class BeingCreatedDecorator extends LabelProvider implements ILightweightLabelDecorator {

    public static final String ID = "io.sextant.ui.beingCreated";
    /** Session property set on a project while it is being created. */
    public static final QualifiedName BEING_CREATED = new QualifiedName("io.sextant.ui", "beingCreated");

    @Override
    public void decorate(Object element, IDecoration decoration) {
        if (element instanceof IProject project && isBeingCreated(project)) {
            decoration.addSuffix(" (being created…)");
        }
    }

    public static boolean isBeingCreated(IProject project) {
        try {
            return project.isOpen() && project.getSessionProperty(BEING_CREATED) != null;
        } catch (CoreException e) {
            return false;
        }
    }

    /** Marks or unmarks the project and redraws its label. */
    static void mark(IProject project, boolean creating) throws CoreException {
        if (project.isOpen()) {
            project.setSessionProperty(BEING_CREATED, creating ? Boolean.TRUE : null);
        }
        if (PlatformUI.isWorkbenchRunning()) {
            PlatformUI.getWorkbench().getDisplay().asyncExec(() -> PlatformUI.getWorkbench().getDecoratorManager().update(ID));
        }
    }
}
