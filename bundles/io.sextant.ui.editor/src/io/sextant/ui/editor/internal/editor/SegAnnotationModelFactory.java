package io.sextant.ui.editor.internal.editor;

import org.eclipse.core.filebuffers.IAnnotationModelFactory;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IPath;
import org.eclipse.jface.text.source.IAnnotationModel;
import org.eclipse.ui.texteditor.ResourceMarkerAnnotationModel;

import io.sextant.ui.editor.SegEditors;

/**
 * The annotation model of .seg files: every marker shows in the editor except the builder's, because the
 * editor shows its own validation of the live text instead (the builder's markers describe the saved file).
 */
public final class SegAnnotationModelFactory implements IAnnotationModelFactory {

    @Override
    public IAnnotationModel createAnnotationModel(IPath location) {
        IResource file = ResourcesPlugin.getWorkspace().getRoot().findMember(location);
        if (file == null) {
            file = ResourcesPlugin.getWorkspace().getRoot().getFile(location);
        }
        return new ResourceMarkerAnnotationModel(file) {
            @Override
            protected boolean isAcceptable(IMarker marker) {
                try {
                    return super.isAcceptable(marker) && !marker.isSubtypeOf(SegEditors.PROBLEM_MARKER);
                } catch (CoreException e) {
                    return super.isAcceptable(marker);
                }
            }
        };
    }
}
