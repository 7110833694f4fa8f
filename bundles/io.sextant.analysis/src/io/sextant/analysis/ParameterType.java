package io.sextant.analysis;

/** The types of analysis parameters, as the extension point's schema names them. */
public enum ParameterType {
    TEXT, NUMBER, INTEGER, BOOLEAN, DATE, CHOICE, EVENT, EVENTS, SEGMENT, METRIC, EXPERIMENT, SEGMENTS, METRICS;

    /** The type of a schema name ("segment", "metrics", ...). */
    public static ParameterType of(String name) {
        return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
    }

    /** The schema name. */
    public String schemaName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
