package io.sextant.store.internal;

import java.sql.PreparedStatement;
import java.util.List;

import io.sextant.model.AuditEntry;
import io.sextant.store.AuditLog;

/** Reads the audit log; entries are written by the operations themselves (see {@link Audit}). */
public final class AuditStore implements AuditLog {

    private final Database database;

    public AuditStore(Database database) {
        this.database = database;
    }

    @Override
    public List<AuditEntry> forDefinition(String qualifiedName) {
        return database.read("read the audit log of " + qualifiedName, connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT a.* FROM audit_log a"
                    + " JOIN definitions d ON d.id = a.definition_id WHERE d.qualified_name = ? ORDER BY a.id")) {
                query.setString(1, qualifiedName);
                return Audit.read(query);
            }
        });
    }

    @Override
    public List<AuditEntry> recent(int limit) {
        return database.read("read the audit log", connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT * FROM (SELECT * FROM audit_log ORDER BY id DESC LIMIT ?) ORDER BY id")) {
                query.setInt(1, limit);
                return Audit.read(query);
            }
        });
    }
}
