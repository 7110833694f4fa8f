package io.sextant.cli.internal;

/**
 * A mistake the user can correct (or a refusal), reported as one line {@code sextant: <message>} on stderr
 * with exit code 1. Nothing has been changed when it is thrown.
 */
public class UserError extends Exception {

    private static final long serialVersionUID = 1L;

    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
