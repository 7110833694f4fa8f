package io.sextant.ui.editor.internal.editor;

/**
 * Where content assist asks the language and what an accepted proposal replaces: the whole token at the
 * cursor, quotes included, wherever the cursor is in it. With the cursor inside {@code "fea"}, at its start,
 * before its closing quote or just after it, accepting {@code "feature_viewed"} replaces {@code "fea"}: never
 * {@code "feature_viewed""}, which would turn the rest of the file into one string.
 */
final class CompletionRegion {

    /** A string token: from its opening quote to after its closing quote (or to the end of its word, unclosed). */
    record StringToken(int start, int end, boolean closed) {
    }

    private CompletionRegion() {
    }

    /**
     * The string token at the offset on its line: one the offset is inside, else one starting at the offset,
     * else one ending there (the cursor just after its closing quote). Comments and escapes are skipped.
     */
    static StringToken stringAt(String text, int offset) {
        int lineStart = offset == 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
        int lineEnd = text.indexOf('\n', offset);
        if (lineEnd < 0) {
            lineEnd = text.length();
        }
        StringToken starting = null;
        StringToken ending = null;
        int i = lineStart;
        while (i < lineEnd) {
            char c = text.charAt(i);
            if (c == '/' && i + 1 < lineEnd && text.charAt(i + 1) == '/') {
                break; // a comment to the end of the line
            }
            if (c != '"' && c != '\'') {
                i++;
                continue;
            }
            int j = i + 1;
            boolean closed = false;
            while (j < lineEnd) {
                char d = text.charAt(j);
                if (d == '\\') {
                    j += 2;
                } else if (d == c) {
                    closed = true;
                    j++;
                    break;
                } else {
                    j++;
                }
            }
            int end;
            if (closed) {
                end = Math.min(j, lineEnd);
            } else { // unclosed (being typed): the word after the quote
                end = i + 1;
                while (end < lineEnd && isWordPart(text.charAt(end))) {
                    end++;
                }
            }
            StringToken token = new StringToken(i, end, closed);
            if (i < offset && offset < end) {
                return token;
            }
            if (i == offset) {
                starting = token;
            } else if (end == offset && closed) {
                ending = token;
            }
            i = closed ? end : Math.max(end, i + 1);
        }
        return starting != null ? starting : ending;
    }

    /**
     * Where to ask the language for proposals: inside the string token at the offset, after its opening quote
     * when the cursor is before it and before its closing quote when the cursor is after it; else the offset.
     */
    static int assistOffset(String text, int offset) {
        StringToken token = stringAt(text, offset);
        if (token == null) {
            return offset;
        }
        if (offset == token.start()) {
            return token.start() + 1;
        }
        if (token.closed() && offset == token.end()) {
            return token.end() - 1;
        }
        return offset;
    }

    /**
     * The end of what a proposal replaces that starts at {@code start} (the cursor's prefix start) when asked at
     * {@code at}: the whole string token the proposal starts on, quotes included; inside a word, the rest of
     * the word; otherwise nothing after the cursor.
     */
    static int replaceEnd(String text, int start, int at) {
        StringToken token = stringAt(text, at);
        if (token != null && token.start() == start && token.start() < at) {
            return Math.max(at, token.end());
        }
        int end = at;
        if (start < at) { // the cursor is in a word: replace all of it
            while (end < text.length() && isWordPart(text.charAt(end))) {
                end++;
            }
        }
        return end;
    }

    private static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
