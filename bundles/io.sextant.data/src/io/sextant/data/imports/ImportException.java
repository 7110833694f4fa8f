package io.sextant.data.imports;

/**
 * An import that could not run because of something the user can fix: a missing or unreadable file, a
 * mapping that names fields the file does not have, a header that is not there. The message names the
 * file, the row or the setting. Nothing was changed in the data source.
 */
public class ImportException extends Exception {

    private static final long serialVersionUID = 1L;

    public ImportException(String message) {
        super(message);
    }

    public ImportException(String message, Throwable cause) {
        super(message, cause);
    }
}
