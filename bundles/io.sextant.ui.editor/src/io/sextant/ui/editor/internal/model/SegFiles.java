package io.sextant.ui.editor.internal.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.Path;
import org.eclipse.emf.common.util.URI;

/** The .seg files of the workspace: which files count, their URIs in the language, their text on disk. */
public final class SegFiles {

    public static final String EXTENSION = "seg";

    private SegFiles() {
    }

    /** A definition file of the analyst: .seg, not in a derived (output) folder. */
    public static boolean isSegFile(IResource resource) {
        return resource instanceof IFile file && EXTENSION.equals(file.getFileExtension())
                && !file.isDerived(IResource.CHECK_ANCESTORS);
    }

    public static URI uri(IFile file) {
        return URI.createPlatformResourceURI(file.getFullPath().toString(), true);
    }

    /** The workspace file of a platform:/resource URI, or null. */
    public static IFile file(URI uri) {
        if (uri == null || !uri.isPlatformResource()) {
            return null;
        }
        return ResourcesPlugin.getWorkspace().getRoot().getFile(new Path(uri.toPlatformString(true)));
    }

    /** The project of a platform:/resource URI, or null. */
    public static IProject project(URI uri) {
        if (uri == null || !uri.isPlatformResource() || uri.segmentCount() < 2) {
            return null;
        }
        return ResourcesPlugin.getWorkspace().getRoot().getProject(URI.decode(uri.segment(1)));
    }

    public static String read(IFile file) throws CoreException, IOException {
        try (InputStream in = file.getContents(true)) {
            return new String(in.readAllBytes(), Charset.forName(file.getCharset()));
        }
    }
}
