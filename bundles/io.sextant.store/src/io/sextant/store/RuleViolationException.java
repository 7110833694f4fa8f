package io.sextant.store;

/**
 * The operation breaks a rule of the repository: a published version cannot change, the reviewer must
 * differ from the author, a version can only move draft → in review → published → retired, and so on.
 * Nothing was written.
 */
public class RuleViolationException extends StoreException {

    private static final long serialVersionUID = 1L;

    public RuleViolationException(String message) {
        super(message);
    }
}
