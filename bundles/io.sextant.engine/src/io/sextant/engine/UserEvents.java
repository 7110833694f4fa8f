package io.sextant.engine;

import java.time.LocalDateTime;
import java.util.List;

/** Receives one user's events at a time, in time order (see {@link EngineRun#eventsByUser}). */
@FunctionalInterface
public interface UserEvents {

    /** An event of the user: its name and time. */
    record Event(String name, LocalDateTime time) {
    }

    void visit(String userId, List<Event> events);
}
