package io.sextant.data.internal;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The file being imported into each data source (by URL) in this process. Two imports into one source at once
 * would take the same import id and race on the duplicates, so the second is refused; a source opened during
 * an import leaves its query indexes to the import (on H2, a bulk import drops them and builds them after).
 */
public final class RunningImports {

    private static final ConcurrentHashMap<String, String> RUNNING = new ConcurrentHashMap<>();

    private RunningImports() {
    }

    /** Registers an import of {@code file} into the source; returns the file of one already running, or null. */
    public static String start(String url, String file) {
        return RUNNING.putIfAbsent(url, file);
    }

    public static void end(String url) {
        RUNNING.remove(url);
    }

    /** Whether an import into the data source of this URL is running in this process. */
    public static boolean isRunning(String url) {
        return RUNNING.containsKey(url);
    }
}
