package io.sextant.data.imports;

import java.nio.file.Path;
import java.util.Locale;

/** The formats an import reads. */
public enum FileFormat {
    /** RFC 4180 CSV, UTF-8, first row a header. */
    CSV,
    /** One JSON object per line, UTF-8. */
    JSON_LINES;

    /** The format a file name suggests (.csv, .jsonl / .ndjson / .json), or null. */
    public static FileFormat ofFileName(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return CSV;
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
            return JSON_LINES;
        }
        return null;
    }
}
