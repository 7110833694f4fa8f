package io.sextant.dsl.context;

import java.util.Map;
import java.util.Optional;

/**
 * The events and user attributes of a project's data, which definitions are validated against. The data
 * layer derives it after each import; tests use fixtures.
 */
public interface EventCatalog {

    /** Events by name. */
    Map<String, CatalogEvent> events();

    /** User attributes (the user.xxx of conditions) by name. */
    Map<String, CatalogProperty> userAttributes();

    default Optional<CatalogEvent> event(String name) {
        return Optional.ofNullable(events().get(name));
    }

    /** A catalog from plain maps. */
    static EventCatalog of(Map<String, CatalogEvent> events, Map<String, CatalogProperty> userAttributes) {
        Map<String, CatalogEvent> eventsCopy = Map.copyOf(events);
        Map<String, CatalogProperty> attributesCopy = Map.copyOf(userAttributes);
        return new EventCatalog() {
            @Override
            public Map<String, CatalogEvent> events() {
                return eventsCopy;
            }

            @Override
            public Map<String, CatalogProperty> userAttributes() {
                return attributesCopy;
            }
        };
    }
}
