package io.sextant.data.tests;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.sextant.data.EventDataSource;
import io.sextant.data.catalog.CatalogService;
import io.sextant.data.generator.GeneratorSettings;
import io.sextant.data.generator.GroundTruth;
import io.sextant.data.generator.SyntheticGenerator;
import io.sextant.data.generator.Tier;
import io.sextant.data.imports.DataImporter;
import io.sextant.data.imports.ImportMapping;
import io.sextant.data.imports.ImportSummary;

/**
 * Not a test: the import's throughput from CSV into the default store (DuckDB), against DuckDB's own read_csv of
 * the same file into the same typed columns in the same run, and the most heap each keeps live (after garbage
 * collection). The baseline is what an expert does with DuckDB alone: one CREATE TABLE ... AS SELECT from
 * read_csv with the columns typed as the events table types them (exact decimals, timestamps). It neither
 * validates, quarantines nor deduplicates, which the import does. Run with releng/benchmark.sh data; the
 * figures go to target/benchmarks/data-<tier>.txt of this module and one line per tier to
 * target/benchmarks/data.tsv. The tier is set with -Dsextant.benchmark.tier=S|M|L (default M).
 */
@Tag("benchmark")
class DataImportBenchmark {

    @Test
    void csvImportAgainstDuckDbReadCsv() throws Exception {
        Tier tier = Tier.valueOf(System.getProperty("sextant.benchmark.tier", "M"));
        Path work = Path.of("target", "benchmark-data").toAbsolutePath();
        deleteRecursively(work);
        long started = System.nanoTime();
        GroundTruth truth = new SyntheticGenerator().generate(work.resolve("data"), GeneratorSettings.of(tier, 42),
                new NullProgressMonitor());
        double generate = seconds(started);
        Path csv = truth.files().get("events.csv");
        long bytes = Files.size(csv);

        // the baseline: DuckDB reads the file into the same typed columns by itself (no validation, no dedup)
        LiveHeap baselineHeap = new LiveHeap();
        started = System.nanoTime();
        Files.createDirectories(work.resolve("baseline"));
        try (Connection connection = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:" + work.resolve("baseline/events.duckdb"),
                memoryLimit()); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE events AS SELECT user_id, event AS event_name, time AS event_time,"
                    + " session_id, device, page, feature, duration_s, amount, currency, plan, experiment, variant"
                    + " FROM read_csv('" + csv.toString().replace("'", "''") + "', header = true, types = {"
                    + "'time': 'TIMESTAMP', 'duration_s': 'DECIMAL(38,10)', 'amount': 'DECIMAL(38,10)'})");
        }
        double baseline = seconds(started);
        baselineHeap.close();

        EventDataSource source = EventDataSource.embedded(work.resolve("project"));
        source.open().close(); // the schema, created on first use, is not part of the import
        LiveHeap importHeap = new LiveHeap();
        started = System.nanoTime();
        // the phases, by the sub-tasks that start them: the types are inferred from the first rows, DuckDB reads
        // the file (counting the rows and inferring the other types from every row), the rows are typed, checked
        // and written, and their copies within the file dropped (then the import is recorded)
        String[] markers = { "Reading the types", "DuckDB reading", ": writing", ": dropping copies" };
        long[] phases = new long[markers.length + 1];
        ImportSummary summary = new DataImporter(source).deriveCatalog(false).importFile(csv,
                ImportMapping.events("user_id", "event", "time").build(), new NullProgressMonitor() {
                    @Override
                    public void subTask(String name) {
                        for (int i = 0; i < markers.length; i++) {
                            if (name.contains(markers[i]) && phases[i] == 0) {
                                phases[i] = System.nanoTime();
                            }
                        }
                    }
                });
        phases[markers.length] = System.nanoTime();
        double imported = seconds(started);
        double[] phase = new double[markers.length];
        for (int i = 0; i < markers.length; i++) {
            // a phase that did not happen (the import that reads the file once has no pass over every row first)
            // ends where the next one that did starts
            int next = i + 1;
            while (next < markers.length && phases[next] == 0) {
                next++;
            }
            phase[i] = phases[i] == 0 ? 0 : (phases[next] - phases[i]) / 1e9;
        }
        importHeap.close();
        started = System.nanoTime();
        int events = new CatalogService(source).derive(new NullProgressMonitor()).events().size();
        double catalog = seconds(started);

        double rows = summary.rowsRead();
        String load = String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        String report = String.format(Locale.ROOT, """
                Event data import benchmark (%s, Java %s, %d cores, max heap %,d MB, load average %s)
                tier %s: %,d users, %,.0f rows, %,d MB of CSV (generated in %.1f s)
                baseline  DuckDB read_csv into the same typed columns   %7.1f s  %,10.0f rows/s  1.00x  live heap %,5d MB
                Sextant import (validate, type, quarantine, dedup)   %7.1f s  %,10.0f rows/s  %.2fx  live heap %,5d MB  (goal >= 0.50x)
                  of which inferring types from the first rows        %7.1f s
                  of which reading the file, typing from every row    %7.1f s
                  of which typing, checking and writing the rows      %7.1f s
                  of which dropping copies, recording the import      %7.1f s
                  imported %,d, duplicates %,d, quarantined %,d
                catalog derivation (%d events)                       %7.1f s
                """, java.time.LocalDate.now(), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, load, tier,
                truth.users(), rows, bytes >> 20, generate, baseline, rows / baseline, baselineHeap.peakMegabytes(),
                imported, rows / imported, baseline / imported, importHeap.peakMegabytes(), phase[0], phase[1], phase[2], phase[3],
                summary.rowsImported(), summary.duplicates(), summary.quarantined(), events, catalog);
        Path out = Path.of("target", "benchmarks", "data-" + tier + ".txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        // one line per tier for the docs' benchmarks page: tier, what, Sextant s, baseline s, ratio, load
        Files.writeString(out.resolveSibling("data.tsv"), String.format(Locale.ROOT,
                "%s\timport of %,.0f events (CSV)\t%.2f\t%.2f\t%.2f\tDuckDB read_csv, typed\t>= 0.50 (throughput)\t%s%n",
                tier, rows, imported, baseline, baseline / imported, load),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        System.out.println(report);
        deleteRecursively(work);
    }

    private static Properties memoryLimit() {
        Properties settings = new Properties();
        settings.setProperty("memory_limit", EventDataSource.DUCKDB_MEMORY_LIMIT);
        return settings;
    }

    private static double seconds(long started) {
        return (System.nanoTime() - started) / 1e9;
    }

    /**
     * Samples, every 20 ms, the heap still in use after the last garbage collection (summed over the heap
     * pools): what a phase really keeps, not what the collector let pile up before collecting.
     */
    private static final class LiveHeap implements AutoCloseable {
        private final Thread sampler;
        private volatile boolean running = true;
        private volatile long peak;

        LiveHeap() {
            System.gc();
            sampler = new Thread(() -> {
                while (running) {
                    long live = 0;
                    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                        if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                            live += pool.getCollectionUsage().getUsed();
                        }
                    }
                    peak = Math.max(peak, live);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "live-heap-sampler");
            sampler.setDaemon(true);
            sampler.start();
        }

        long peakMegabytes() {
            return peak >> 20;
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            sampler.join();
        }
    }

    private static void deleteRecursively(Path folder) throws java.io.IOException {
        if (Files.exists(folder)) {
            try (var paths = Files.walk(folder)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

}
