package io.sextant.data.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sextant.data.Dialects;
import io.sextant.data.EventDataSource;
import io.sextant.data.imports.DataImporter;
import io.sextant.data.imports.ImportMapping;

/**
 * The embedded H2 source runs with a page cache of a quarter of the JVM's maximum heap (at least 128 MB): with
 * H2's own or a fixed 128 MB cache, the engine's index lookups in a table larger than the cache read the same
 * pages again and again (the 1M-user experiment's assignments did not end in 13 minutes). A bulk import runs
 * with 128 MB (a larger cache only made the collector busier) and gives the source its own size back, also when
 * it is cancelled.
 */
class EmbeddedCacheTest {

    private static final String CACHE_SIZE =
            "SELECT CAST(SETTING_VALUE AS BIGINT) FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'CACHE_SIZE'";
    private static final ImportMapping MAPPING = ImportMapping.events("user", "event", "time").build();

    @TempDir
    Path folder;

    @Test
    void theCacheIsAQuarterOfTheHeapAndAtLeast128Mb() throws Exception {
        EventDataSource source = EventDataSource.embeddedH2(folder);
        long heap = Runtime.getRuntime().maxMemory();
        long expectedKb = heap == Long.MAX_VALUE ? 131_072 : Math.max(131_072, heap / 4 / 1024);
        assertEquals(expectedKb, Sources.count(source, CACHE_SIZE));
    }

    @Test
    void aBulkImportRunsWith128MbOfCacheAndGivesTheSourceItsOwnBack() throws Exception {
        EventDataSource source = sourceWithCacheKb(524_288);
        Path file = Sources.write(folder, "events.csv", events(3_000));
        long[] during = { -1 };
        long imported = new DataImporter(source).deriveCatalog(false).importFile(file, MAPPING,
                new NullProgressMonitor() {
                    @Override
                    public void subTask(String name) {
                        if (during[0] < 0 && name.startsWith("Importing events.csv:")) {
                            during[0] = cacheKb();
                        }
                    }
                }).rowsImported();

        assertEquals(3_000, imported);
        assertEquals(131_072, during[0], "the cache while the rows were written");
        assertEquals(524_288, cacheKb(), "the cache after the import");
    }

    @Test
    void aCancelledBulkImportGivesTheSourceItsOwnCacheBack() throws Exception {
        EventDataSource source = sourceWithCacheKb(262_144);
        Path file = Sources.write(folder, "events.csv", events(12_000));
        assertThrows(OperationCanceledException.class, () -> new DataImporter(source).deriveCatalog(false)
                .importFile(file, MAPPING, new NullProgressMonitor() {
                    @Override
                    public boolean isCanceled() {
                        return true;
                    }
                }));

        assertEquals(262_144, cacheKb());
        assertEquals(0, Sources.count(source, "SELECT COUNT(*) FROM events"));
    }

    /** An H2 file source with the given cache, kept open for 10 s after its last connection closes. */
    private EventDataSource sourceWithCacheKb(long kb) throws SQLException {
        EventDataSource source = EventDataSource.jdbc("jdbc:h2:file:" + folder.resolve("events") + ";CACHE_SIZE=" + kb
                + ";DB_CLOSE_DELAY=10", null, null, Dialects.H2, new org.h2.Driver());
        source.open().close();
        return source;
    }

    /**
     * The open database's cache, read on a connection whose URL names no cache size: H2 applies the settings of
     * every connection's URL to the database, so the source's own URL would set the size it is asked about (and
     * opening the source checks its indexes, which wait for the import's lock).
     */
    private long cacheKb() {
        try (Connection connection = new org.h2.Driver().connect("jdbc:h2:file:" + folder.resolve("events"),
                new Properties()); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(CACHE_SIZE)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String events(int count) {
        StringBuilder text = new StringBuilder("user,event,time\n");
        for (int i = 0; i < count; i++) {
            text.append("user").append(i % 50).append(",e").append(i % 3).append(",2025-04-01T")
                    .append(String.format("%02d:%02d:%02d", i / 3600 % 24, i / 60 % 60, i % 60)).append("Z\n");
        }
        return text.toString();
    }
}
