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
 * Not a test: the import's throughput on tier M (about 5 million events) from CSV, against H2's own CSVREAD
 * of the same file in the same run, and the most heap each keeps live (after garbage collection). The
 * baseline the goal is measured against is what an expert would do with H2 alone for the same result: one
 * CREATE TABLE ... AS SELECT from CSVREAD that casts the fields into the same typed columns, then the same
 * two query indexes, in the same database settings (the 128 MB page cache a bulk import runs with). It neither validates nor deduplicates, which the import
 * does. H2's plain untyped CSVREAD into a table (no types, no indexes) is reported too. Run with
 * releng/benchmark.sh; the figures go to target/benchmarks/data.txt of this module. The tier can be set with
 * -Dsextant.benchmark.tier=S for a quick look.
 */
@Tag("benchmark")
class DataImportBenchmark {

    @Test
    void tierMCsvImportAgainstCsvread() throws Exception {
        Tier tier = Tier.valueOf(System.getProperty("sextant.benchmark.tier", "M"));
        Path work = Path.of("target", "benchmark-data").toAbsolutePath();
        deleteRecursively(work);
        long started = System.nanoTime();
        GroundTruth truth = new SyntheticGenerator().generate(work.resolve("data"), GeneratorSettings.of(tier, 42),
                new NullProgressMonitor());
        double generate = seconds(started);
        Path csv = truth.files().get("events.csv");
        long bytes = Files.size(csv);

        // for reference: H2 reads the same file into a table by itself (no validation, no dedup, no types, no indexes)
        LiveHeap csvreadHeap = new LiveHeap();
        started = System.nanoTime();
        try (Connection connection = new org.h2.Driver().connect("jdbc:h2:file:" + work.resolve("baseline/events")
                + ";CACHE_SIZE=131072", new Properties()); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE raw AS SELECT * FROM CSVREAD('" + csv.toString().replace("'", "''")
                    + "', NULL, 'charset=UTF-8')");
        }
        double csvread = seconds(started);
        csvreadHeap.close();

        // the baseline: the same typed columns and query indexes as the events table, by H2 alone (no
        // validation, no deduplication)
        LiveHeap typedHeap = new LiveHeap();
        started = System.nanoTime();
        try (Connection connection = new org.h2.Driver().connect("jdbc:h2:file:" + work.resolve("typed/events")
                + ";CACHE_SIZE=131072", new Properties()); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE events AS SELECT user_id, event AS event_name,"
                    + " CAST(time AS TIMESTAMP(3) WITH TIME ZONE) AS event_time, session_id, device, page, feature,"
                    + " CAST(NULLIF(duration_s, '') AS DECFLOAT) AS duration_s, CAST(NULLIF(amount, '') AS DECFLOAT)"
                    + " AS amount, currency, plan, experiment, variant FROM CSVREAD('"
                    + csv.toString().replace("'", "''") + "', NULL, 'charset=UTF-8')");
            statement.execute("CREATE INDEX events_by_name_time ON events(event_name, event_time)");
            statement.execute("CREATE INDEX events_by_user_time ON events(user_id, event_time)");
        }
        double typedCsvread = seconds(started);
        typedHeap.close();

        EventDataSource source = EventDataSource.embedded(work.resolve("project"));
        source.open().close(); // the schema, created on first use, is not part of the import
        LiveHeap importHeap = new LiveHeap();
        started = System.nanoTime();
        long[] indexingStarted = { 0 };
        ImportSummary summary = new DataImporter(source).deriveCatalog(false).importFile(csv,
                ImportMapping.events("user_id", "event", "time").build(), new NullProgressMonitor() {
                    @Override
                    public void subTask(String name) {
                        if (name.startsWith("Indexing") && indexingStarted[0] == 0) {
                            indexingStarted[0] = System.nanoTime();
                        }
                    }
                });
        double imported = seconds(started);
        double indexing = indexingStarted[0] == 0 ? 0 : seconds(indexingStarted[0]);
        importHeap.close();
        started = System.nanoTime();
        int events = new CatalogService(source).derive(new NullProgressMonitor()).events().size();
        double catalog = seconds(started);

        double rows = summary.rowsRead();
        String report = String.format(Locale.ROOT, """
                Event data import benchmark (%s, Java %s, %d cores, max heap %,d MB)
                tier %s: %,d users, %,.0f rows, %,d MB of CSV (generated in %.1f s)
                baseline  H2 CSVREAD into the same typed columns, then the same two indexes
                                                           %7.1f s  %,9.0f rows/s  1.00x  live heap %,5d MB
                Sextant import (validate, type, dedup, index) %7.1f s  %,9.0f rows/s  %.2fx  live heap %,5d MB  (goal >= 0.80x)
                  of which building the query indexes      %7.1f s
                  imported %,d, duplicates %,d, quarantined %,d
                for reference: H2 CSVREAD into a table, untyped, no index
                                                           %7.1f s  %,9.0f rows/s  import at %.2fx of it  live heap %,5d MB
                catalog derivation (%d events)              %7.1f s
                """, java.time.LocalDate.now(), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, tier, truth.users(),
                rows, bytes >> 20, generate, typedCsvread, rows / typedCsvread, typedHeap.peakMegabytes(), imported,
                rows / imported, typedCsvread / imported, importHeap.peakMegabytes(), indexing, summary.rowsImported(),
                summary.duplicates(), summary.quarantined(), csvread, rows / csvread, csvread / imported,
                csvreadHeap.peakMegabytes(), events, catalog);
        Path out = Path.of("target", "benchmarks", "data.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.println(report);
        deleteRecursively(work);
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
