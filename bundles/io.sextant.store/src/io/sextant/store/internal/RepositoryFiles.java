package io.sextant.store.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

import io.sextant.store.DamagedRepositoryException;

/**
 * Looks at an existing repository file before H2 opens it for writing. H2 opens a file whose last chunk is
 * cut off by falling back to an older chunk and then writing over the rest: committed data would be lost
 * without a word. So the file is read first: its header (H2's MVStore format 2, kept twice in the first two
 * blocks) must be intact, and the chunk the header names (always completely written before the header
 * names it, also after a crash) must lie wholly inside the file.
 */
public final class RepositoryFiles {

    private static final int BLOCK = 4096;
    static final String WHAT_TO_DO = "Restore a backup (Sextant keeps one in the backups folder beside it"
            + " before every upgrade), or move the file away to start an empty repository.";

    private RepositoryFiles() {
    }

    /** Throws {@link DamagedRepositoryException} when an existing file cannot be a sound repository. */
    public static void checkBeforeOpening(Path file) {
        if (!java.nio.file.Files.exists(file)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < 2 * BLOCK) {
                throw damaged(file, "it is " + size + " bytes long, too short for a repository (truncated?)");
            }
            Map<String, String> header = header(read(channel, 0), file);
            if (header == null) {
                header = header(read(channel, BLOCK), file);
            }
            if (header == null) {
                throw damaged(file, "it is not a Sextant repository (no H2 database header)");
            }
            if (!header.containsKey("block")) {
                // H2 names no chunk in the header of a file it has not closed since creating it; it finds the
                // chunks by their footers, and so does nothing here
                return;
            }
            long blockSize = hex(header, "blockSize", file);
            long block = hex(header, "block", file);
            long start = block * blockSize;
            if (start + BLOCK > size) {
                throw damaged(file, "it ends at byte " + size + " before its last chunk at byte " + start + " (truncated?)");
            }
            Map<String, String> chunk = fields(read(channel, start));
            if (!chunk.containsKey("chunk") || !chunk.containsKey("len")) {
                throw damaged(file, "its last chunk at byte " + start + " is not readable (overwritten?)");
            }
            long end = start + hex(chunk, "len", file) * blockSize;
            if (end > size) {
                throw damaged(file, "it ends at byte " + size + " but its last chunk ends at byte " + end + " (truncated?)");
            }
        } catch (IOException e) {
            throw new DamagedRepositoryException(file, "it cannot be read (" + e.getMessage() + ")",
                    "Check the file's permissions and the disk.", e);
        }
    }

    /**
     * Opens an existing repository read-only (H2 writes nothing then) and refuses it when a newer Sextant
     * wrote it, or when it holds fewer changes than the {@link CommitRecord} beside it says were committed.
     */
    public static void probeBeforeOpening(Path file) {
        if (!java.nio.file.Files.exists(file)) {
            return;
        }
        try (Connection connection = Database.openReadOnly(file)) {
            int schema = tableExists(connection, "SCHEMA_HISTORY")
                    ? number(connection, "SELECT COALESCE(MAX(version), 0) FROM schema_history")
                    : 0;
            if (schema > Migrations.latestVersion()) {
                throw new DamagedRepositoryException(file, "it was written by a newer Sextant (schema " + schema
                        + "; this Sextant knows schemas up to " + Migrations.latestVersion() + ")",
                        "Open it with that Sextant or a newer one.", null);
            }
            Path record = CommitRecord.path(file);
            OptionalLong committed = CommitRecord.read(record);
            if (committed.isPresent() && tableExists(connection, "AUDIT_LOG")) {
                long held = number(connection, "SELECT COALESCE(MAX(id), 0) FROM audit_log");
                if (held < committed.getAsLong()) {
                    throw new DamagedRepositoryException(file, "it holds changes up to number " + held
                            + " but change " + committed.getAsLong() + " was committed: its end was cut off"
                            + " (truncated?) or it is an older copy", WHAT_TO_DO + " If you put an older copy"
                            + " there on purpose, delete " + record.getFileName() + " beside it first.", null);
                }
            }
        } catch (SQLException e) {
            throw new DamagedRepositoryException(file, "H2 cannot read it (" + e.getMessage().lines().findFirst()
                    .orElse("") + ")", WHAT_TO_DO, e);
        }
    }

    private static boolean tableExists(Connection connection, String table) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES"
                + " WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_NAME = ?")) {
            query.setString(1, table);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1) > 0;
            }
        }
    }

    private static int number(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return Math.toIntExact(rows.getLong(1));
        }
    }

    private static String read(FileChannel channel, long position) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(BLOCK);
        channel.read(buffer, position);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.ISO_8859_1);
    }

    private static Map<String, String> header(String text, Path file) {
        if (!text.startsWith("H:2,")) {
            return null;
        }
        Map<String, String> fields = fields(text);
        return fields.containsKey("blockSize") ? fields : null;
    }

    /** The key:value pairs of an MVStore header line ("H:2,block:80,blockSize:1000,..."). */
    private static Map<String, String> fields(String text) {
        Map<String, String> fields = new HashMap<>();
        int end = 0;
        while (end < text.length() && text.charAt(end) >= ' ' && text.charAt(end) <= '~') {
            end++;
        }
        for (String pair : text.substring(0, end).trim().split(",")) {
            int colon = pair.indexOf(':');
            if (colon > 0) {
                fields.put(pair.substring(0, colon), pair.substring(colon + 1));
            }
        }
        return fields;
    }

    private static long hex(Map<String, String> fields, String key, Path file) {
        try {
            return Long.parseLong(fields.get(key), 16);
        } catch (NumberFormatException | NullPointerException e) {
            throw damaged(file, "its header has no valid '" + key + "'");
        }
    }

    private static DamagedRepositoryException damaged(Path file, String problem) {
        return new DamagedRepositoryException(file, problem, WHAT_TO_DO, null);
    }
}
