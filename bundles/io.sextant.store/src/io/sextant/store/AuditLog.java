package io.sextant.store;

import java.util.List;

import io.sextant.model.AuditEntry;

/** Every state change the repository made, oldest first. Entries are never changed or removed. */
public interface AuditLog {

    /** The entries about one definition (all its versions). */
    List<AuditEntry> forDefinition(String qualifiedName);

    /** The most recent entries, oldest first. */
    List<AuditEntry> recent(int limit);
}
