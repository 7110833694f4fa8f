package io.sextant.ui.editor.internal.editor;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.contentassist.CompletionProposal;
import org.eclipse.jface.text.contentassist.ICompletionProposal;
import org.eclipse.jface.text.contentassist.IContentAssistProcessor;
import org.eclipse.jface.text.contentassist.IContextInformation;
import org.eclipse.jface.text.contentassist.IContextInformationValidator;
import org.eclipse.xtext.util.CancelIndicator;

import io.sextant.dsl.ide.SegLanguageServices.Proposal;
import io.sextant.ui.editor.internal.model.LanguageWork;
import io.sextant.ui.editor.internal.model.SegLanguage;

/**
 * Content assist from the language (keywords, definitions of every file of the project, catalog events and
 * properties with their types). The assistant is asynchronous: this runs on a worker thread.
 */
final class SegCompletionProcessor implements IContentAssistProcessor {

    private final SegEditor editor;
    private String error;

    SegCompletionProcessor(SegEditor editor) {
        this.editor = editor;
    }

    @Override
    public ICompletionProposal[] computeCompletionProposals(ITextViewer viewer, int offset) {
        error = null;
        SegReconciler reconciler = editor.reconciler();
        SegReconciler.Snapshot snapshot = reconciler == null ? null : reconciler.latest();
        if (snapshot == null || offset > snapshot.text().length()) {
            return new ICompletionProposal[0];
        }
        String text = snapshot.text();
        // in a string token, or at its start or end, the language is asked inside it: the proposal replaces it
        int at = CompletionRegion.assistOffset(text, offset);
        List<Proposal> proposals = reconciler.model().locked(files -> LanguageWork.run("complete",
                () -> SegLanguage.services().complete(reconciler.resourceOf(files, snapshot), at,
                        CancelIndicator.NullImpl)));
        List<ICompletionProposal> result = new ArrayList<>();
        for (Proposal proposal : proposals) {
            String prefix = proposal.prefix() == null ? "" : proposal.prefix();
            int start = at - prefix.length();
            if (start < 0 || !text.startsWith(prefix, start)) {
                continue;
            }
            int end = CompletionRegion.replaceEnd(text, start, at);
            String display = proposal.description() == null || proposal.description().isBlank() ? proposal.label()
                    : proposal.label() + " - " + proposal.description();
            // no additional information popup: the description is already in the line
            result.add(new CompletionProposal(proposal.text(), start, end - start, proposal.text().length(), null,
                    display, null, null));
        }
        // the templates of the constructs, between definitions
        result.addAll(SegTemplates.proposals(viewer.getDocument(), snapshot.text(), offset, editor.outlineEntries()));
        if (result.isEmpty()) {
            error = "Nothing to propose here";
        }
        return result.toArray(ICompletionProposal[]::new);
    }

    @Override
    public IContextInformation[] computeContextInformation(ITextViewer viewer, int offset) {
        return null;
    }

    @Override
    public char[] getCompletionProposalAutoActivationCharacters() {
        return null;
    }

    @Override
    public char[] getContextInformationAutoActivationCharacters() {
        return null;
    }

    @Override
    public String getErrorMessage() {
        return error;
    }

    @Override
    public IContextInformationValidator getContextInformationValidator() {
        return null;
    }
}
