package io.sextant.ui.editor.internal.editor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.eclipse.jface.text.Position;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.IAnnotationModel;
import org.eclipse.jface.text.source.IAnnotationModelExtension;

import io.sextant.dsl.ide.SegLanguageServices.StyledRange;

/**
 * Mark occurrences: with the caret on a definition's name or on a reference to one, every place of the file
 * that declares or refers to that name is highlighted (from the names the last validation found, so only
 * real declarations and references, not the same word in a string or comment).
 */
final class MarkOccurrences {

    /** The annotation type (declared in plugin.xml with its highlight colour). */
    static final String TYPE = "io.sextant.ui.editor.occurrence";

    private final SegEditor editor;
    private List<Annotation> shown = List.of();
    private String shownName;

    MarkOccurrences(SegEditor editor) {
        this.editor = editor;
    }

    /** On the UI thread, when the caret moved or a validation's results were applied. */
    void update(int caret) {
        SegReconciler reconciler = editor.reconciler();
        SegReconciler.Result result = reconciler == null ? null : reconciler.applied();
        SegReconciler.Snapshot snapshot = reconciler == null ? null : reconciler.latest();
        IAnnotationModel model = editor.getDocumentProvider() == null ? null
                : editor.getDocumentProvider().getAnnotationModel(editor.getEditorInput());
        if (model == null) {
            return;
        }
        String name = null;
        List<Position> places = new ArrayList<>();
        if (result != null && snapshot != null && result.stamp() == snapshot.stamp()) {
            String text = snapshot.text();
            for (StyledRange range : result.names()) {
                if (range.offset() <= caret && caret <= range.offset() + range.length()) {
                    name = text.substring(range.offset(), range.offset() + range.length());
                    break;
                }
            }
            if (name != null) {
                String simple = name.substring(name.lastIndexOf('.') + 1);
                for (StyledRange range : result.names()) {
                    String at = text.substring(range.offset(), range.offset() + range.length());
                    if (at.substring(at.lastIndexOf('.') + 1).equals(simple)) {
                        places.add(new Position(range.offset(), range.length()));
                    }
                }
            }
        }
        if (name == null && shown.isEmpty() || name != null && name.equals(shownName) && !shown.isEmpty()) {
            return; // nothing shown and nothing to show, or the same name still
        }
        Map<Annotation, Position> added = new HashMap<>();
        for (Position place : places) {
            added.put(new Annotation(TYPE, false, "Occurrence of " + name), place);
        }
        List<Annotation> removed = new ArrayList<>(shown);
        for (Iterator<Annotation> it = removed.iterator(); it.hasNext();) {
            if (model.getPosition(it.next()) == null) {
                it.remove();
            }
        }
        if (model instanceof IAnnotationModelExtension extension) {
            extension.replaceAnnotations(removed.toArray(Annotation[]::new), added);
        } else {
            removed.forEach(model::removeAnnotation);
            added.forEach(model::addAnnotation);
        }
        shown = List.copyOf(added.keySet());
        shownName = places.isEmpty() ? null : name;
    }

    /** As {@link #update}, also when the name is the same (the text and its references changed). */
    void refresh(int caret) {
        shownName = null;
        update(caret);
    }

    /** The places marked now (for tests). */
    List<Position> marked() {
        IAnnotationModel model = editor.getDocumentProvider().getAnnotationModel(editor.getEditorInput());
        List<Position> positions = new ArrayList<>();
        for (Annotation annotation : shown) {
            Position position = model.getPosition(annotation);
            if (position != null) {
                positions.add(position);
            }
        }
        positions.sort(java.util.Comparator.comparingInt(Position::getOffset));
        return positions;
    }
}
