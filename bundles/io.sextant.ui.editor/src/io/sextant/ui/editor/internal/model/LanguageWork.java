package io.sextant.ui.editor.internal.model;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Measures every call of the editor into the language (parsing, validation, completion, formatting, ...) and
 * every application of its results on the UI thread, so that the rule "no language work on the UI thread
 * longer than 50 ms" is checked, not assumed. The editor bundle sets the UI thread when it starts.
 */
public final class LanguageWork {

    /** The longest piece of work seen on one kind of thread. */
    public record Longest(String what, long nanos, long count) {
        public double millis() {
            return nanos / 1e6;
        }
    }

    private static volatile Thread uiThread;
    private static final Stats LANGUAGE_ON_UI = new Stats();
    private static final Stats LANGUAGE_ELSEWHERE = new Stats();
    private static final Stats APPLY_ON_UI = new Stats();

    private LanguageWork() {
    }

    public static void setUiThread(Thread thread) {
        uiThread = thread;
    }

    public static boolean onUiThread() {
        return Thread.currentThread() == uiThread;
    }

    /** Runs language work, timed under its name. */
    public static <T> T run(String what, Supplier<T> work) {
        long start = System.nanoTime();
        try {
            return work.get();
        } finally {
            (onUiThread() ? LANGUAGE_ON_UI : LANGUAGE_ELSEWHERE).add(what, System.nanoTime() - start);
        }
    }

    /** Records language work timed by the caller (when its name depends on what it turned out to do). */
    public static void record(String what, long nanos) {
        (onUiThread() ? LANGUAGE_ON_UI : LANGUAGE_ELSEWHERE).add(what, nanos);
    }

    /** Runs the application of results to widgets (annotations, styles, outline) on the UI thread, timed. */
    public static void apply(String what, Runnable work) {
        long start = System.nanoTime();
        try {
            work.run();
        } finally {
            APPLY_ON_UI.add(what, System.nanoTime() - start);
        }
    }

    public static Longest languageOnUiThread() {
        return LANGUAGE_ON_UI.longest();
    }

    public static Longest languageElsewhere() {
        return LANGUAGE_ELSEWHERE.longest();
    }

    public static Longest applyOnUiThread() {
        return APPLY_ON_UI.longest();
    }

    /** Forgets what was measured (benchmarks measure from a known point). */
    public static void reset() {
        LANGUAGE_ON_UI.reset();
        LANGUAGE_ELSEWHERE.reset();
        APPLY_ON_UI.reset();
    }

    /**
     * Every kind of work measured since the last reset, by name (file names left out), with its count, total
     * and longest time: where the time goes, for the benchmark's profile.
     */
    public static String profile() {
        StringBuilder text = new StringBuilder();
        for (Stats stats : new Stats[] { LANGUAGE_ON_UI, APPLY_ON_UI, LANGUAGE_ELSEWHERE }) {
            text.append(stats == LANGUAGE_ON_UI ? "language work on the UI thread\n"
                    : stats == APPLY_ON_UI ? "applying results on the UI thread\n" : "language work in the background\n");
            synchronized (stats) {
                stats.byName.forEach((name, step) -> text.append(String.format(java.util.Locale.ROOT,
                        "  %-48s %6d x  total %9.1f ms  mean %7.2f ms  longest %7.1f ms%n", name, step[0], step[1] / 1e6,
                        step[1] / 1e6 / Math.max(1, step[0]), step[2] / 1e6)));
            }
        }
        return text.toString();
    }

    private static final class Stats {
        private final AtomicLong count = new AtomicLong();
        private Longest longest = new Longest("nothing", 0, 0);
        /** name without the file's name: count, total nanos, longest nanos */
        private final java.util.Map<String, long[]> byName = new java.util.TreeMap<>();

        synchronized void add(String what, long nanos) {
            String name = what.replaceAll(" [^ ]+\\.seg$", "");
            long[] step = byName.computeIfAbsent(name, n -> new long[3]);
            step[0]++;
            step[1] += nanos;
            step[2] = Math.max(step[2], nanos);
            long n = count.incrementAndGet();
            if (nanos > longest.nanos()) {
                longest = new Longest(what, nanos, n);
            } else {
                longest = new Longest(longest.what(), longest.nanos(), n);
            }
        }

        synchronized Longest longest() {
            return longest;
        }

        synchronized void reset() {
            count.set(0);
            byName.clear();
            longest = new Longest("nothing", 0, 0);
        }
    }
}
