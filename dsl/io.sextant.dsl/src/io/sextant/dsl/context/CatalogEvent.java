package io.sextant.dsl.context;

import java.util.Map;
import java.util.Objects;

/**
 * An event in the catalog with its properties by name.
 *
 * @param name       the event name as it appears in the data
 * @param properties its properties by name
 */
public record CatalogEvent(String name, Map<String, CatalogProperty> properties) {
    public CatalogEvent {
        Objects.requireNonNull(name, "name");
        properties = Map.copyOf(properties);
    }
}
