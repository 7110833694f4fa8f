package io.sextant.ui.editor.internal.editor;

import java.util.List;

import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.rules.IToken;
import org.eclipse.jface.text.rules.ITokenScanner;
import org.eclipse.jface.text.rules.Token;

import io.sextant.dsl.ide.SegLanguageServices;
import io.sextant.dsl.ide.SegLanguageServices.StyledRange;
import io.sextant.ui.editor.internal.model.LanguageWork;
import io.sextant.ui.editor.internal.model.SegLanguage;

/**
 * Colours the damaged lines outside comments and strings right away, with the language's own lexer (a few
 * lines: microseconds). Until the language services exist (their injector is built in the background) the
 * text stays plain; the first validation then colours everything.
 */
final class LexicalScanner implements ITokenScanner {

    private List<StyledRange> ranges = List.of();
    private int index;
    private int base;
    private int end;
    private int position;
    private int tokenOffset;
    private int tokenLength;

    @Override
    public void setRange(IDocument document, int offset, int length) {
        base = offset;
        end = offset + length;
        position = offset;
        index = 0;
        SegLanguageServices services = SegLanguage.servicesIfReady();
        if (services == null) {
            ranges = List.of();
            return;
        }
        try {
            String text = document.get(offset, length);
            ranges = LanguageWork.run("lex " + length + " characters", () -> services.lexicalHighlighting(text));
        } catch (BadLocationException e) {
            ranges = List.of();
        }
    }

    @Override
    public IToken nextToken() {
        if (position >= end) {
            return Token.EOF;
        }
        while (index < ranges.size() && base + ranges.get(index).offset() + ranges.get(index).length() <= position) {
            index++;
        }
        if (index >= ranges.size()) {
            tokenOffset = position;
            tokenLength = end - position;
            position = end;
            return Token.UNDEFINED;
        }
        StyledRange range = ranges.get(index);
        int start = base + range.offset();
        if (start > position) {
            tokenOffset = position; // whitespace between tokens
            tokenLength = start - position;
            position = start;
            return Token.WHITESPACE;
        }
        tokenOffset = position;
        tokenLength = Math.min(end, start + range.length()) - position;
        position += tokenLength;
        index++;
        return new Token(SegStyles.of(range.style()));
    }

    @Override
    public int getTokenOffset() {
        return tokenOffset;
    }

    @Override
    public int getTokenLength() {
        return tokenLength;
    }
}
