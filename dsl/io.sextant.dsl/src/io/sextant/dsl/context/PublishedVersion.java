package io.sextant.dsl.context;

/**
 * A published (immutable) version of a definition.
 *
 * @param number      the version number written in the definition
 * @param contentHash {@link DefinitionText#contentHash(String)} of its source text
 */
public record PublishedVersion(int number, String contentHash) {
}
