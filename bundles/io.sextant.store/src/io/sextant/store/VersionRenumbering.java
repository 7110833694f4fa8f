package io.sextant.store;

/**
 * Rewrites the version number written in a definition's text; the language provides it, so that a revert
 * makes a draft whose text names its own new number. The repository itself does not parse definitions.
 */
@FunctionalInterface
public interface VersionRenumbering {

    /** For definitions whose text does not carry its number. */
    VersionRenumbering UNCHANGED = (text, number) -> text;

    String withNumber(String sourceText, int number);
}
