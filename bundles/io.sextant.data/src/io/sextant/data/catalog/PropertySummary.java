package io.sextant.data.catalog;

import io.sextant.dsl.context.CatalogProperty;
import io.sextant.dsl.context.ValueType;

/**
 * What the catalog knows of a property of an event (or a user attribute).
 *
 * @param name        the property's name
 * @param type        its type (the type of its column)
 * @param present     the number of events (users) with a value
 * @param cardinality the number of distinct values
 * @param piiDetected whether the heuristics flag it
 * @param piiReason   why, or null
 * @param piiMark     the user's own mark (true: personal data, false: not), or null
 */
public record PropertySummary(String name, ValueType type, long present, long cardinality, boolean piiDetected,
        String piiReason, Boolean piiMark) {

    /** Personal data: the user's mark if there is one, else the heuristics. */
    public boolean pii() {
        return piiMark != null ? piiMark : piiDetected;
    }

    public CatalogProperty toCatalogProperty() {
        return new CatalogProperty(name, type, pii());
    }
}
