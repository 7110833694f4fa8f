package io.sextant.store;

/** The definition, version or run named does not exist in the repository. */
public class NotFoundException extends StoreException {

    private static final long serialVersionUID = 1L;

    public NotFoundException(String message) {
        super(message);
    }
}
