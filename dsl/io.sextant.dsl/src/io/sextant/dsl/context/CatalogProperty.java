package io.sextant.dsl.context;

import java.util.Objects;

/**
 * A property of an event, or an attribute of users, in the catalog.
 *
 * @param name as written in data and definitions
 * @param type the inferred (or declared) type
 * @param pii  whether it identifies a person (heuristics or the user's own mark)
 */
public record CatalogProperty(String name, ValueType type, boolean pii) {
    public CatalogProperty {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }
}
