package io.sextant.store.internal;

import java.util.List;

import io.sextant.dsl.context.PublishedVersion;
import io.sextant.dsl.context.VersionHistory;

/**
 * What the language's validation asks the repository: the versions of a definition that may never change
 * again. Retired versions count: they were published, and a report may name them.
 */
public final class RepositoryVersionHistory implements VersionHistory {

    private final DefinitionsStore definitions;

    public RepositoryVersionHistory(DefinitionsStore definitions) {
        this.definitions = definitions;
    }

    @Override
    public List<PublishedVersion> published(String qualifiedName) {
        return definitions.frozenPublished(qualifiedName).stream()
                .map(version -> new PublishedVersion(version.getNumber(), version.getContentHash()))
                .toList();
    }
}
