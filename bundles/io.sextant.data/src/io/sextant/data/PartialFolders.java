package io.sextant.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A folder written whole or not at all: its content is made in a hidden sibling named after the writing process
 * and renamed into place at the end, so a killed process leaves only a hidden folder, which the next writer of
 * the same folder deletes. Used by the sample project and the export to a lake.
 */
public final class PartialFolders {

    private PartialFolders() {
    }

    /** The hidden folder's name for {@code target} written by the process {@code pid}. */
    public static String name(Path target, long pid) {
        return "." + target.getFileName() + ".partial-" + pid;
    }

    /**
     * Deletes the hidden folders that earlier writers of {@code target} left behind when their process was killed;
     * a folder whose process still runs is another writer under way and is left alone.
     */
    public static void deleteLeftovers(Path target) throws IOException {
        String prefix = name(target, 0).replaceFirst("0$", "");
        try (Stream<Path> siblings = Files.list(target.toAbsolutePath().getParent())) {
            for (Path sibling : siblings.toList()) {
                String name = sibling.getFileName().toString();
                if (!name.startsWith(prefix) || !Files.isDirectory(sibling)) {
                    continue;
                }
                String pid = name.substring(prefix.length());
                if (pid.matches("[0-9]{1,18}") && ProcessHandle.of(Long.parseLong(pid)).map(p -> !p.isAlive()).orElse(true)) {
                    deleteRecursively(sibling);
                }
            }
        }
    }

    /** Deletes a folder and everything in it; nothing when it does not exist. */
    public static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
