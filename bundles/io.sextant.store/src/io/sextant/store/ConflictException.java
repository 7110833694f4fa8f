package io.sextant.store;

/**
 * An edit was based on a version that someone else changed meanwhile (optimistic locking). Nothing was
 * written; the message names the version the edit was based on and the one the repository holds now.
 */
public class ConflictException extends StoreException {

    private static final long serialVersionUID = 1L;

    private final String qualifiedName;
    private final EditBase yours;
    private final EditBase current;

    /**
     * @param changedBy who made the latest change (of text or status)
     * @param advice    what the user can do, e.g. "merge your change into version 1 (revision 2) and save again."
     */
    public ConflictException(String qualifiedName, EditBase yours, EditBase current, String changedBy, String advice) {
        super(qualifiedName + " was changed while you edited it: your edit is based on " + yours
                + ", but the repository now holds " + current + ", last changed by " + changedBy
                + ". Nothing was overwritten: " + advice);
        this.qualifiedName = qualifiedName;
        this.yours = yours;
        this.current = current;
    }

    public String qualifiedName() {
        return qualifiedName;
    }

    public EditBase yours() {
        return yours;
    }

    public EditBase current() {
        return current;
    }
}
