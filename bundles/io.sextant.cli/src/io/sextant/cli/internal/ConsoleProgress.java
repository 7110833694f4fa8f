package io.sextant.cli.internal;

import java.io.PrintStream;
import java.util.Objects;

import org.eclipse.core.runtime.NullProgressMonitor;

/**
 * Progress on stderr. On a terminal one line is rewritten in place; otherwise (a pipe, a CI log) a line is
 * written when the task or subtask changes and at every further tenth of the work, so logs stay short.
 * Nothing is shown during the first {@link #QUIET_NANOS}: a quick command needs no progress, and a mistake
 * found at once (a mapping naming a field the file lacks) stays the one line the user reads.
 */
final class ConsoleProgress extends NullProgressMonitor {

    static final long QUIET_NANOS = 3_000_000_000L;

    private final PrintStream err;
    private final boolean interactive;
    private String task = "";
    private String subTask = "";
    private double total;
    private double done;
    private int lastStep = -1;
    private int lastLength;
    private final long showFrom = System.nanoTime() + QUIET_NANOS;
    private String held;

    ConsoleProgress(PrintStream err, boolean interactive) {
        this.err = err;
        this.interactive = interactive;
    }

    @Override
    public void beginTask(String name, int totalWork) {
        task = name == null ? "" : name;
        total = totalWork <= 0 ? 0 : totalWork;
        done = 0;
        lastStep = -1;
        show(true);
    }

    @Override
    public void setTaskName(String name) {
        task = name == null ? "" : name;
        show(true);
    }

    @Override
    public void subTask(String name) {
        String text = name == null ? "" : name;
        if (!Objects.equals(text, subTask)) {
            subTask = text;
            show(true);
        }
    }

    @Override
    public void worked(int work) {
        internalWorked(work);
    }

    @Override
    public void internalWorked(double work) {
        done = Math.min(total, done + work);
        show(false);
    }

    @Override
    public void done() {
        if (interactive && lastLength > 0) {
            err.print("\r" + " ".repeat(lastLength) + "\r");
            err.flush();
            lastLength = 0;
        }
    }

    private void show(boolean changed) {
        int hundredth = total > 0 ? (int) (done * 100 / total) : 0;
        // a terminal shows every percent, a log every tenth
        int step = interactive ? hundredth : hundredth / 10;
        if (!changed && step == lastStep) {
            return;
        }
        lastStep = step;
        String percent = total > 0 ? String.format("%3d%%", hundredth) : "    ";
        // a subtask often repeats its task's words ("Importing a.csv: Importing a.csv: 4 rows"): say them once
        String what = subTask.isEmpty() ? task : task.isEmpty() || subTask.startsWith(task) ? subTask : task + ": " + subTask;
        if (what.isBlank()) {
            return; // nothing to say yet (a monitor begun without a name)
        }
        String text = percent + " " + what;
        if (System.nanoTime() < showFrom) {
            held = text; // shown if the work goes on past the quiet time
            return;
        }
        if (held != null && !interactive && !held.equals(text)) {
            err.println(held);
        }
        held = null;
        if (interactive) {
            String line = text.length() > 99 ? text.substring(0, 99) : text;
            err.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
            lastLength = line.length();
        } else {
            err.println(text);
        }
        err.flush();
    }
}
