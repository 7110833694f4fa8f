package io.sextant.data.catalog;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.sextant.dsl.context.CatalogEvent;
import io.sextant.dsl.context.CatalogProperty;
import io.sextant.dsl.context.EventCatalog;

/**
 * The catalog of a data source as last derived: events with their properties, user attributes, and the
 * statistics the data view shows. It is what the language validates definitions against.
 */
public final class DataCatalog implements EventCatalog {

    private final Map<String, EventSummary> summaries;
    private final Map<String, PropertySummary> attributes;
    private final Instant derivedAt;
    private final Map<String, CatalogEvent> events;
    private final Map<String, CatalogProperty> userAttributes;

    public DataCatalog(List<EventSummary> events, List<PropertySummary> userAttributes, Instant derivedAt) {
        Map<String, EventSummary> byName = new LinkedHashMap<>();
        Map<String, CatalogEvent> catalogEvents = new LinkedHashMap<>();
        for (EventSummary event : events) {
            byName.put(event.name(), event);
            Map<String, CatalogProperty> properties = new LinkedHashMap<>();
            event.properties().forEach(p -> properties.put(p.name(), p.toCatalogProperty()));
            catalogEvents.put(event.name(), new CatalogEvent(event.name(), properties));
        }
        Map<String, PropertySummary> attributesByName = new LinkedHashMap<>();
        Map<String, CatalogProperty> catalogAttributes = new LinkedHashMap<>();
        for (PropertySummary attribute : userAttributes) {
            attributesByName.put(attribute.name(), attribute);
            catalogAttributes.put(attribute.name(), attribute.toCatalogProperty());
        }
        this.summaries = Collections.unmodifiableMap(byName);
        this.attributes = Collections.unmodifiableMap(attributesByName);
        this.events = Collections.unmodifiableMap(catalogEvents);
        this.userAttributes = Collections.unmodifiableMap(catalogAttributes);
        this.derivedAt = derivedAt;
    }

    @Override
    public Map<String, CatalogEvent> events() {
        return events;
    }

    @Override
    public Map<String, CatalogProperty> userAttributes() {
        return userAttributes;
    }

    /** Events with their statistics, by name. */
    public Map<String, EventSummary> eventSummaries() {
        return summaries;
    }

    /** User attributes with their statistics, by name. */
    public Map<String, PropertySummary> attributeSummaries() {
        return attributes;
    }

    /** When it was derived; null when it never was. */
    public Instant derivedAt() {
        return derivedAt;
    }
}
