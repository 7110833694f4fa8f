package io.sextant.project;

import java.nio.file.Path;

/**
 * A syntax or validation problem of a .seg file, with its file relative to the project folder and a 1-based
 * line and column: printed as {@code definitions/core.seg:12:5: error: message}, as compilers do.
 */
public record ProjectProblem(Path file, int line, int column, Severity severity, String message) {

    public enum Severity {
        ERROR, WARNING, INFO;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    @Override
    public String toString() {
        return file.toString().replace('\\', '/') + ":" + line + ":" + column + ": " + severity.label() + ": " + message;
    }
}
