package io.sextant.ui.editor.internal.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.eclipse.core.resources.ICommand;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IProjectDescription;
import org.eclipse.core.resources.IProjectNature;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;

import io.sextant.ui.editor.SegEditors;

/** The nature of a Sextant project: its .seg files are validated by {@link SegBuilder}. */
public final class SegNature implements IProjectNature {

    private IProject project;

    /** Adds the nature (and so the builder) to the project, if it does not have it yet. */
    public static void addTo(IProject project, IProgressMonitor monitor) throws CoreException {
        IProjectDescription description = project.getDescription();
        if (description.hasNature(SegEditors.NATURE_ID)) {
            return;
        }
        List<String> natures = new ArrayList<>(Arrays.asList(description.getNatureIds()));
        natures.add(SegEditors.NATURE_ID);
        description.setNatureIds(natures.toArray(String[]::new));
        project.setDescription(description, monitor);
    }

    @Override
    public void configure() throws CoreException {
        IProjectDescription description = project.getDescription();
        for (ICommand command : description.getBuildSpec()) {
            if (command.getBuilderName().equals(SegEditors.BUILDER_ID)) {
                return;
            }
        }
        List<ICommand> commands = new ArrayList<>(Arrays.asList(description.getBuildSpec()));
        ICommand command = description.newCommand();
        command.setBuilderName(SegEditors.BUILDER_ID);
        commands.add(command);
        description.setBuildSpec(commands.toArray(ICommand[]::new));
        project.setDescription(description, null);
    }

    @Override
    public void deconfigure() throws CoreException {
        IProjectDescription description = project.getDescription();
        description.setBuildSpec(Arrays.stream(description.getBuildSpec())
                .filter(c -> !c.getBuilderName().equals(SegEditors.BUILDER_ID)).toArray(ICommand[]::new));
        project.setDescription(description, null);
        project.deleteMarkers(SegEditors.PROBLEM_MARKER, true, org.eclipse.core.resources.IResource.DEPTH_INFINITE);
    }

    @Override
    public IProject getProject() {
        return project;
    }

    @Override
    public void setProject(IProject project) {
        this.project = project;
    }
}
