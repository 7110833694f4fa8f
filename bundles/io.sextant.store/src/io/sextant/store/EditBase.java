package io.sextant.store;

/**
 * The version an edit starts from: its number and revision (the revision counts the changes of a draft).
 * An edit whose base is no longer the latest revision of the definition's latest version is a conflict.
 */
public record EditBase(int number, int revision) {

    /** The base of a definition written from scratch: it must not exist yet. */
    public static final EditBase NEW = new EditBase(0, 0);

    @Override
    public String toString() {
        return equals(NEW) ? "no version (a new definition)" : "version " + number + " (revision " + revision + ")";
    }
}
