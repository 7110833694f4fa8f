package io.sextant.report.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the last render of the calling thread spent its time, phase by phase (nanoseconds, in the order the
 * phases ran), so that the benchmark can say where a report's time goes. Costs two clock reads per phase.
 */
public final class RenderPhases {

    private static final ThreadLocal<Map<String, Long>> LAST = ThreadLocal.withInitial(LinkedHashMap::new);
    private static final ThreadLocal<Long> MARK = ThreadLocal.withInitial(System::nanoTime);

    private RenderPhases() {
    }

    /** Starts a render: forgets the phases of the one before. */
    public static void start() {
        LAST.get().clear();
        MARK.set(System.nanoTime());
    }

    /** Ends the phase that ran since the last mark. */
    public static void end(String phase) {
        long now = System.nanoTime();
        add(phase, now - MARK.get());
        MARK.set(now);
    }

    /** Adds time spent inside a phase (e.g. drawing charts while the model is built). */
    public static void add(String phase, long nanos) {
        LAST.get().merge(phase, nanos, Long::sum);
    }

    /** The phases of the calling thread's last render. */
    public static Map<String, Long> last() {
        return new LinkedHashMap<>(LAST.get());
    }
}
