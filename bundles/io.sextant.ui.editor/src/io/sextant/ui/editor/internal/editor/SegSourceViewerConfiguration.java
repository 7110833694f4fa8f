package io.sextant.ui.editor.internal.editor;

import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextHover;
import org.eclipse.jface.text.contentassist.ContentAssistant;
import org.eclipse.jface.text.contentassist.IContentAssistant;
import org.eclipse.jface.text.hyperlink.IHyperlinkDetector;
import org.eclipse.jface.text.presentation.IPresentationReconciler;
import org.eclipse.jface.text.presentation.PresentationReconciler;
import org.eclipse.jface.text.quickassist.IQuickAssistAssistant;
import org.eclipse.jface.text.quickassist.QuickAssistAssistant;
import org.eclipse.jface.text.reconciler.IReconciler;
import org.eclipse.jface.text.rules.DefaultDamagerRepairer;
import org.eclipse.jface.text.rules.RuleBasedScanner;
import org.eclipse.jface.text.rules.Token;
import org.eclipse.jface.text.source.DefaultAnnotationHover;
import org.eclipse.jface.text.source.IAnnotationHover;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.ui.editors.text.TextSourceViewerConfiguration;

/** How the segment editor's viewer is set up: colouring, content assist, hyperlinks, hover, quick fixes. */
final class SegSourceViewerConfiguration extends TextSourceViewerConfiguration {

    private final SegEditor editor;

    SegSourceViewerConfiguration(SegEditor editor, org.eclipse.jface.preference.IPreferenceStore store) {
        super(store);
        this.editor = editor;
    }

    @Override
    public String getConfiguredDocumentPartitioning(ISourceViewer sourceViewer) {
        return SegDocumentSetup.PARTITIONING;
    }

    @Override
    public String[] getConfiguredContentTypes(ISourceViewer sourceViewer) {
        return SegDocumentSetup.CONTENT_TYPES;
    }

    @Override
    public IPresentationReconciler getPresentationReconciler(ISourceViewer sourceViewer) {
        PresentationReconciler reconciler = new PresentationReconciler();
        reconciler.setDocumentPartitioning(SegDocumentSetup.PARTITIONING);
        DefaultDamagerRepairer code = new DefaultDamagerRepairer(new LexicalScanner());
        reconciler.setDamager(code, IDocument.DEFAULT_CONTENT_TYPE);
        reconciler.setRepairer(code, IDocument.DEFAULT_CONTENT_TYPE);
        DefaultDamagerRepairer comment = new DefaultDamagerRepairer(single("comment"));
        reconciler.setDamager(comment, SegDocumentSetup.COMMENT);
        reconciler.setRepairer(comment, SegDocumentSetup.COMMENT);
        DefaultDamagerRepairer string = new DefaultDamagerRepairer(single("string"));
        reconciler.setDamager(string, SegDocumentSetup.STRING);
        reconciler.setRepairer(string, SegDocumentSetup.STRING);
        return reconciler;
    }

    private static RuleBasedScanner single(String style) {
        RuleBasedScanner scanner = new RuleBasedScanner();
        scanner.setDefaultReturnToken(new Token(SegStyles.of(style)));
        return scanner;
    }

    /** The editor validates in its own job ({@link SegReconciler}); the platform's spelling reconciler is not wanted. */
    @Override
    public IReconciler getReconciler(ISourceViewer sourceViewer) {
        return null;
    }

    @Override
    public IContentAssistant getContentAssistant(ISourceViewer sourceViewer) {
        // asynchronous: proposals are computed away from the UI thread
        ContentAssistant assistant = new ContentAssistant(true);
        assistant.setDocumentPartitioning(SegDocumentSetup.PARTITIONING);
        SegCompletionProcessor processor = new SegCompletionProcessor(editor);
        for (String type : SegDocumentSetup.CONTENT_TYPES) {
            assistant.setContentAssistProcessor(processor, type);
        }
        assistant.enableAutoActivation(false);
        assistant.enableAutoInsert(false);
        assistant.setShowEmptyList(true);
        assistant.setStatusLineVisible(true);
        assistant.setStatusMessage("Keywords, definitions of the project, catalog events and properties");
        assistant.setInformationControlCreator(getInformationControlCreator(sourceViewer));
        return assistant;
    }

    @Override
    public IQuickAssistAssistant getQuickAssistAssistant(ISourceViewer sourceViewer) {
        QuickAssistAssistant assistant = new QuickAssistAssistant();
        assistant.setQuickAssistProcessor(new SegQuickAssistProcessor(editor));
        assistant.setInformationControlCreator(getInformationControlCreator(sourceViewer));
        return assistant;
    }

    @Override
    public IHyperlinkDetector[] getHyperlinkDetectors(ISourceViewer sourceViewer) {
        IHyperlinkDetector[] platform = super.getHyperlinkDetectors(sourceViewer);
        IHyperlinkDetector[] all = new IHyperlinkDetector[(platform == null ? 0 : platform.length) + 1];
        all[0] = new SegHyperlinkDetector(editor);
        if (platform != null) {
            System.arraycopy(platform, 0, all, 1, platform.length);
        }
        return all;
    }

    @Override
    public ITextHover getTextHover(ISourceViewer sourceViewer, String contentType) {
        return new SegTextHover(editor);
    }

    @Override
    public IAnnotationHover getAnnotationHover(ISourceViewer sourceViewer) {
        return new DefaultAnnotationHover();
    }

    @Override
    public String[] getDefaultPrefixes(ISourceViewer sourceViewer, String contentType) {
        return new String[] { "//", "" };
    }

    @Override
    public String[] getIndentPrefixes(ISourceViewer sourceViewer, String contentType) {
        return new String[] { "    ", "\t", "" };
    }

    @Override
    public int getTabWidth(ISourceViewer sourceViewer) {
        return 4;
    }
}
