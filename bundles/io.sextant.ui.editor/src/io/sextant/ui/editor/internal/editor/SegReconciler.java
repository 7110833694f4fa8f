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
import org.eclipse.jface.text.ITextPresentationListener;
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
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.Issue;

import io.sextant.dsl.ide.SegLanguageServices;
import io.sextant.dsl.ide.SegLanguageServices.OutlineEntry;
import io.sextant.dsl.ide.SegLanguageServices.StyledRange;
import io.sextant.dsl.context.ProjectContext;
import io.sextant.dsl.ide.IncrementalHighlighting;
import io.sextant.dsl.ide.IncrementalValidation;
import io.sextant.dsl.ide.SegProject;
import io.sextant.dsl.ide.highlighting.SegSemanticHighlightingCalculator;
import io.sextant.ui.editor.internal.model.LanguageWork;
import io.sextant.ui.editor.internal.model.ProjectModel;
import io.sextant.ui.editor.internal.model.SegLanguage;

/**
 * Validates the editor's text as it is typed, in a background job, and shows the outcome when it is still
 * the text on screen: problem annotations (squiggles, ruler, overview ruler), syntax and semantic colours,
 * the outline and folding. Nothing of the language runs on the UI thread; the UI thread only applies results.
 */
public final class SegReconciler implements IDocumentListener, ITextInputListener {

    /** Quiet time after a keystroke before validating: typing a word validates once. */
    public static final long DELAY_MILLIS = 50;

    /** The text at one moment, with the document's modification stamp then. */
    public record Snapshot(String text, long stamp) {
    }

    /** A parsed text of the editor (the project's resource for the file at that stamp, and that text). */
    public record Parsed(XtextResource resource, long stamp, String text) {
    }

    /** What validation reads outside the file: when it changes, the whole file is validated again. */
    private record Environment(long otherFilesChanges, Object catalog, Object versions) {
    }

    /** A change bigger than this is parsed as a whole file (partial parsing pays off for typing, not for pastes). */
    private static final int PARTIAL_PARSE_LIMIT = 10_000;

    /** What one validation found, for the text of its stamp. */
    public record Result(long stamp, List<Issue> issues, List<StyleRange> styles, List<StyledRange> names,
            List<OutlineEntry> outline, List<Position> folds, long startedAtNanos) {
    }

    private final SegEditor editor;
    private final URI uri;
    private final ProjectModel model;
    private final Runnable projectChanged = this::schedule;
    private final List<java.util.function.Consumer<Result>> appliedListeners = new CopyOnWriteArrayList<>();
    private final List<java.util.function.Consumer<Long>> problemsListeners = new CopyOnWriteArrayList<>();
    private ProjectionViewer viewer;
    private IDocument document;
    private volatile Snapshot latest;
    private volatile Parsed parsed;
    private volatile Result applied;
    private volatile long firstUnvalidatedEditNanos;
    private final Job job;
    /** Validates again only what an edit can have changed; used under the model's lock. */
    private IncrementalValidation validation;
    /** Colours again only the definitions whose text changed; used under the model's lock. */
    private IncrementalHighlighting highlighting;
    private final ITextPresentationListener semanticColours = this::addSemanticColours;

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
        viewer.addTextPresentationListener(semanticColours);
        model.addListener(projectChanged);
        setDocument(viewer.getDocument());
    }

    void uninstall() {
        model.removeListener(projectChanged);
        job.cancel();
        if (viewer != null) {
            viewer.removeTextInputListener(this);
            viewer.removeTextPresentationListener(semanticColours);
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
        XtextResource resource = null;
        if (current != null && files.get(uri) == current.resource()) {
            resource = LanguageWork.run("parse the changed part " + uri.lastSegment(),
                    () -> parseChange(files, current.text(), snapshot.text()));
        }
        if (resource == null) {
            validation().forget();
            XtextResource loaded = files.get(uri);
            var root = loaded == null || loaded.getParseResult() == null ? null : loaded.getParseResult().getRootNode();
            if (current == null && root != null && snapshot.text().equals(root.getText())) {
                resource = loaded; // just opened: the project parsed the saved text, which is the text on screen
            } else {
                resource = LanguageWork.run("parse " + uri.lastSegment(), () -> files.put(uri, snapshot.text()));
            }
        }
        parsed = new Parsed(resource, snapshot.stamp(), snapshot.text());
        return resource;
    }

    /**
     * Parses only the changed part of the text (Xtext's partial parsing of the smallest enclosing rule), or
     * returns null when the whole text is to be parsed: a large change, or a partial parse whose text is not
     * the new text.
     */
    private XtextResource parseChange(SegProject files, String before, String after) {
        int prefix = 0;
        int max = Math.min(before.length(), after.length());
        while (prefix < max && before.charAt(prefix) == after.charAt(prefix)) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < max - prefix
                && before.charAt(before.length() - 1 - suffix) == after.charAt(after.length() - 1 - suffix)) {
            suffix++;
        }
        int replaced = before.length() - prefix - suffix;
        String inserted = after.substring(prefix, after.length() - suffix);
        if (replaced + inserted.length() > PARTIAL_PARSE_LIMIT) {
            return null;
        }
        try {
            XtextResource resource = files.update(uri, prefix, replaced, inserted);
            var root = resource.getParseResult() == null ? null : resource.getParseResult().getRootNode();
            return root != null && after.equals(root.getText()) ? resource : null;
        } catch (RuntimeException e) {
            // partial parsing gave up on this change: the whole text is parsed instead
            return null;
        }
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
            String name = uri.lastSegment();
            ProjectContext context = SegLanguage.contexts().contextFor(uri);
            Environment environment = new Environment(files.changesOfOthers(uri), context.catalog().orElse(null),
                    context.versions());
            long validating = System.nanoTime();
            List<Issue> issues = validation().validate(resource, environment, cancel);
            // named by how much it validated, so that the benchmark shows how often everything was validated
            LanguageWork.record(validation().lastValidated() >= validation().lastDefinitions() ? "validate every definition"
                    : "validate the changed definitions", System.nanoTime() - validating);
            if (issues == null || cancel.isCanceled()) {
                return null;
            }
            // the problems go on screen at once; colours, outline and folds follow when computed
            var control = viewer == null ? null : viewer.getTextWidget();
            if (control != null && !control.isDisposed()) {
                control.getDisplay().asyncExec(() -> applyProblems(snapshot.stamp(), issues));
            }
            List<StyledRange> semantic = LanguageWork.run("semantic colours " + name,
                    () -> highlighting().highlight(resource, cancel));
            if (semantic == null || cancel.isCanceled()) {
                return null;
            }
            // a name that does not resolve (unknown event, property or definition) is not coloured as a valid one
            List<StyleRange> styles = semanticStyles(withoutUnresolved(semantic, issues));
            // declared names and references, for mark occurrences
            List<StyledRange> names = semantic.stream().filter(range -> range.style().contains(SegSemanticHighlightingCalculator.DEFINITION)
                    || range.style().contains(SegSemanticHighlightingCalculator.REFERENCE)).toList();
            List<OutlineEntry> outline = LanguageWork.run("outline " + name, () -> services.outline(resource));
            List<Position> folds = LanguageWork.run("folding " + name, () -> folds(snapshot.text(), outline));
            return new Result(snapshot.stamp(), issues, styles, names, outline, folds, started);
        });
    }

    /** Made on first use, in the background: the language's services take a second to start. Under the model's lock. */
    private IncrementalValidation validation() {
        if (validation == null) {
            validation = SegLanguage.services().newIncrementalValidation();
        }
        return validation;
    }

    /** Made on first use, like the validation. Under the model's lock. */
    private IncrementalHighlighting highlighting() {
        if (highlighting == null) {
            highlighting = SegLanguage.services().newIncrementalHighlighting();
        }
        return highlighting;
    }

    /** How many definitions the last validation validated, of how many (the others kept their issues). */
    public String lastValidated() {
        IncrementalValidation current = validation;
        return current == null ? "none" : current.lastValidated() + " of " + current.lastDefinitions();
    }

    /**
     * A fold for every definition that spans more than one line, from the outline's regions (Xtext's folding
     * provider walks every node of the file and took a seventh of a second on a 1,000-definition file).
     */
    private static List<Position> folds(String text, List<OutlineEntry> outline) {
        List<Position> folds = new ArrayList<>();
        for (OutlineEntry entry : outline) {
            int end = Math.min(text.length(), entry.offset() + entry.length());
            if (entry.offset() >= 0 && text.indexOf('\n', entry.offset()) >= 0 && text.indexOf('\n', entry.offset()) < end) {
                folds.add(foldPosition(text, entry.offset(), entry.length()));
            }
        }
        return folds;
    }

    /** A fold from the start of its first line to the end of its last line (folding hides whole lines). */
    private static Position foldPosition(String text, int offset, int length) {
        int start = offset == 0 ? 0 : text.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
        int end = offset + length;
        int newline = text.indexOf('\n', Math.max(end - 1, 0));
        end = newline < 0 ? text.length() : newline + 1;
        return new Position(start, end - start);
    }

    /**
     * The semantic ranges without those an error covers exactly or contains (an unknown event, property or
     * attribute, a reference that does not resolve): they keep the lexer's colour, not that of a valid name.
     */
    static List<StyledRange> withoutUnresolved(List<StyledRange> semantic, List<Issue> issues) {
        List<int[]> errors = new ArrayList<>();
        for (Issue issue : issues) {
            if (issue.getSeverity() == org.eclipse.xtext.diagnostics.Severity.ERROR && issue.getOffset() != null
                    && issue.getLength() != null && issue.getLength() > 0) {
                errors.add(new int[] { issue.getOffset(), issue.getOffset() + issue.getLength() });
            }
        }
        if (errors.isEmpty()) {
            return semantic;
        }
        List<StyledRange> kept = new ArrayList<>(semantic.size());
        for (StyledRange range : semantic) {
            boolean name = range.style().contains(SegSemanticHighlightingCalculator.EVENT)
                    || range.style().contains(SegSemanticHighlightingCalculator.PROPERTY)
                    || range.style().contains(SegSemanticHighlightingCalculator.REFERENCE);
            int start = range.offset();
            int end = range.offset() + range.length();
            if (!name || errors.stream().noneMatch(e -> e[0] <= start && end <= e[1] && e[1] - e[0] <= 2 * (end - start) + 2)) {
                kept.add(range);
            }
        }
        return kept;
    }

    /** The semantic styles as style ranges, sorted by offset, without plain-text ranges. */
    static List<StyleRange> semanticStyles(List<StyledRange> semantic) {
        List<StyleRange> styles = new ArrayList<>();
        for (StyledRange range : semantic) {
            add(styles, range.offset(), range.length(), range.style());
        }
        styles.sort(java.util.Comparator.comparingInt(range -> range.start));
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

    /** Shows the problems of a validation before its colours, outline and folds are computed. */
    private void applyProblems(long stamp, List<Issue> issues) {
        if (document == null || latest == null || latest.stamp() != stamp || viewer.getTextWidget() == null
                || viewer.getTextWidget().isDisposed()) {
            return;
        }
        LanguageWork.apply("show the problem annotations", () -> applyAnnotations(issues));
        problemsListeners.forEach(listener -> listener.accept(stamp));
    }

    /** Tests and benchmarks listen to know when the problems of a text (its stamp) are on screen. */
    public void addProblemsListener(java.util.function.Consumer<Long> listener) {
        problemsListeners.add(listener);
    }

    private void apply(Result result) {
        if (document == null || latest == null || latest.stamp() != result.stamp()
                || viewer.getTextWidget() == null || viewer.getTextWidget().isDisposed()) {
            return; // typed since: the next validation's results will come
        }
        // timed step by step, so that a slow step is named
        // nothing changes here when the problems were already shown for this text
        LanguageWork.apply("show the problem annotations", () -> applyAnnotations(result.issues()));
        applied = result;
        LanguageWork.apply("colour the lines on screen", this::repaintVisibleLines);
        LanguageWork.apply("update the folding regions", () -> applyFolding(result.folds()));
        LanguageWork.apply("update the outline", () -> editor.outlineChanged(result.outline()));
        LanguageWork.apply("mark occurrences", editor::resultApplied);
        firstUnvalidatedEditNanos = 0;
        appliedListeners.forEach(listener -> listener.accept(result));
    }

    /**
     * Changes only the annotations that changed: the annotation model moves the others with the text, so an
     * issue that is still there (same place, message, code and data) keeps its annotation. One batch.
     */
    private void applyAnnotations(List<Issue> issues) {
        IAnnotationModel annotations = editor.getDocumentProvider().getAnnotationModel(editor.getEditorInput());
        if (annotations == null) {
            return;
        }
        Map<String, List<Annotation>> existing = new HashMap<>();
        for (Iterator<Annotation> it = annotations.getAnnotationIterator(); it.hasNext();) {
            Annotation annotation = it.next();
            Position position = annotations.getPosition(annotation);
            if (annotation instanceof IssueAnnotation issue && position != null && !position.isDeleted()) {
                existing.computeIfAbsent(key(position.getOffset(), position.getLength(), issue.getType(),
                        issue.getText(), issue.code(), issue.data()), k -> new ArrayList<>()).add(annotation);
            } else if (annotation instanceof IssueAnnotation) {
                existing.computeIfAbsent("deleted", k -> new ArrayList<>()).add(annotation);
            }
        }
        Map<Annotation, Position> added = new HashMap<>();
        int length = document.getLength();
        for (Issue issue : issues) {
            int offset = issue.getOffset() == null ? 0 : Math.min(issue.getOffset(), length);
            int size = issue.getLength() == null ? 0 : Math.max(0, Math.min(issue.getLength(), length - offset));
            IssueAnnotation annotation = new IssueAnnotation(issue.getSeverity(), issue.getMessage(), issue.getCode(),
                    issue.getData());
            List<Annotation> same = existing.get(key(offset, size, annotation.getType(), annotation.getText(),
                    annotation.code(), annotation.data()));
            if (same != null && !same.isEmpty()) {
                same.remove(same.size() - 1); // still there: kept
            } else {
                added.put(annotation, new Position(offset, size));
            }
        }
        Annotation[] removed = existing.values().stream().flatMap(List::stream).toArray(Annotation[]::new);
        if (removed.length == 0 && added.isEmpty()) {
            return;
        }
        if (annotations instanceof IAnnotationModelExtension extension) {
            extension.replaceAnnotations(removed, added);
        } else {
            java.util.Arrays.stream(removed).forEach(annotations::removeAnnotation);
            added.forEach(annotations::addAnnotation);
        }
    }

    private static String key(int offset, int length, String type, String message, String code, String[] data) {
        return offset + ":" + length + ":" + type + ":" + code + ":" + message + ":"
                + (data == null ? "" : String.join("\u0000", data));
    }

    /**
     * Colours the lines on screen again: the platform's presentation reconciler lexes them and
     * {@link #addSemanticColours} lays the semantic colours over its presentation. Every later repaint
     * (scrolling, folding, typing) goes through the same listener, so nothing paints over them.
     */
    private void repaintVisibleLines() {
        Result result = applied;
        StyledText text = viewer.getTextWidget();
        if (result == null || result.styles().isEmpty() || text == null || text.isDisposed()) {
            return;
        }
        int top = viewer.getTopIndexStartOffset();
        int bottom = viewer.getBottomIndexEndOffset();
        int visible = Math.max(bottom - top, 1);
        int from = Math.max(0, top - visible);
        int to = Math.min(document.getLength(), bottom + visible);
        viewer.invalidateTextPresentation(from, to - from);
    }

    /** Lays the semantic colours of the last validation over a presentation being applied (model offsets). */
    private void addSemanticColours(TextPresentation presentation) {
        Result result = applied;
        Snapshot now = latest;
        if (result == null || now == null || result.stamp() != now.stamp() || result.styles().isEmpty()) {
            return; // typed since: the next validation colours again
        }
        org.eclipse.jface.text.IRegion extent = presentation.getExtent();
        if (extent == null) {
            return;
        }
        int from = extent.getOffset();
        int to = from + extent.getLength();
        List<StyleRange> styles = result.styles();
        int low = 0;
        int high = styles.size();
        while (low < high) { // the first range ending after 'from'
            int middle = (low + high) >>> 1;
            StyleRange range = styles.get(middle);
            if (range.start + range.length <= from) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        List<StyleRange> over = new ArrayList<>();
        for (int i = low; i < styles.size() && styles.get(i).start < to; i++) {
            StyleRange range = (StyleRange) styles.get(i).clone();
            int start = Math.max(range.start, from);
            int end = Math.min(range.start + range.length, to);
            if (end > start) {
                range.start = start;
                range.length = end - start;
                over.add(range);
            }
        }
        if (!over.isEmpty()) {
            // merged, not replaced: the underline a problem annotation put there (its squiggle) stays
            presentation.mergeStyleRanges(over.toArray(StyleRange[]::new));
        }
    }

    /**
     * Adds and removes only the folds whose lines changed. The projection model moves the others with the
     * text; comparing lines, not offsets, leaves it alone while typing within lines, because every change to
     * it makes the viewer colour the whole document again (1.4 s per keystroke on a 1,000-definition file).
     */
    private void applyFolding(List<Position> folds) {
        ProjectionAnnotationModel projection = viewer.getProjectionAnnotationModel();
        if (projection == null) {
            return;
        }
        Map<String, List<Annotation>> existing = new HashMap<>();
        List<Annotation> removed = new ArrayList<>();
        for (Iterator<Annotation> it = projection.getAnnotationIterator(); it.hasNext();) {
            Annotation annotation = it.next();
            Position position = projection.getPosition(annotation);
            String lines = position == null || position.isDeleted() ? null : lines(position);
            if (lines == null) {
                removed.add(annotation);
            } else {
                existing.computeIfAbsent(lines, k -> new ArrayList<>()).add(annotation);
            }
        }
        Map<Annotation, Position> additions = new HashMap<>();
        for (Position fold : folds) {
            String lines = lines(fold);
            List<Annotation> same = lines == null ? null : existing.get(lines);
            if (same != null && !same.isEmpty()) {
                same.remove(same.size() - 1);
            } else if (lines != null) {
                additions.put(new ProjectionAnnotation(), fold);
            }
        }
        existing.values().forEach(removed::addAll);
        if (!removed.isEmpty() || !additions.isEmpty()) {
            projection.modifyAnnotations(removed.toArray(Annotation[]::new), additions, null);
        }
    }

    /** The first and last line of a region of the document, or null when it is not inside the document. */
    private String lines(Position position) {
        try {
            int last = Math.max(position.getOffset(), position.getOffset() + position.getLength() - 1);
            return document.getLineOfOffset(position.getOffset()) + "-" + document.getLineOfOffset(last);
        } catch (org.eclipse.jface.text.BadLocationException e) {
            return null;
        }
    }


}
