package io.sextant.data.catalog;

import java.time.Instant;
import java.util.List;

/**
 * An event of the catalog.
 *
 * @param name       the event name
 * @param volume     the number of events
 * @param users      the number of distinct users with one
 * @param firstSeen  the earliest event time
 * @param lastSeen   the latest event time
 * @param properties its properties, by name
 */
public record EventSummary(String name, long volume, long users, Instant firstSeen, Instant lastSeen,
        List<PropertySummary> properties) {

    public EventSummary {
        properties = List.copyOf(properties);
    }

    public PropertySummary property(String property) {
        return properties.stream().filter(p -> p.name().equals(property)).findFirst().orElse(null);
    }
}
