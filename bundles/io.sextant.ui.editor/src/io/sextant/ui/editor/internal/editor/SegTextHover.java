package io.sextant.ui.editor.internal.editor;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextHover;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.Position;
import org.eclipse.jface.text.Region;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.IAnnotationModel;

import io.sextant.ui.editor.internal.model.LanguageWork;
import io.sextant.ui.editor.internal.model.SegLanguage;

/**
 * Hover: the problems at the place, then what the definition there (or the one a reference names) is: kind,
 * qualified name, version, owner, description and documentation comment. The platform asks on a worker thread.
 */
final class SegTextHover implements ITextHover {

    private final SegEditor editor;

    SegTextHover(SegEditor editor) {
        this.editor = editor;
    }

    @Override
    public String getHoverInfo(ITextViewer textViewer, IRegion hoverRegion) {
        List<String> parts = new ArrayList<>();
        IAnnotationModel annotations = editor.getDocumentProvider() == null ? null
                : editor.getDocumentProvider().getAnnotationModel(editor.getEditorInput());
        if (annotations != null) {
            for (Iterator<Annotation> it = annotations.getAnnotationIterator(); it.hasNext();) {
                Annotation annotation = it.next();
                Position position = annotations.getPosition(annotation);
                if (annotation instanceof IssueAnnotation && position != null
                        && position.overlapsWith(hoverRegion.getOffset(), Math.max(1, hoverRegion.getLength()))) {
                    parts.add(annotation.getText());
                }
            }
        }
        SegReconciler reconciler = editor.reconciler();
        if (reconciler != null && reconciler.latest() != null) {
            SegReconciler.Snapshot snapshot = reconciler.latest();
            Optional<String> hover = reconciler.model().tryLocked(500, files -> LanguageWork.run("hover",
                    () -> SegLanguage.services().hover(reconciler.resourceOf(files, snapshot), hoverRegion.getOffset())));
            if (hover != null && hover.isPresent()) {
                parts.add(hover.get());
                // "segment acme.growth.Buyers (version ...": the qualified name is the second word
                String[] words = hover.get().split("[ \n]", 3);
                if (words.length > 1 && editor.getEditorInput() instanceof org.eclipse.ui.IFileEditorInput input) {
                    String qualified = words[1];
                    LastRun.describe(input.getFile().getProject(), qualified,
                            qualified.substring(qualified.lastIndexOf('.') + 1)).ifPresent(parts::add);
                }
            }
        }
        return parts.isEmpty() ? null : String.join("\n\n", parts);
    }

    @Override
    public IRegion getHoverRegion(ITextViewer textViewer, int offset) {
        SegReconciler reconciler = editor.reconciler();
        if (reconciler == null || reconciler.latest() == null) {
            return new Region(offset, 0);
        }
        return SegHyperlinkDetector.word(reconciler.latest().text(), offset);
    }
}
