package io.sextant.data.imports;

/** What a file holds: events (one per row) or users (one per row, with signup time and attributes). */
public enum ImportKind {
    EVENTS, USERS
}
