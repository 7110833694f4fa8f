package io.sextant.ui.editor.internal.editor;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.Position;
import org.eclipse.jface.text.contentassist.ICompletionProposal;
import org.eclipse.jface.text.contentassist.IContextInformation;
import org.eclipse.jface.text.quickassist.IQuickAssistInvocationContext;
import org.eclipse.jface.text.quickassist.IQuickAssistProcessor;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.IAnnotationModel;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Point;

import io.sextant.ui.editor.internal.model.SegQuickFixes;
import io.sextant.ui.editor.internal.model.SegQuickFixes.Fix;

/** Quick fixes (Ctrl+1) for the problems on the caret's line that the language can fix. Text edits only. */
final class SegQuickAssistProcessor implements IQuickAssistProcessor {

    private final SegEditor editor;

    SegQuickAssistProcessor(SegEditor editor) {
        this.editor = editor;
    }

    @Override
    public String getErrorMessage() {
        return null;
    }

    @Override
    public boolean canFix(Annotation annotation) {
        return annotation instanceof IssueAnnotation issue && SegQuickFixes.isFixable(issue.code());
    }

    @Override
    public boolean canAssist(IQuickAssistInvocationContext invocationContext) {
        return false;
    }

    @Override
    public ICompletionProposal[] computeQuickAssistProposals(IQuickAssistInvocationContext context) {
        IDocument document = context.getSourceViewer().getDocument();
        IAnnotationModel annotations = context.getSourceViewer().getAnnotationModel();
        List<ICompletionProposal> proposals = new ArrayList<>();
        if (annotations == null) {
            return new ICompletionProposal[0];
        }
        try {
            int line = document.getLineOfOffset(context.getOffset());
            for (Iterator<Annotation> it = annotations.getAnnotationIterator(); it.hasNext();) {
                Annotation annotation = it.next();
                Position position = annotations.getPosition(annotation);
                if (!(annotation instanceof IssueAnnotation issue) || position == null || position.isDeleted()
                        || document.getLineOfOffset(position.getOffset()) != line) {
                    continue;
                }
                for (Fix fix : SegQuickFixes.fixes(document, issue.code(), issue.data(), position.getOffset(),
                        position.getLength())) {
                    proposals.add(new FixProposal(fix));
                }
            }
        } catch (BadLocationException e) {
            // the caret is beyond the text: nothing to fix
        }
        return proposals.toArray(ICompletionProposal[]::new);
    }

    private record FixProposal(Fix fix) implements ICompletionProposal {
        @Override
        public void apply(IDocument document) {
            try {
                fix.apply(document);
            } catch (BadLocationException e) {
                // the text changed under the proposal: nothing is applied
            }
        }

        @Override
        public Point getSelection(IDocument document) {
            return new Point(fix.offset() + fix.text().length(), 0);
        }

        @Override
        public String getAdditionalProposalInfo() {
            return null; // the label says it all; no second popup
        }

        @Override
        public String getDisplayString() {
            return fix.label();
        }

        @Override
        public Image getImage() {
            return null;
        }

        @Override
        public IContextInformation getContextInformation() {
            return null;
        }
    }
}
