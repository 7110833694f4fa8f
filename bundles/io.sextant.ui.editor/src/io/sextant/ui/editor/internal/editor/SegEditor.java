package io.sextant.ui.editor.internal.editor;

import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.jface.text.source.DefaultCharacterPairMatcher;
import org.eclipse.jface.text.source.ICharacterPairMatcher;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.jface.text.source.IVerticalRuler;
import org.eclipse.jface.text.source.projection.ProjectionSupport;
import org.eclipse.jface.text.source.projection.ProjectionViewer;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IFileEditorInput;
import org.eclipse.ui.editors.text.TextEditor;
import org.eclipse.ui.texteditor.ITextEditorActionDefinitionIds;
import org.eclipse.ui.texteditor.SourceViewerDecorationSupport;
import org.eclipse.ui.views.contentoutline.IContentOutlinePage;

import io.sextant.dsl.ide.SegLanguageServices.OutlineEntry;
import io.sextant.ui.editor.SegEditors;
import io.sextant.ui.editor.internal.model.LanguageWork;
import io.sextant.ui.editor.internal.model.SegFiles;
import io.sextant.ui.editor.internal.model.SegLanguage;
import io.sextant.ui.editor.internal.model.SegWorkspace;

/**
 * The .seg editor: the platform's text editor with the language's colouring, validation as you type, content
 * assist, hyperlinks and F3, hover, quick fixes, folding, outline, format, toggle comment and bracket matching.
 */
public final class SegEditor extends TextEditor {

    private static final String MATCHING_BRACKETS = "io.sextant.ui.editor.matchingBrackets";
    private static final String MATCHING_BRACKETS_COLOR = "io.sextant.ui.editor.matchingBracketsColor";

    private SegReconciler reconciler;
    private SegOutlinePage outline;
    private List<OutlineEntry> outlineEntries = List.of();
    private ProjectionSupport projection;
    private MarkOccurrences occurrences;
    private SegmentSizes sizes;

    public SegEditor() {
        LanguageWork.setUiThread(Thread.currentThread());
        // the injector takes a second to build: build it now, away from the UI thread
        Job warm = Job.create("Starting the segment language", monitor -> {
            SegLanguage.services();
            return Status.OK_STATUS;
        });
        warm.setSystem(true);
        warm.schedule();
    }

    @Override
    protected void initializeEditor() {
        super.initializeEditor();
        setSourceViewerConfiguration(new SegSourceViewerConfiguration(this, getPreferenceStore()));
        setKeyBindingScopes(new String[] { "io.sextant.ui.editor.context" });
        getPreferenceStore().setDefault(MATCHING_BRACKETS, true);
        getPreferenceStore().setDefault(MATCHING_BRACKETS_COLOR, "128,128,128");
    }

    @Override
    protected ISourceViewer createSourceViewer(Composite parent, IVerticalRuler ruler, int styles) {
        fAnnotationAccess = getAnnotationAccess();
        fOverviewRuler = createOverviewRuler(getSharedColors());
        ProjectionViewer viewer = new ProjectionViewer(parent, ruler, getOverviewRuler(), isOverviewRulerVisible(), styles);
        getSourceViewerDecorationSupport(viewer);
        return viewer;
    }

    @Override
    public void createPartControl(Composite parent) {
        super.createPartControl(parent);
        ProjectionViewer viewer = (ProjectionViewer) getSourceViewer();
        projection = new ProjectionSupport(viewer, getAnnotationAccess(), getSharedColors());
        projection.addSummarizableAnnotationType(IssueAnnotation.ERROR);
        projection.addSummarizableAnnotationType(IssueAnnotation.WARNING);
        projection.install();
        viewer.doOperation(ProjectionViewer.TOGGLE);
        IEditorInput input = getEditorInput();
        if (input instanceof IFileEditorInput fileInput) {
            IFile file = fileInput.getFile();
            reconciler = new SegReconciler(this, SegFiles.uri(file), SegWorkspace.get().model(file.getProject()));
            reconciler.install(viewer);
            // each segment's size above it, counted when the file is opened and each time it is saved
            sizes = new SegmentSizes(this, file.getProject().getLocation() == null ? null
                    : file.getProject().getLocation().toFile().toPath());
            viewer.setCodeMiningProviders(new org.eclipse.jface.text.codemining.ICodeMiningProvider[] { sizes });
            sizes.count();
        }
        viewer.prependVerifyKeyListener(new AutoClose(viewer));
        StyledText text = viewer.getTextWidget();
        occurrences = new MarkOccurrences(this);
        text.addCaretListener(event -> {
            occurrences.update(viewer.widgetOffset2ModelOffset(event.caretOffset));
            if (outline != null) {
                outline.reveal(viewer.widgetOffset2ModelOffset(event.caretOffset));
            }
        });
    }

    @Override
    protected void configureSourceViewerDecorationSupport(SourceViewerDecorationSupport support) {
        support.setCharacterPairMatcher(new DefaultCharacterPairMatcher(new char[] { '{', '}', '(', ')', '[', ']' },
                org.eclipse.jface.text.IDocumentExtension3.DEFAULT_PARTITIONING, true));
        support.setMatchingCharacterPainterPreferenceKeys(MATCHING_BRACKETS, MATCHING_BRACKETS_COLOR);
        super.configureSourceViewerDecorationSupport(support);
    }

    @Override
    protected void createActions() {
        super.createActions();
        setAction("ContentAssistProposal", action("Content Assist", ITextEditorActionDefinitionIds.CONTENT_ASSIST_PROPOSALS,
                () -> ((org.eclipse.jface.text.ITextOperationTarget) getSourceViewer())
                        .doOperation(ISourceViewer.CONTENTASSIST_PROPOSALS)));

        setAction("SegFormat", action("Format", SegEditors.FORMAT_COMMAND, this::format));
        setAction("SegToggleComment", action("Toggle Comment", SegEditors.TOGGLE_COMMENT_COMMAND, this::toggleComment));
        setAction("SegOpenDeclaration", action("Open Declaration", SegEditors.OPEN_DECLARATION_COMMAND, this::openDeclaration));
        setAction("SegCompare", action("Compare with Previous Version", SegEditors.COMPARE_COMMAND,
                () -> CompareWithPrevious.run(this)));
        setAction("SegShowSql", action("Show SQL", SegEditors.SHOW_SQL_COMMAND, () -> ShowSqlDialog.open(this)));
    }

    private static Action action(String text, String command, Runnable run) {
        Action action = new Action(text) {
            @Override
            public void run() {
                run.run();
            }
        };
        action.setActionDefinitionId(command);
        return action;
    }

    @Override
    public <T> T getAdapter(Class<T> adapter) {
        if (adapter == IContentOutlinePage.class) {
            if (outline == null || outline.getControl() == null || outline.getControl().isDisposed()) {
                outline = new SegOutlinePage(this, outlineEntries);
            }
            return adapter.cast(outline);
        }
        if (projection != null) {
            T object = projection.getAdapter(getSourceViewer(), adapter);
            if (object != null) {
                return object;
            }
        }
        return super.getAdapter(adapter);
    }

    @Override
    public void dispose() {
        if (reconciler != null) {
            reconciler.uninstall();
            reconciler = null;
        }
        super.dispose();
    }

    /** The reconciler of the editor's text (null before the editor has its controls, or for a file outside the workspace). */
    public SegReconciler reconciler() {
        return reconciler;
    }

    public ISourceViewer viewer() {
        return getSourceViewer();
    }

    /** The text hover the viewer shows for the editor's text (tests ask it as the platform does: off the UI thread). */
    public org.eclipse.jface.text.ITextHover textHover() {
        return getSourceViewerConfiguration().getTextHover(getSourceViewer(),
                org.eclipse.jface.text.IDocument.DEFAULT_CONTENT_TYPE);
    }

    void outlineChanged(List<OutlineEntry> entries) {
        outlineEntries = entries;
        if (outline != null) {
            outline.setEntries(entries);
        }
    }

    /** A validation's results are on screen: the marked occurrences follow what is there now. */
    void resultApplied() {
        if (occurrences != null && getSourceViewer() != null) {
            occurrences.refresh(((ITextSelection) getSelectionProvider().getSelection()).getOffset());
        }
        if (sizes != null) {
            sizes.update(); // the segments' lines moved, or their text changed since they were counted
        }
    }

    @Override
    protected void editorSaved() {
        super.editorSaved();
        if (sizes != null) {
            sizes.count();
        }
    }

    /** What the line above the segment of that outline entry shows (null: nothing), for tests. */
    public String segmentSizeLabel(OutlineEntry entry) {
        IDocument document = getDocumentProvider().getDocument(getEditorInput());
        return sizes == null || document == null ? null : sizes.label(entry, document.get());
    }

    /** The places mark occurrences highlights now, sorted (for tests). */
    public List<org.eclipse.jface.text.Position> markedOccurrences() {
        return occurrences == null ? List.of() : occurrences.marked();
    }

    public List<OutlineEntry> outlineEntries() {
        return outlineEntries;
    }

    // ------------------------------------------------------------------ commands

    /** Ctrl+Shift+F: the formatter runs in a job; its text replaces the changed middle of the document (one undo). */
    public void format() {
        SegReconciler current = reconciler;
        if (current == null) {
            return;
        }
        SegReconciler.Snapshot snapshot = current.latest();
        Job job = Job.create("Formatting " + getEditorInput().getName(), monitor -> {
            String formatted = current.model().locked(files -> LanguageWork.run("format",
                    () -> SegLanguage.services().format(current.resourceOf(files, snapshot))));
            getSite().getShell().getDisplay().asyncExec(() -> {
                IDocument document = getDocumentProvider() == null ? null : getDocumentProvider().getDocument(getEditorInput());
                if (document == null || current.latest() != snapshot) {
                    return; // typed meanwhile: formatting an older text would lose the typing
                }
                LanguageWork.apply("replace the text with the formatted text", () -> replaceChanged(document, formatted));
            });
            return Status.OK_STATUS;
        });
        job.setPriority(Job.INTERACTIVE);
        job.schedule();
    }

    private static void replaceChanged(IDocument document, String formatted) {
        String text = document.get();
        int prefix = 0;
        int max = Math.min(text.length(), formatted.length());
        while (prefix < max && text.charAt(prefix) == formatted.charAt(prefix)) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < max - prefix
                && text.charAt(text.length() - 1 - suffix) == formatted.charAt(formatted.length() - 1 - suffix)) {
            suffix++;
        }
        if (prefix == text.length() && text.length() == formatted.length()) {
            return;
        }
        try {
            document.replace(prefix, text.length() - prefix - suffix,
                    formatted.substring(prefix, formatted.length() - suffix));
        } catch (BadLocationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Ctrl+/: comments the selected lines with // or, when all of them are commented, uncomments them. */
    public void toggleComment() {
        IDocument document = getDocumentProvider().getDocument(getEditorInput());
        ITextSelection selection = (ITextSelection) getSelectionProvider().getSelection();
        try {
            int first = document.getLineOfOffset(selection.getOffset());
            int last = document.getLineOfOffset(selection.getOffset() + selection.getLength());
            if (last > first && selection.getLength() > 0
                    && document.getLineOffset(last) == selection.getOffset() + selection.getLength()) {
                last--; // a selection ending at a line's start does not take that line
            }
            boolean allCommented = true;
            for (int line = first; line <= last; line++) {
                String text = lineText(document, line);
                if (!text.isBlank() && !text.stripLeading().startsWith("//")) {
                    allCommented = false;
                }
            }
            var rewrite = document instanceof org.eclipse.jface.text.IDocumentExtension4 d4
                    ? d4.startRewriteSession(org.eclipse.jface.text.DocumentRewriteSessionType.SEQUENTIAL) : null;
            try {
                for (int line = last; line >= first; line--) {
                    int offset = document.getLineOffset(line);
                    String text = lineText(document, line);
                    if (allCommented) {
                        int at = text.indexOf("//");
                        if (at >= 0) {
                            int length = text.startsWith("// ", at) ? 3 : 2;
                            document.replace(offset + at, length, "");
                        }
                    } else if (!text.isBlank() || first == last) {
                        document.replace(offset, 0, "// ");
                    }
                }
            } finally {
                if (rewrite != null) {
                    ((org.eclipse.jface.text.IDocumentExtension4) document).stopRewriteSession(rewrite);
                }
            }
        } catch (BadLocationException e) {
            // the selection is beyond the text: nothing to do
        }
    }

    private static String lineText(IDocument document, int line) throws BadLocationException {
        return document.get(document.getLineOffset(line), document.getLineLength(line))
                .replaceAll("[\\r\\n]+$", "");
    }

    /** F3: finds the definition in a job and opens it (in this file or another). */
    public void openDeclaration() {
        SegReconciler current = reconciler;
        if (current == null) {
            return;
        }
        SegReconciler.Snapshot snapshot = current.latest();
        int offset = ((ITextSelection) getSelectionProvider().getSelection()).getOffset();
        Job job = Job.create("Opening the declaration", monitor -> {
            var location = current.model().locked(files -> LanguageWork.run("find the definition",
                    () -> SegLanguage.services().definitionAt(current.resourceOf(files, snapshot), offset)));
            if (location.isPresent()) {
                getSite().getShell().getDisplay().asyncExec(() -> SegHyperlinkDetector.open(location.get()));
                return Status.OK_STATUS;
            }
            return new Status(IStatus.INFO, SegEditors.PLUGIN_ID, "No definition is referenced at the cursor");
        });
        job.setPriority(Job.INTERACTIVE);
        job.schedule();
    }
}
