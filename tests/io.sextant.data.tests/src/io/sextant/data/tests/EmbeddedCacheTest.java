package io.sextant.data.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sextant.data.EventDataSource;

/**
 * The embedded H2 source runs with a page cache of a quarter of the JVM's maximum heap (at least 128 MB): with
 * H2's own or a fixed 128 MB cache, the engine's index lookups in a table larger than the cache read the same
 * pages again and again (the 1M-user experiment's assignments did not end in 13 minutes). (H2 is the store of
 * projects made before DuckDB was the default; the import's own H2 cache tuning went with that change.)
 */
class EmbeddedCacheTest {

    private static final String CACHE_SIZE =
            "SELECT CAST(SETTING_VALUE AS BIGINT) FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'CACHE_SIZE'";

    @TempDir
    Path folder;

    @Test
    void theCacheIsAQuarterOfTheHeapAndAtLeast128Mb() throws Exception {
        EventDataSource source = EventDataSource.embeddedH2(folder);
        long heap = Runtime.getRuntime().maxMemory();
        long expectedKb = heap == Long.MAX_VALUE ? 131_072 : Math.max(131_072, heap / 4 / 1024);
        assertEquals(expectedKb, Sources.count(source, CACHE_SIZE));
    }
}
