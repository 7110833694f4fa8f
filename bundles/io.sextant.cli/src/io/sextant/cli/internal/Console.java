package io.sextant.cli.internal;

import java.io.PrintStream;
import java.util.Map;

import org.eclipse.core.runtime.IProgressMonitor;

/**
 * Where a command writes: results to {@code out} (for pipes and files), progress and notes to {@code err}.
 * {@code interactive} says whether stderr is a terminal (progress then rewrites one line).
 */
public record Console(PrintStream out, PrintStream err, boolean interactive, Map<String, String> environment) {

    /** A note for the user on stderr, prefixed like every message of the command line. */
    public void note(String message) {
        err.println("sextant: " + message);
        err.flush();
    }

    /** A progress monitor that reports on stderr. */
    public IProgressMonitor progress() {
        return new ConsoleProgress(err, interactive);
    }
}
