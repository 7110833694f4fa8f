package io.sextant.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;

/**
 * The fingerprint of an event source's data: a SHA-256 of its completed imports (id, kind, rows, finish time) and
 * its events' and users' row counts. It changes with every import, so a stored result, or a lake exported from
 * the source, tells whether its data is still the same. The queries are run by the caller (the engine runs them
 * with its cancel and trace), which hands the rows here.
 */
public final class DataFingerprint {

    /** The completed imports, one row each: import_id, kind, rows_imported, finished_at. */
    public static final String IMPORTS_QUERY = "SELECT import_id, kind, rows_imported, finished_at FROM imports"
            + " ORDER BY import_id";
    /** The events' and the users' row counts, one row. */
    public static final String COUNTS_QUERY = "SELECT (SELECT COUNT(*) FROM events), (SELECT COUNT(*) FROM users)";

    private DataFingerprint() {
    }

    /** The text of all rows of {@link #IMPORTS_QUERY}, read from {@code rows}. */
    public static String imports(ResultSet rows) throws SQLException {
        StringBuilder text = new StringBuilder();
        while (rows.next()) {
            text.append(rows.getInt(1)).append('|').append(rows.getString(2)).append('|').append(rows.getLong(3))
                    .append('|').append(rows.getString(4)).append('\n');
        }
        return text.toString();
    }

    /** The fingerprint of the imports' text ({@link #imports}) and the row counts. */
    public static String of(String imports, long events, long users) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((imports + events + "/" + users).getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
