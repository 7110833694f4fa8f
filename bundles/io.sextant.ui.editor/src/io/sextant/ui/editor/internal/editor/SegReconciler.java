package io.sextant.ui.editor.internal.editor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.emf.common.util.URI;
import org.eclipse.jface.text.DocumentEvent;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IDocumentExtension4;
import org.eclipse.jface.text.IDocumentListener;
import org.eclipse.jface.text.ITextInputListener;
import org.eclipse.jface.text.IViewportListener;
import org.eclipse.jface.text.Position;
import org.eclipse.jface.text.TextAttribute;
import org.eclipse.jface.text.TextPresentation;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.IAnnotationModel;
import org.eclipse.jface.text.source.IAnnotationModelExtension;
import org.eclipse.jface.text.source.projection.ProjectionAnnotation;
import org.eclipse.jface.text.source.projection.ProjectionAnnotationModel;
import org.eclipse.jface.text.source.projection.ProjectionViewer;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.xtext.ide.editor.folding.FoldingRange;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.Issue;

import io.sextant.dsl.ide.SegLanguageServices;
import io.sextant.dsl.ide.SegLanguageServices.OutlineEntry;
import io.sextant.dsl.ide.SegLanguageServices.StyledRange;
import io.sextant.dsl.ide.SegProject;
import io.sextant.ui.editor.internal.model.LanguageWork;
import io.sextant.ui.editor.internal.model.ProjectModel;
import io.sextant.ui.editor.internal.model.SegLanguage;

/**
 * Validates the editor's text as it is typed, in a background job, and shows the outcome when it is still
 * the text on screen: problem annotations (squiggles, ruler, overview ruler), syntax and semantic colours,
 * the outline and folding. Nothing of the language runs on the UI thread; the UI thread only applies results.
 */
public final class SegReconciler implements IDocumentListener, ITextInputListener, IViewportListener {

    /** Quiet time after a keystroke before validating: typing a word validates once. */
    public static final long DELAY_MILLIS = 60;

    /** The text at one moment, with the document's modification stamp then. */
    public record Snapshot(String text, long stamp) {
    }

    /** A parsed text of the editor (the project's resource for the file at that stamp). */
    public record Parsed(XtextResource resource, long stamp) {
    }

    /** What one validation found, for the text of its stamp. */
    public record Result(long stamp, List<Issue> issues, List<StyleRange> styles, List<OutlineEntry> outline,
            List<Position> folds, long startedAtNanos) {
    }

    private final SegEditor editor;
    private final URI uri;
    private final ProjectModel model;
    private final Runnable projectChanged = this::schedule;
    private final List<java.util.function.Consumer<Result>> appliedListeners = new CopyOnWriteArrayList<>();
    private ProjectionViewer viewer;
    private IDocument document;
    private volatile Snapshot latest;
    private volatile Parsed parsed;
    private volatile Result applied;
    private volatile long firstUnvalidatedEditNanos;
    private final Job job;

    SegReconciler(SegEditor editor, URI uri, ProjectModel model) {
        this.editor = editor;
        this.uri = uri;
        this.model = model;
        this.job = Job.create("Validating " + uri.lastSegment(), this::run);
        job.setSystem(true);
        job.setPriority(Job.INTERACTIVE);
    }

    void install(ProjectionViewer viewer) {
        this.viewer = viewer;
        viewer.addTextInputListener(this);
        viewer.addViewportListener(this);
        model.addListener(projectChanged);
        setDocument(viewer.getDocument());
    }

    void uninstall() {
        model.removeListener(projectChanged);
        job.cancel();
        if (viewer != null) {
            viewer.removeTextInputListener(this);
            viewer.removeViewportListener(this);
        }
        setDocument(null);
        model.closeWorkingCopy(uri);
    }

    /** The text as last typed (kept on every change, so background work never reads the document itself). */
    public Snapshot latest() {
        return latest;
    }

    public Result applied() {
        return applied;
    }

    public URI uri() {
        return uri;
    }

    public ProjectModel model() {
        return model;
    }

    /** Tests and benchmarks listen to know when a validation's results are on screen. */
    public void addAppliedListener(java.util.function.Consumer<Result> listener) {
        appliedListeners.add(listener);
    }

    public void removeAppliedListener(java.util.function.Consumer<Result> listener) {
        appliedListeners.remove(listener);
    }

    /** The resource of the snapshot's text, parsed now if needed. Call under the model's lock. */
    public XtextResource resourceOf(SegProject files, Snapshot snapshot) {
        Parsed current = parsed;
        if (current != null && current.stamp() == snapshot.stamp() && files.get(uri) == current.resource()) {
            return current.resource();
        }
        model.openWorkingCopy(uri);
        XtextResource resource = LanguageWork.run("parse " + uri.lastSegment(), () -> files.put(uri, snapshot.text()));
        parsed = new Parsed(resource, snapshot.stamp());
        return resource;
    }

    /** The parsed text if it is the text on screen now (for the UI thread, which must not parse). */
    public XtextResource currentParsed() {
        Parsed current = parsed;
        Snapshot now = latest;
        return current != null && now != null && current.stamp() == now.stamp() ? current.resource() : null;
    }

    private void setDocument(IDocument newDocument) {
        if (document != null) {
            document.removeDocumentListener(this);
        }
        document = newDocument;
        if (document != null) {
            document.addDocumentListener(this);
            latest = snapshot(document);
            firstUnvalidatedEditNanos = System.nanoTime();
            job.schedule();
        }
    }

    private static Snapshot snapshot(IDocument document) {
        long stamp = document instanceof IDocumentExtension4 d4 ? d4.getModificationStamp() : System.nanoTime();
        return new Snapshot(document.get(), stamp);
    }

    @Override
    public void documentAboutToBeChanged(DocumentEvent event) {
    }

    @Override
    public void documentChanged(DocumentEvent event) {
        latest = snapshot(event.getDocument());
        if (firstUnvalidatedEditNanos == 0) {
            firstUnvalidatedEditNanos = System.nanoTime();
        }
        job.cancel();
        job.schedule(DELAY_MILLIS);
    }

    @Override
    public void inputDocumentAboutToBeChanged(IDocument oldInput, IDocument newInput) {
    }

    @Override
    public void inputDocumentChanged(IDocument oldInput, IDocument newInput) {
        setDocument(newInput);
    }

    /** Validates again (another file of the project changed: references may now resolve, or not). */
    void schedule() {
        if (document != null) {
            job.schedule(DELAY_MILLIS);
        }
    }

    private IStatus run(IProgressMonitor monitor) {
        Snapshot snapshot = latest;
        if (snapshot == null) {
            return Status.OK_STATUS;
        }
        long started = firstUnvalidatedEditNanos;
        CancelIndicator cancel = () -> monitor.isCanceled() || latest != snapshot;
        SegLanguageServices services = SegLanguage.services();
        Result result;
        try {
            result = compute(snapshot, started, cancel, services);
        } catch (org.eclipse.xtext.service.OperationCanceledError | org.eclipse.core.runtime.OperationCanceledException e) {
            return Status.CANCEL_STATUS; // typed again meanwhile: the job runs again for the new text
        }
        if (result == null || cancel.isCanceled()) {
            return Status.CANCEL_STATUS;
        }
        var control = viewer == null ? null : viewer.getTextWidget();
        if (control != null && !control.isDisposed()) {
            control.getDisplay().asyncExec(() -> apply(result));
        }
        return Status.OK_STATUS;
    }

    private Result compute(Snapshot snapshot, long started, CancelIndicator cancel, SegLanguageServices services) {
        return model.locked(files -> {
            if (cancel.isCanceled()) {
                return null;
            }
            XtextResource resource = resourceOf(files, snapshot);
            return LanguageWork.run("validate " + uri.lastSegment(), () -> {
                List<Issue> issues = services.validate(resource, cancel);
                if (cancel.isCanceled()) {
                    return null;
                }
                List<StyleRange> styles = styles(snapshot.text(), services.lexicalHighlighting(snapshot.text()),
                        services.semanticHighlighting(resource, cancel));
                List<OutlineEntry> outline = services.outline(resource);
                List<Position> folds = new ArrayList<>();
                for (FoldingRange range : services.folding(resource, cancel)) {
                    folds.add(foldPosition(snapshot.text(), range));
                }
                return new Result(snapshot.stamp(), issues, styles, outline, folds, started);
            });
        });
    }

    /** A fold from the start of its first line to the end of its last line (folding hides whole lines). */
    private static Position foldPosition(String text, FoldingRange range) {
        int start = text.lastIndexOf('\n', Math.max(0, range.getOffset() - 1)) + 1;
        if (range.getOffset() == 0) {
            start = 0;
        }
        int end = range.getOffset() + range.getLength();
        int newline = text.indexOf('\n', Math.max(end - 1, 0));
        end = newline < 0 ? text.length() : newline + 1;
        return new Position(start, end - start);
    }

    /** Lexical styles with the semantic ones laid over them, sorted, without plain-text ranges. */
    static List<StyleRange> styles(String text, List<StyledRange> lexical, List<StyledRange> semantic) {
        TreeMap<Integer, StyledRange> overlay = new TreeMap<>();
        for (StyledRange range : semantic) {
            overlay.put(range.offset(), range);
        }
        List<StyleRange> styles = new ArrayList<>();
        int position = 0;
        for (StyledRange token : lexical) {
            int tokenEnd = token.offset() + token.length();
            int start = Math.max(token.offset(), position);
            while (start < tokenEnd) {
                Map.Entry<Integer, StyledRange> over = overlay.ceilingEntry(start);
                if (over != null && over.getKey() < tokenEnd) {
                    StyledRange semanticRange = over.getValue();
                    add(styles, start, semanticRange.offset() - start, token.style());
                    add(styles, semanticRange.offset(), semanticRange.length(), semanticRange.style());
                    start = semanticRange.offset() + semanticRange.length();
                    position = start;
                } else {
                    add(styles, start, tokenEnd - start, token.style());
                    start = tokenEnd;
                    position = tokenEnd;
                }
            }
        }
        return styles;
    }

    private static void add(List<StyleRange> styles, int offset, int length, String style) {
        if (length <= 0 || SegStyles.isDefault(style)) {
            return;
        }
        TextAttribute attribute = SegStyles.of(style);
        StyleRange range = new StyleRange(offset, length, attribute.getForeground(), attribute.getBackground(),
                attribute.getStyle());
        styles.add(range);
    }

    // ------------------------------------------------------------------ on the UI thread

    private void apply(Result result) {
        if (document == null || latest == null || latest.stamp() != result.stamp()
                || viewer.getTextWidget() == null || viewer.getTextWidget().isDisposed()) {
            return; // typed since: the next validation's results will come
        }
        // timed step by step, so that a slow step is named
        LanguageWork.apply("show the problem annotations", () -> applyAnnotations(result.issues()));
        applied = result;
        LanguageWork.apply("colour the lines on screen", this::applyStylesToVisibleLines);
        LanguageWork.apply("update the folding regions", () -> applyFolding(result.folds()));
        LanguageWork.apply("update the outline", () -> editor.outlineChanged(result.outline()));
        firstUnvalidatedEditNanos = 0;
        appliedListeners.forEach(listener -> listener.accept(result));
    }

    private void applyAnnotations(List<Issue> issues) {
        IAnnotationModel annotations = editor.getDocumentProvider().getAnnotationModel(editor.getEditorInput());
        if (annotations == null) {
            return;
        }
        List<Annotation> old = new ArrayList<>();
        for (Iterator<Annotation> it = annotations.getAnnotationIterator(); it.hasNext();) {
            Annotation annotation = it.next();
            if (annotation instanceof IssueAnnotation) {
                old.add(annotation);
            }
        }
        Map<Annotation, Position> added = new HashMap<>();
        int length = document.getLength();
        for (Issue issue : issues) {
            int offset = issue.getOffset() == null ? 0 : Math.min(issue.getOffset(), length);
            int size = issue.getLength() == null ? 0 : Math.min(issue.getLength(), length - offset);
            added.put(new IssueAnnotation(issue.getSeverity(), issue.getMessage(), issue.getCode(), issue.getData()),
                    new Position(offset, size));
        }
        if (annotations instanceof IAnnotationModelExtension extension) {
            extension.replaceAnnotations(old.toArray(Annotation[]::new), added);
        } else {
            old.forEach(annotations::removeAnnotation);
            added.forEach(annotations::addAnnotation);
        }
    }

    /** Styles only the lines on screen (cheap); scrolling styles the lines that come into view. */
    private void applyStylesToVisibleLines() {
        Result result = applied;
        if (result == null || latest == null || latest.stamp() != result.stamp() || result.styles().isEmpty()) {
            return;
        }
        StyledText text = viewer.getTextWidget();
        int top = viewer.getTopIndexStartOffset();
        int bottom = viewer.getBottomIndexEndOffset();
        // a screen above and below as well, so that small scrolls need nothing
        int visible = Math.max(bottom - top, 1);
        int from = Math.max(0, top - visible);
        int to = Math.min(document.getLength(), bottom + visible);
        List<StyleRange> styles = result.styles();
        int low = 0;
        int high = styles.size();
        while (low < high) { // the first range starting at or after 'from'
            int middle = (low + high) >>> 1;
            if (styles.get(middle).start < from) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        int first = low;
        if (first > 0 && styles.get(first - 1).start + styles.get(first - 1).length > from) {
            first--;
        }
        TextPresentation presentation = new TextPresentation();
        for (int i = first; i < styles.size() && styles.get(i).start < to; i++) {
            presentation.addStyleRange((StyleRange) styles.get(i).clone());
        }
        if (!presentation.isEmpty() && text != null && !text.isDisposed()) {
            viewer.changeTextPresentation(presentation, false);
        }
    }

    private void applyFolding(List<Position> folds) {
        ProjectionAnnotationModel projection = viewer.getProjectionAnnotationModel();
        if (projection == null) {
            return;
        }
        Map<String, Annotation> existing = new HashMap<>();
        for (Iterator<Annotation> it = projection.getAnnotationIterator(); it.hasNext();) {
            Annotation annotation = it.next();
            Position position = projection.getPosition(annotation);
            if (position != null) {
                existing.put(position.getOffset() + ":" + position.getLength(), annotation);
            }
        }
        Map<Annotation, Position> additions = new HashMap<>();
        for (Position fold : folds) {
            if (existing.remove(fold.getOffset() + ":" + fold.getLength()) == null) {
                additions.put(new ProjectionAnnotation(), fold);
            }
        }
        if (!existing.isEmpty() || !additions.isEmpty()) {
            projection.modifyAnnotations(existing.values().toArray(Annotation[]::new), additions, null);
        }
    }

    @Override
    public void viewportChanged(int verticalOffset) {
        LanguageWork.apply("style lines scrolled into view", this::applyStylesToVisibleLines);
    }
}
