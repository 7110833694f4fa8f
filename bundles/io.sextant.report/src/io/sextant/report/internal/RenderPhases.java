package io.sextant.report.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Where the last render of the calling thread spent its time, phase by phase in the order the phases ran, so
 * that the benchmark can say where a report's time goes. Each phase has its wall time and the thread's CPU time:
 * on a loaded machine the wall time swings with the other processes, the CPU time much less. Costs a few clock
 * reads per phase.
 */
public final class RenderPhases {

    /** A phase's wall and CPU time in nanoseconds, and how many times it ran (e.g. charts drawn). */
    public record Phase(long wallNanos, long cpuNanos, int count) {
        Phase plus(Phase other) {
            return new Phase(wallNanos + other.wallNanos, cpuNanos + other.cpuNanos, count + other.count);
        }
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final ThreadLocal<Map<String, Phase>> LAST = ThreadLocal.withInitial(LinkedHashMap::new);
    private static final ThreadLocal<long[]> MARK = ThreadLocal.withInitial(() -> new long[] { System.nanoTime(), cpu() });

    private RenderPhases() {
    }

    /** Starts a render: forgets the phases of the one before. */
    public static void start() {
        LAST.get().clear();
        MARK.set(new long[] { System.nanoTime(), cpu() });
    }

    /** Ends the phase that ran since the last mark. */
    public static void end(String phase) {
        long[] now = { System.nanoTime(), cpu() };
        long[] mark = MARK.get();
        add(phase, new Phase(now[0] - mark[0], now[1] - mark[1], 1));
        MARK.set(now);
    }

    /** Runs work inside a phase (e.g. drawing one chart while the model is built) and adds its time to it. */
    public static <T> T measure(String phase, Supplier<T> work) {
        long wall = System.nanoTime();
        long cpu = cpu();
        try {
            return work.get();
        } finally {
            add(phase, new Phase(System.nanoTime() - wall, cpu() - cpu, 1));
        }
    }

    private static void add(String phase, Phase time) {
        LAST.get().merge(phase, time, Phase::plus);
    }

    /** The phases of the calling thread's last render. */
    public static Map<String, Phase> last() {
        return new LinkedHashMap<>(LAST.get());
    }

    private static long cpu() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : 0;
    }
}
