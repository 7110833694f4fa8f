package io.sextant.engine;

import java.time.LocalDateTime;

/** Receives an experiment's assignment events one by one, ordered by user and then by time. */
@FunctionalInterface
public interface AssignmentVisitor {

    /** One assignment event: the user, its time and the variant property's value (null when missing). */
    void visit(String userId, LocalDateTime time, String variant);
}
