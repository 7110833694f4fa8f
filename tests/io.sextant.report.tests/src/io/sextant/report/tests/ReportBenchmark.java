package io.sextant.report.tests;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sextant.report.PlaybookReports;
import io.sextant.report.ReportFormat;
import io.sextant.report.internal.BirtEngine;
import io.sextant.report.internal.RenderPhases;

/**
 * Rendering the sample playbook's report (tier S, its five analyses run and stored, an experiment result):
 * cold (the report engine started first, as the first report of a process pays) and warm (the engine up), HTML
 * and PDF. Figures go to target/benchmarks/report.txt of this module.
 */
@Tag("benchmark")
class ReportBenchmark {

    private static final int WARM_RENDERS = 5;

    @TempDir
    Path folder;

    @Test
    void renderTheSamplePlaybook() throws Exception {
        SampleReports sample = new SampleReports(folder);
        List<String> lines = new ArrayList<>();
        lines.add("Report of the sample playbook Q3Growth (tier S, 5 analyses and an experiment result), "
                + Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
                + String.format(Locale.ROOT, ", load average %.1f at the start", load()));
        try {
            for (ReportFormat format : ReportFormat.values()) {
                BirtEngine.shutdown();
                Path out = folder.resolve("q3." + format.extension());
                long start = System.nanoTime();
                PlaybookReports.render(sample.project, sample.playbook, sample.asOf, format, out, new NullProgressMonitor());
                double cold = (System.nanoTime() - start) / 1e6;
                Map<String, RenderPhases.Phase> coldPhases = RenderPhases.last();
                long[] warm = new long[WARM_RENDERS];
                Map<String, RenderPhases.Phase[]> warmPhases = new LinkedHashMap<>();
                for (int i = 0; i < WARM_RENDERS; i++) {
                    start = System.nanoTime();
                    PlaybookReports.render(sample.project, sample.playbook, sample.asOf, format, out, new NullProgressMonitor());
                    warm[i] = System.nanoTime() - start;
                    for (Map.Entry<String, RenderPhases.Phase> phase : RenderPhases.last().entrySet()) {
                        warmPhases.computeIfAbsent(phase.getKey(), k -> new RenderPhases.Phase[WARM_RENDERS])[i] = phase
                                .getValue();
                    }
                }
                java.util.Arrays.sort(warm);
                lines.add(String.format(Locale.ROOT, "%-4s cold (engine start included) %7.0f ms; warm median of %d %7.0f ms"
                        + " (min %.0f, max %.0f); file %,d bytes", format.name(), cold, WARM_RENDERS,
                        warm[WARM_RENDERS / 2] / 1e6, warm[0] / 1e6, warm[WARM_RENDERS - 1] / 1e6, Files.size(out)));
                // where the time goes: each phase of the cold render, and its medians over the warm ones (wall
                // time, and the CPU time of the rendering thread, which the machine's load sways much less)
                for (Map.Entry<String, RenderPhases.Phase[]> phase : warmPhases.entrySet()) {
                    RenderPhases.Phase first = coldPhases.getOrDefault(phase.getKey(), new RenderPhases.Phase(0, 0, 0));
                    lines.add(String.format(Locale.ROOT,
                            "     %-45s ×%-3d cold %6.0f ms (CPU %6.0f); warm median %6.0f ms (CPU %6.0f)",
                            phase.getKey(), first.count(), first.wallNanos() / 1e6, first.cpuNanos() / 1e6,
                            median(phase.getValue(), RenderPhases.Phase::wallNanos) / 1e6,
                            median(phase.getValue(), RenderPhases.Phase::cpuNanos) / 1e6));
                }
            }
        } finally {
            sample.project.close();
        }
        Path file = Path.of("target", "benchmarks", "report.txt");
        Files.createDirectories(file.getParent());
        lines.add(String.format(Locale.ROOT, "load average %.1f at the end", load()));
        Files.write(file, lines, StandardCharsets.UTF_8);
        lines.forEach(System.out::println);
    }

    /** The machine's load average over the last minute (other processes slow every figure down). */
    private static double load() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static double median(RenderPhases.Phase[] phases, java.util.function.ToLongFunction<RenderPhases.Phase> time) {
        long[] values = java.util.Arrays.stream(phases).mapToLong(p -> p == null ? 0 : time.applyAsLong(p)).sorted()
                .toArray();
        return values[values.length / 2];
    }
}
