package io.sextant.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.sextant.model.AuditEntry;
import io.sextant.model.SextantFactory;

/** Writes audit entries inside the transaction of the change they record, and reads them back. */
final class Audit {

    private Audit() {
    }

    static void write(Connection connection, Instant at, String actor, String subject, String action,
            String fromState, String toState, String detail, Long definitionId) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO audit_log"
                + " (at, actor, subject, action, from_state, to_state, detail, definition_id)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", new String[] { "id" })) {
            insert.setObject(1, Database.timestamp(at));
            insert.setString(2, actor);
            insert.setString(3, subject);
            insert.setString(4, action);
            insert.setString(5, fromState);
            insert.setString(6, toState);
            insert.setString(7, detail == null ? null : Texts.clip(detail, 4000));
            if (definitionId == null) {
                insert.setNull(8, Types.BIGINT);
            } else {
                insert.setLong(8, definitionId);
            }
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                Database.audited(keys.getLong(1));
            }
        }
    }

    static List<AuditEntry> read(PreparedStatement query) throws SQLException {
        List<AuditEntry> entries = new ArrayList<>();
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                AuditEntry entry = SextantFactory.eINSTANCE.createAuditEntry();
                entry.setId(rows.getLong("id"));
                entry.setAt(Database.instant(rows.getObject("at")));
                entry.setActor(rows.getString("actor"));
                entry.setSubject(rows.getString("subject"));
                entry.setAction(rows.getString("action"));
                entry.setFromState(rows.getString("from_state"));
                entry.setToState(rows.getString("to_state"));
                entry.setDetail(rows.getString("detail"));
                entries.add(entry);
            }
        }
        return entries;
    }
}
