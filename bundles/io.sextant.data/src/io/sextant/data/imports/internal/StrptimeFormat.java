package io.sextant.data.imports.internal;

import io.sextant.data.imports.TimestampFormat;

/**
 * A mapping's timestamp format as DuckDB reads it: {@link #ISO}, {@link #EPOCH_MILLIS}, {@link #EPOCH_SECONDS}
 * or a strptime format translated from the DateTimeFormatter pattern. Only the pattern letters with a strptime
 * equivalent are translated; a pattern with others (week-based years, eras, zone names...) has none, and its file
 * is read by the Java reader, which knows every pattern.
 */
final class StrptimeFormat {

    static final String ISO = "iso";
    static final String EPOCH_MILLIS = "epoch_millis";
    static final String EPOCH_SECONDS = "epoch_seconds";

    private StrptimeFormat() {
    }

    /** The format, or null when DuckDB has no equivalent. */
    static String of(TimestampFormat format) {
        if (format.equals(TimestampFormat.ISO)) {
            return ISO;
        }
        if (format.equals(TimestampFormat.EPOCH_MILLIS)) {
            return EPOCH_MILLIS;
        }
        if (format.equals(TimestampFormat.EPOCH_SECONDS)) {
            return EPOCH_SECONDS;
        }
        return translate(format.spec().strip());
    }

    private static String translate(String pattern) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            int run = 1;
            while (i + run < pattern.length() && pattern.charAt(i + run) == c) {
                run++;
            }
            if (c == '\'') {
                // quoted text, '' being a quote
                int end = i + 1;
                StringBuilder text = new StringBuilder();
                while (true) {
                    if (end >= pattern.length()) {
                        return null;
                    }
                    if (pattern.charAt(end) == '\'') {
                        if (end + 1 < pattern.length() && pattern.charAt(end + 1) == '\'') {
                            text.append('\'');
                            end += 2;
                            continue;
                        }
                        break;
                    }
                    text.append(pattern.charAt(end++));
                }
                if (end == i + 1) {
                    text.append('\''); // '' outside quotes
                }
                out.append(text.toString().replace("%", "%%"));
                i = end + 1;
                continue;
            }
            String directive = directive(c, run);
            if (directive == null) {
                if (Character.isLetter(c) || c == '[' || c == ']' || c == '#' || c == '{' || c == '}') {
                    return null;
                }
                directive = String.valueOf(c).repeat(run).replace("%", "%%");
            }
            out.append(directive);
            i += run;
        }
        return out.toString();
    }

    private static String directive(char letter, int run) {
        return switch (letter) {
            case 'y', 'u' -> run == 2 ? "%y" : run == 4 ? "%Y" : null;
            case 'M' -> run <= 2 ? "%m" : run == 3 ? "%b" : run == 4 ? "%B" : null;
            case 'd' -> run <= 2 ? "%d" : null;
            case 'H' -> run <= 2 ? "%H" : null;
            case 'h' -> run <= 2 ? "%I" : null;
            case 'm' -> run <= 2 ? "%M" : null;
            case 's' -> run <= 2 ? "%S" : null;
            case 'S' -> run == 3 ? "%g" : run == 6 ? "%f" : run == 9 ? "%n" : null;
            case 'a' -> run == 1 ? "%p" : null;
            case 'E' -> run <= 3 ? "%a" : run == 4 ? "%A" : null;
            case 'X', 'x', 'Z' -> run <= 3 ? "%z" : null;
            default -> null;
        };
    }
}
