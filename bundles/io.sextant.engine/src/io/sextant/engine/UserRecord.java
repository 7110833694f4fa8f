package io.sextant.engine;

import java.time.LocalDateTime;

/** A user of an analysis: id and signup time (null when unknown). */
public record UserRecord(String id, LocalDateTime signup) {
}
