package io.sextant.dsl.context;

import java.util.Optional;

/**
 * What the language knows about the project a file belongs to. Without a catalog (no data imported yet)
 * the catalog checks are skipped rather than flagging every event as unknown.
 */
public interface ProjectContext {

    ProjectContext EMPTY = of(null, VersionHistory.NONE, ProjectFacts.NONE);

    Optional<EventCatalog> catalog();

    VersionHistory versions();

    ProjectFacts facts();

    static ProjectContext of(EventCatalog catalog, VersionHistory versions, ProjectFacts facts) {
        return new ProjectContext() {
            @Override
            public Optional<EventCatalog> catalog() {
                return Optional.ofNullable(catalog);
            }

            @Override
            public VersionHistory versions() {
                return versions;
            }

            @Override
            public ProjectFacts facts() {
                return facts;
            }
        };
    }
}
