package io.sextant.engine;

import java.time.LocalDateTime;

/** Receives events one by one, ordered by user and then by time (see {@link EngineRun#events}). */
@FunctionalInterface
public interface EventVisitor {
    void visit(String userId, String event, LocalDateTime time);
}
