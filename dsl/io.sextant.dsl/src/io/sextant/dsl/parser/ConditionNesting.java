package io.sextant.dsl.parser;

import java.util.ArrayList;
import java.util.List;

/**
 * How deep the conditions of a .seg text nest, found by a cheap scan of the text before anything recursive
 * (the parser, the validator, the engine) sees it. The parser descends one level of Java calls for each
 * parenthesis and each 'not', so a condition of a few thousand levels overflowed the stack; no condition
 * written by a person comes near {@link #MAX_DEPTH}.
 * <p>
 * The scan reads the text as the lexer does (strings, comments and words are skipped as a whole) and counts,
 * at each point, the open parentheses plus the 'not's that apply there: a 'not' applies until the 'and',
 * 'or' or ')' that ends its operand. A brace or 'where' starts afresh, so one unbalanced condition does not
 * make the next definition too deep.
 */
public final class ConditionNesting {

    /** The deepest a condition may nest: parentheses and 'not's together. */
    public static final int MAX_DEPTH = 100;

    /**
     * A condition that nests too deep: the token where it goes beyond {@link #MAX_DEPTH} (offset, length),
     * the part of the text the parser leaves out (from after its 'where' to before the '}' that closes its
     * definition) and the deepest it goes.
     */
    public record TooDeep(int offset, int length, int regionStart, int regionEnd, int depth) {

        public String message() {
            return String.format(java.util.Locale.ROOT,
                    "this condition nests %,d levels deep (parentheses and 'not's); at most %d are allowed: "
                            + "give parts of it their own segments and use them with 'in segment'",
                    depth, MAX_DEPTH);
        }
    }

    private ConditionNesting() {
    }

    /** The conditions of the text that nest deeper than {@link #MAX_DEPTH}, in text order. */
    public static List<TooDeep> scan(CharSequence text) {
        List<TooDeep> found = new ArrayList<>();
        // nots pending per open parenthesis (index 0: outside any parenthesis)
        int[] nots = new int[16];
        int level = 0;
        int depth = 0;
        int conditionStart = 0;
        // the condition being measured after it went too deep: where it did, and how deep it goes
        int tooDeepAt = -1;
        int tooDeepLength = 0;
        int deepest = 0;
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            int start = i;
            if (c == '"' || c == '\'') {
                int end = stringEnd(text, i, c);
                // an unterminated quote is an error token of its own to the lexer, which reads on after it
                i = end < 0 ? i + 1 : end;
                continue;
            }
            if (c == '/' && i + 1 < n && text.charAt(i + 1) == '/') {
                while (i < n && text.charAt(i) != '\n') {
                    i++;
                }
                continue;
            }
            if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                int end = indexOf(text, "*/", i + 2);
                i = end < 0 ? i + 1 : end + 2;
                continue;
            }
            if (c == '^' || Character.isLetter(c) || c == '_') {
                i++;
                while (i < n && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
                    i++;
                }
                if (c == '^') {
                    continue; // an escaped word is a name, never a keyword
                }
                String word = text.subSequence(start, i).toString();
                switch (word) {
                    case "not" -> {
                        nots[level]++;
                        depth++;
                    }
                    case "and", "or" -> {
                        depth -= nots[level];
                        nots[level] = 0;
                    }
                    case "where" -> {
                        if (tooDeepAt >= 0) {
                            found.add(new TooDeep(tooDeepAt, tooDeepLength, conditionStart, start, deepest));
                            tooDeepAt = -1;
                        }
                        level = 0;
                        nots[0] = 0;
                        depth = 0;
                        conditionStart = i;
                    }
                    default -> {
                        // other words do not nest
                    }
                }
                if (depth > MAX_DEPTH && tooDeepAt < 0) {
                    tooDeepAt = start;
                    tooDeepLength = i - start;
                }
                deepest = tooDeepAt >= 0 ? Math.max(deepest, depth) : depth;
                continue;
            }
            i++;
            switch (c) {
                case '(' -> {
                    level++;
                    if (level == nots.length) {
                        nots = java.util.Arrays.copyOf(nots, level * 2);
                    }
                    nots[level] = 0;
                    depth++;
                }
                case ')' -> {
                    if (level > 0) {
                        depth -= nots[level] + 1;
                        level--;
                        // the parenthesis ends the operand of the 'not's just before it
                        depth -= nots[level];
                        nots[level] = 0;
                    }
                }
                case '{', '}' -> {
                    if (tooDeepAt >= 0) {
                        found.add(new TooDeep(tooDeepAt, tooDeepLength, conditionStart, start, deepest));
                        tooDeepAt = -1;
                    }
                    level = 0;
                    nots[0] = 0;
                    depth = 0;
                    conditionStart = i;
                }
                default -> {
                    // digits, operators, white space: no nesting
                }
            }
            if (depth > MAX_DEPTH && tooDeepAt < 0) {
                tooDeepAt = start;
                tooDeepLength = 1;
            }
            deepest = tooDeepAt >= 0 ? Math.max(deepest, depth) : depth;
        }
        if (tooDeepAt >= 0) {
            found.add(new TooDeep(tooDeepAt, tooDeepLength, conditionStart, n, deepest));
        }
        return found;
    }

    /**
     * The index after the string that starts at {@code start}, as the lexer reads it (a backslash escapes the
     * next character), or -1 if it is not closed.
     */
    private static int stringEnd(CharSequence text, int start, char quote) {
        int i = start + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == quote) {
                return i + 1;
            } else {
                i++;
            }
        }
        return -1;
    }

    private static int indexOf(CharSequence text, String what, int from) {
        for (int i = from; i + what.length() <= text.length(); i++) {
            if (text.charAt(i) == what.charAt(0) && text.charAt(i + 1) == what.charAt(1)) {
                return i;
            }
        }
        return -1;
    }
}
