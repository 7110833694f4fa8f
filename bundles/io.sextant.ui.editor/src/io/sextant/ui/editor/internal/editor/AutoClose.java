package io.sextant.ui.editor.internal.editor;

import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.swt.custom.VerifyKeyListener;
import org.eclipse.swt.events.VerifyEvent;
import org.eclipse.swt.graphics.Point;

/**
 * Auto-close of round and square brackets and quotes: typing an opening bracket or a quote before a space, the end of the
 * line or a closing bracket inserts its closing one after the caret; typing a closing one (or a quote) just
 * before the same character steps over it instead of doubling it.
 */
final class AutoClose implements VerifyKeyListener {

    /** Braces are left out: a definition's block spans lines, and its closing brace is typed after them. */
    private static final String OPENING = "([\"";
    private static final String CLOSING = ")]\"";

    private final ISourceViewer viewer;

    AutoClose(ISourceViewer viewer) {
        this.viewer = viewer;
    }

    @Override
    public void verifyKey(VerifyEvent event) {
        if (!event.doit || (event.stateMask & ~org.eclipse.swt.SWT.SHIFT) != 0) {
            return;
        }
        char typed = event.character;
        int opening = OPENING.indexOf(typed);
        int closing = CLOSING.indexOf(typed);
        if (opening < 0 && closing < 0) {
            return;
        }
        IDocument document = viewer.getDocument();
        Point selection = viewer.getSelectedRange();
        if (selection.y != 0) {
            return; // typing over a selection replaces it, as usual
        }
        int offset = selection.x;
        try {
            char next = offset < document.getLength() ? document.getChar(offset) : '\n';
            if (closing >= 0 && next == typed) {
                viewer.setSelectedRange(offset + 1, 0); // step over the one already there
                event.doit = false;
                return;
            }
            if (opening >= 0 && (Character.isWhitespace(next) || ")]},".indexOf(next) >= 0)) {
                if (typed == '"' && offset > 0 && Character.isLetterOrDigit(document.getChar(offset - 1))) {
                    return; // a quote right after a word closes a string: no pair
                }
                document.replace(offset, 0, String.valueOf(typed) + CLOSING.charAt(opening));
                viewer.setSelectedRange(offset + 1, 0);
                event.doit = false;
            }
        } catch (BadLocationException e) {
            // the caret is outside the text: type as usual
        }
    }
}
