package io.sextant.engine;

/**
 * A definition that cannot be compiled for the data source, or a query that failed. The message is meant for
 * the analyst: it names the definition with its file and line, or the query that failed and why.
 */
public class EngineException extends Exception {

    private static final long serialVersionUID = 1L;

    public EngineException(String message) {
        super(message);
    }

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
