package io.sextant.project;

/** A project that cannot be opened, read or created; the message is one line a user can act on. */
public class ProjectException extends Exception {

    private static final long serialVersionUID = 1L;

    public ProjectException(String message) {
        super(message);
    }

    public ProjectException(String message, Throwable cause) {
        super(message, cause);
    }
}
