package io.sextant.store.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import io.sextant.dsl.context.DefinitionText;

/**
 * Checks the invariants that every write keeps in one transaction, so that half a write would show: each
 * version's hash matches its text; each change of a version raised its revision by one and wrote one audit
 * entry (so entries = revision); each definition's write count is the sum of its versions' revisions; a run
 * that ended has an end time and a running one has none.
 */
public final class IntegrityCheck {

    private IntegrityCheck() {
    }

    /** The problems found, each a sentence naming what is wrong; empty when the repository is consistent. */
    public static List<String> run(Database database) {
        return database.read("check the repository", connection -> {
            List<String> problems = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement("SELECT d.qualified_name, v.number,"
                    + " v.revision, v.source_text, v.content_hash, (SELECT COUNT(*) FROM audit_log a"
                    + " WHERE a.definition_id = d.id AND a.subject = CONCAT(d.qualified_name, ' v', v.number))"
                    + " FROM definition_versions v JOIN definitions d ON d.id = v.definition_id");
                    ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    String version = rows.getString(1) + " v" + rows.getInt(2);
                    if (!DefinitionText.contentHash(rows.getString(4)).equals(rows.getString(5).trim())) {
                        problems.add(version + ": its text does not match its content hash");
                    }
                    if (rows.getLong(6) != rows.getInt(3)) {
                        problems.add(version + ": revision " + rows.getInt(3) + " but " + rows.getLong(6)
                                + " audit entries");
                    }
                }
            }
            try (PreparedStatement query = connection.prepareStatement("SELECT d.qualified_name, d.write_count,"
                    + " COALESCE((SELECT SUM(v.revision) FROM definition_versions v WHERE v.definition_id = d.id), 0)"
                    + " FROM definitions d");
                    ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    if (rows.getLong(2) != rows.getLong(3)) {
                        problems.add(rows.getString(1) + ": " + rows.getLong(2) + " writes recorded but its versions"
                                + " count " + rows.getLong(3) + " changes");
                    }
                }
            }
            try (PreparedStatement query = connection.prepareStatement("SELECT id, status FROM analysis_runs"
                    + " WHERE (status = 'running') = (ended_at IS NOT NULL)");
                    ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    problems.add("run " + rows.getLong(1) + ": " + rows.getString(2) + " with an inconsistent end time");
                }
            }
            return problems;
        });
    }
}
