package io.sextant.store;

/**
 * The version an edit starts from: its number and revision (the revision counts the changes of a draft).
 * An edit whose base is no longer the latest revision of the definition's latest version is a conflict.
 */
public record EditBase(int number, int revision) {

    @Override
    public String toString() {
        return "version " + number + " (revision " + revision + ")";
    }
}
