package io.sextant.engine;

/** The run was cancelled (by the user, or because it ran past its time limit) while a query was running. */
public class QueryCancelledException extends EngineException {

    private static final long serialVersionUID = 1L;

    private final boolean timedOut;

    public QueryCancelledException(String message, boolean timedOut) {
        super(message);
        this.timedOut = timedOut;
    }

    /** Whether the query was stopped because it ran longer than the run's time limit. */
    public boolean timedOut() {
        return timedOut;
    }
}
