package io.sextant.analysis;

/** A mistake in an analysis' inputs that the analyst can fix; the message says what and where. */
public class AnalysisException extends Exception {

    private static final long serialVersionUID = 1L;

    public AnalysisException(String message) {
        super(message);
    }

    public AnalysisException(String message, Throwable cause) {
        super(message, cause);
    }
}
