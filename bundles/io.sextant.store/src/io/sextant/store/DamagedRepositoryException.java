package io.sextant.store;

import java.nio.file.Path;

/**
 * The repository file cannot be opened: it is truncated, overwritten with something else, or written by a
 * newer Sextant. The store has not changed the file; the message names it and says what to do.
 */
public class DamagedRepositoryException extends StoreException {

    private static final long serialVersionUID = 1L;

    private final Path file;

    public DamagedRepositoryException(Path file, String problem, String whatToDo, Throwable cause) {
        super("The repository " + file + " cannot be opened: " + problem + ". Sextant has not changed the file. "
                + whatToDo, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
