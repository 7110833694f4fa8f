package io.sextant.dsl.context;

/** The type of an event property or user attribute, as the event catalog infers it. */
public enum ValueType {
    TEXT, NUMBER, BOOLEAN, TIMESTAMP
}
