package io.sextant.ui.editor.internal.editor;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.filebuffers.FileBuffers;
import org.eclipse.core.filebuffers.ITextFileBuffer;
import org.eclipse.core.filebuffers.ITextFileBufferManager;
import org.eclipse.core.filebuffers.LocationKind;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.ILog;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.ui.IMarkerResolution;
import org.eclipse.ui.IMarkerResolutionGenerator2;

import io.sextant.ui.editor.SegEditors;
import io.sextant.ui.editor.internal.model.SegQuickFixes;

/**
 * The same quick fixes on the builder's markers, from the Problems view: the fix is applied to the file's
 * text (through its file buffer, so an open editor shows it) and saved when no editor holds unsaved changes.
 */
public final class SegMarkerResolutions implements IMarkerResolutionGenerator2 {

    @Override
    public boolean hasResolutions(IMarker marker) {
        return SegQuickFixes.isFixable(marker.getAttribute(SegEditors.ISSUE_CODE, null));
    }

    @Override
    public IMarkerResolution[] getResolutions(IMarker marker) {
        String code = marker.getAttribute(SegEditors.ISSUE_CODE, null);
        String data = marker.getAttribute(SegEditors.ISSUE_DATA, "");
        int start = marker.getAttribute(IMarker.CHAR_START, -1);
        int end = marker.getAttribute(IMarker.CHAR_END, -1);
        if (!(marker.getResource() instanceof IFile file) || start < 0 || end < start) {
            return new IMarkerResolution[0];
        }
        List<IMarkerResolution> resolutions = new ArrayList<>();
        withDocument(file, buffer -> {
            for (SegQuickFixes.Fix fix : SegQuickFixes.fixes(buffer.getDocument(), code,
                    data.isEmpty() ? new String[0] : data.split(SegEditors.DATA_SEPARATOR), start, end - start)) {
                resolutions.add(new IMarkerResolution() {
                    @Override
                    public String getLabel() {
                        return fix.label();
                    }

                    @Override
                    public void run(IMarker ignored) {
                        withDocument(file, target -> {
                            boolean wasDirty = target.isDirty();
                            fix.apply(target.getDocument());
                            if (!wasDirty) {
                                target.commit(null, true);
                            }
                        });
                    }
                });
            }
        });
        return resolutions.toArray(IMarkerResolution[]::new);
    }

    private interface BufferWork {
        void run(ITextFileBuffer buffer) throws CoreException, BadLocationException;
    }

    private static void withDocument(IFile file, BufferWork work) {
        ITextFileBufferManager manager = FileBuffers.getTextFileBufferManager();
        try {
            manager.connect(file.getFullPath(), LocationKind.IFILE, null);
            try {
                work.run(manager.getTextFileBuffer(file.getFullPath(), LocationKind.IFILE));
            } finally {
                manager.disconnect(file.getFullPath(), LocationKind.IFILE, null);
            }
        } catch (CoreException | BadLocationException e) {
            ILog.of(SegMarkerResolutions.class).error("Could not fix " + file.getFullPath(), e);
        }
    }
}
