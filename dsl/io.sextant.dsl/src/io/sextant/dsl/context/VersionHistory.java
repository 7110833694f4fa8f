package io.sextant.dsl.context;

import java.util.List;

/** The published versions of definitions, which the repository keeps; the language only asks. */
public interface VersionHistory {

    VersionHistory NONE = qualifiedName -> List.of();

    /** The published versions of the definition with this qualified name, in any order; empty if none. */
    List<PublishedVersion> published(String qualifiedName);
}
