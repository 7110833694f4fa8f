package io.sextant.data.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sextant.data.EventDataSource;
import io.sextant.data.generator.GeneratorSettings;
import io.sextant.data.generator.GroundTruth;
import io.sextant.data.generator.SyntheticGenerator;
import io.sextant.data.generator.Tier;
import io.sextant.data.imports.DataImporter;
import io.sextant.data.lake.LakeExport;
import io.sextant.data.lake.LakeExport.LakeExportException;

/**
 * The export to a lake, on generated tier S data: the Parquet files, read back with DuckDB's read_parquet, hold
 * the store's rows (counts, distinct users, counts per event, sums and non-null counts of every column), one
 * partition folder per day holding that day's events only, a manifest that describes them, and every refusal
 * leaves nothing written.
 */
class LakeExportTest {

    static final Instant EXPORTED_AT = Instant.parse("2026-12-01T10:15:30Z");

    @TempDir
    static Path folder;

    static EventDataSource source;
    static Path lake;
    static LakeExport.Result result;

    @BeforeAll
    static void exportTierS() throws Exception {
        GroundTruth truth = new SyntheticGenerator().generate(folder.resolve("data"), GeneratorSettings.of(Tier.S, 42),
                new NullProgressMonitor());
        source = EventDataSource.embedded(folder.resolve("project"));
        DataImporter importer = new DataImporter(source);
        importer.importFile(truth.files().get("users.csv"), GeneratorTest.USERS, new NullProgressMonitor());
        importer.importFile(truth.files().get("events.csv"), GeneratorTest.EVENTS, new NullProgressMonitor());
        lake = folder.resolve("lake");
        result = new LakeExport(source, Clock.fixed(EXPORTED_AT, ZoneOffset.UTC)).export(lake, new NullProgressMonitor());
    }

    @Test
    void theParquetFilesHoldTheStoresRows() throws Exception {
        assertEquals(Sources.count(source, "SELECT COUNT(*) FROM events"), result.events());
        assertEquals(Sources.count(source, "SELECT COUNT(*) FROM users"), result.users());
        assertTrue(result.events() > 80_000, "events: " + result.events());
        String events = "read_parquet('" + lake.resolve("events/*/*.parquet") + "', hive_partitioning = true)";
        String users = "read_parquet('" + lake.resolve("users/*.parquet") + "')";
        List<String> eventFigures = figures(source, "events");
        assertTrue(eventFigures.stream().anyMatch(f -> f.startsWith("sum(p_amount)=") && !f.endsWith("=null")),
                "a numeric property is summed: " + eventFigures);
        assertEquals(eventFigures, parquetFigures(events));
        assertEquals(figures(source, "users"), parquetFigures(users));
        String perEvent = "SELECT event_name, COUNT(*), COUNT(DISTINCT user_id), MIN(event_time), MAX(event_time) FROM %s"
                + " GROUP BY event_name ORDER BY event_name";
        assertEquals(Sources.rows(source, perEvent.formatted("events")), rows(perEvent.formatted(events)));
    }

    @Test
    void onePartitionFolderPerDayHoldingThatDaysEvents() throws Exception {
        Set<String> days = new TreeSet<>(Sources.rows(source, "SELECT DISTINCT CAST(event_time AS DATE) FROM events"));
        Set<String> folders;
        try (Stream<Path> entries = Files.list(lake.resolve("events"))) {
            folders = entries.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(days.stream().map(d -> "day=" + d).collect(Collectors.toCollection(TreeSet::new)), folders);
        assertEquals(days.size(), result.days());
        // each folder's files hold only its day's events, and as many as the store has that day
        Map<String, String> perDay = new TreeMap<>();
        for (String row : Sources.rows(source,
                "SELECT CAST(event_time AS DATE), COUNT(*) FROM events GROUP BY 1 ORDER BY 1")) {
            perDay.put("day=" + row.split("\\|")[0], row.split("\\|")[1]);
        }
        for (String day : folders) {
            String files = "read_parquet('" + lake.resolve("events").resolve(day).resolve("*.parquet") + "')";
            List<String> inFolder = rows("SELECT COUNT(*), COUNT(DISTINCT CAST(event_time AS DATE)), 'day=' ||"
                    + " MIN(CAST(event_time AS DATE)) FROM " + files);
            assertEquals(perDay.get(day) + "|1|" + day, inFolder.get(0), day);
        }
        // the day is in the folder names only, not in the files (as Hive and Trino expect)
        assertFalse(rows("DESCRIBE SELECT * FROM read_parquet('" + lake.resolve("events/*/*.parquet") + "', hive_partitioning = false)").stream()
                .anyMatch(r -> r.startsWith("day|")));
    }

    @Test
    void theManifestDescribesTheTables() throws Exception {
        String manifest = "(SELECT content::JSON AS j FROM read_text('" + lake.resolve(LakeExport.MANIFEST) + "'))";
        assertEquals(List.of("sextant-lake|1|2026-12-01T10:15:30Z|duckdb"), rows("SELECT j->>'format', j->>'version',"
                + " j->>'exportedAt', j->>'source' FROM " + manifest));
        assertTrue(result.dataFingerprint().matches("sha256:[0-9a-f]{32}"), result.dataFingerprint());
        assertEquals(List.of(result.dataFingerprint()), rows("SELECT j->>'dataFingerprint' FROM " + manifest));
        String tables = "(SELECT unnest(from_json(j->'tables', '[\"JSON\"]')) AS t FROM " + manifest + ")";
        assertEquals(List.of("events|events|parquet|zstd|" + result.events() + "|day|" + result.days(),
                "users|users|parquet|zstd|" + result.users() + "|null|null"),
                rows("SELECT t->>'name', t->>'location', t->>'format', t->>'compression', t->>'rows',"
                        + " t->>'partitionedBy', t->>'partitions' FROM " + tables));
        String columns = "(SELECT t->>'name' AS tab, unnest(from_json(t->'columns', '[\"JSON\"]')) AS c FROM " + tables + ")";
        List<String> described = rows("SELECT tab, c->>'name', c->>'type', c->>'sextantType', c->>'property',"
                + " c->>'partition' FROM " + columns);
        // every property and attribute of property_columns is named with its column and Sextant type
        for (String row : Sources.rows(source, "SELECT owner, column_name, value_type, property FROM property_columns")) {
            String[] p = row.split("\\|");
            String table = p[0].equals("event") ? "events" : "users";
            assertTrue(described.stream().anyMatch(d -> d.startsWith(table + "|" + p[1] + "|")
                    && d.endsWith("|" + p[2].toLowerCase(java.util.Locale.ROOT) + "|" + p[3] + "|null")),
                    row + " in " + described);
        }
        assertTrue(described.contains("events|p_amount|DECIMAL(38,10)|number|amount|null"), described.toString());
        assertTrue(described.contains("events|event_time|TIMESTAMP|timestamp|null|null"), described.toString());
        assertTrue(described.contains("events|day|DATE|null|null|true"), described.toString());
        // the columns listed are those of the files (and the partition column)
        List<String> inFiles = rows("SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet('"
                + lake.resolve("events/*/*.parquet") + "', hive_partitioning = true))");
        assertEquals(inFiles, described.stream().filter(d -> d.startsWith("events|")).map(d -> d.split("\\|")[1]).toList());
    }

    @Test
    void aNonEmptyFolderAFileOrAMissingParentIsRefusedAndNothingIsWritten() throws Exception {
        Path full = Files.createDirectories(folder.resolve("full"));
        Files.writeString(full.resolve("keep.txt"), "mine");
        LakeExportException notEmpty = assertThrows(LakeExportException.class,
                () -> new LakeExport(source).export(full, new NullProgressMonitor()));
        assertEquals(full + " is not empty; give a new or empty folder for the lake", notEmpty.getMessage());
        try (Stream<Path> entries = Files.list(full)) {
            assertEquals(List.of(full.resolve("keep.txt")), entries.toList());
        }
        Path file = Files.writeString(folder.resolve("a-file"), "x");
        assertEquals(file + " is a file; give a new or empty folder for the lake", assertThrows(LakeExportException.class,
                () -> new LakeExport(source).export(file, new NullProgressMonitor())).getMessage());
        Path orphan = folder.resolve("nowhere").resolve("lake");
        assertEquals("there is no folder " + folder.resolve("nowhere") + " to make lake in", assertThrows(
                LakeExportException.class, () -> new LakeExport(source).export(orphan, new NullProgressMonitor()))
                .getMessage());
        assertFalse(Files.exists(folder.resolve("nowhere")));
        assertNoPartialFolders();
    }

    @Test
    void anEmptyFolderIsFilledAndAKilledExportsLeftoverRemoved() throws Exception {
        Path empty = Files.createDirectories(folder.resolve("empty"));
        // a leftover of an export whose process is gone (no process has this id)
        Path leftover = Files.createDirectories(folder.resolve(".empty.partial-999999999"));
        Files.writeString(leftover.resolve("half.parquet"), "half");
        LakeExport.Result again = new LakeExport(source).export(empty, new NullProgressMonitor());
        assertEquals(result.events(), again.events());
        assertEquals(result.dataFingerprint(), again.dataFingerprint(), "the same data, the same fingerprint");
        assertTrue(Files.isRegularFile(empty.resolve(LakeExport.MANIFEST)));
        assertFalse(Files.exists(leftover));
        assertNoPartialFolders();
    }

    @Test
    void aCancelledExportWritesNothing() throws Exception {
        NullProgressMonitor cancelled = new NullProgressMonitor();
        cancelled.setCanceled(true);
        Path target = folder.resolve("cancelled");
        assertThrows(OperationCanceledException.class, () -> new LakeExport(source).export(target, cancelled));
        assertFalse(Files.exists(target));
        assertNoPartialFolders();
    }

    private static void assertNoPartialFolders() throws Exception {
        try (Stream<Path> entries = Files.list(folder)) {
            List<String> partial = entries.map(p -> p.getFileName().toString()).filter(n -> n.contains(".partial-")).toList();
            assertEquals(List.of(), partial);
        }
    }

    /**
     * Figures of every column of a table: the row count, and per column its non-null count and, for numbers, its
     * sum, for texts its distinct count, for times its minimum and maximum, as "name=value" texts in column order.
     */
    private static List<String> figures(EventDataSource store, String table) throws SQLException {
        try (Connection connection = store.open()) {
            return figures(connection, table);
        }
    }

    private static List<String> figures(Connection connection, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        List<String> types = new ArrayList<>();
        // by name: the store adds property columns in the order they were met, the export sorts them
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM "
                        + table + ") ORDER BY column_name")) {
            while (rows.next()) {
                String name = rows.getString(1);
                if (!Set.of("dedup_key", "import_id", "day").contains(name)) {
                    columns.add(name);
                    types.add(rows.getString(2));
                }
            }
        }
        List<String> expressions = new ArrayList<>(List.of("COUNT(*)"));
        List<String> names = new ArrayList<>(List.of("count"));
        for (int i = 0; i < columns.size(); i++) {
            String column = '"' + columns.get(i) + '"';
            expressions.add("COUNT(" + column + ")");
            names.add("count(" + columns.get(i) + ")");
            if (types.get(i).startsWith("DECIMAL")) {
                expressions.add("SUM(" + column + ")");
                names.add("sum(" + columns.get(i) + ")");
            } else if (types.get(i).startsWith("TIMESTAMP")) {
                expressions.add("MIN(" + column + ") || ' ' || MAX(" + column + ")");
                names.add("range(" + columns.get(i) + ")");
            } else {
                expressions.add("COUNT(DISTINCT " + column + ")");
                names.add("distinct(" + columns.get(i) + ")");
            }
        }
        List<String> figures = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT " + String.join(", ", expressions) + " FROM " + table)) {
            rows.next();
            for (int i = 0; i < names.size(); i++) {
                figures.add(names.get(i) + "=" + Sources.text(rows.getObject(i + 1)));
            }
        }
        return figures;
    }

    /** A DuckDB of its own (in memory) that reads the Parquet files as any other program would. */
    private static Connection parquet() throws SQLException {
        return new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:", new java.util.Properties());
    }

    private static List<String> parquetFigures(String table) throws SQLException {
        try (Connection connection = parquet()) {
            return figures(connection, table);
        }
    }

    private static List<String> rows(String sql) throws SQLException {
        List<String> result = new ArrayList<>();
        try (Connection connection = parquet(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i > 1 ? "|" : "").append(Sources.text(rows.getObject(i)));
                }
                result.add(row.toString());
            }
        }
        return result;
    }
}
