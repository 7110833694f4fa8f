package io.sextant.store.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.OptionalLong;

import io.sextant.store.StoreException;

/**
 * The number of the last committed change (the id of its audit entry), kept in a small file beside the
 * repository and replaced atomically after every commit. The database file alone cannot show that its end
 * was cut off after a crash (H2 names an early chunk in its header until it closes cleanly, and opens a
 * truncated file by falling back to older chunks); compared with this number at the next opening, a
 * repository that lost committed changes is refused instead of silently opened without them. Written after
 * the commit, so after a crash it may lag the database, never lead it.
 */
final class CommitRecord {

    private final Path file;
    private long written;

    CommitRecord(Path repositoryFile) {
        this.file = path(repositoryFile);
        this.written = read(file).orElse(0);
    }

    /** The recorded number, if the file exists and is readable. */
    static OptionalLong read(Path file) {
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).strip()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Where the record of this repository file is kept: beside it, named {@code <name>.last-commit}. */
    static Path path(Path repositoryFile) {
        String name = repositoryFile.getFileName().toString();
        return repositoryFile.resolveSibling(name.substring(0, name.length() - Database.SUFFIX.length()) + ".last-commit");
    }

    /** Records that the change with this number is committed (numbers only ever go up). */
    synchronized void advanceTo(long change) {
        if (change <= written) {
            return;
        }
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.writeString(temporary, Long.toString(change), StandardCharsets.US_ASCII);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            written = change;
        } catch (IOException e) {
            throw new StoreException("The change was committed, but its record " + file + " could not be written: "
                    + e.getMessage() + ". Check the disk; the repository itself is intact.", e);
        }
    }
}
