package io.sextant.cli.internal;

/** The exit codes of every command, as documented in the README and in {@code sextant --help}. */
public final class ExitCodes {

    /** The command did what it was asked. */
    public static final int OK = 0;
    /**
     * A mistake of the user or a refusal that leaves everything as it was: a bad argument, a missing file, an
     * unknown definition, a project with errors or without data, a run that failed, a review rule.
     */
    public static final int USER_ERROR = 1;
    /** Sextant failed (a bug or a broken environment); details are in the log named on stderr. */
    public static final int INTERNAL_ERROR = 2;

    private ExitCodes() {
    }
}
