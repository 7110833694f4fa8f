package io.sextant.data.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.sextant.data.EventDataSource;
import io.sextant.data.generator.GeneratorSettings;
import io.sextant.data.generator.GroundTruth;
import io.sextant.data.generator.SyntheticGenerator;
import io.sextant.data.generator.Tier;
import io.sextant.data.imports.DataImporter;
import io.sextant.data.lake.LakeExport;

/**
 * A real Trino reads the exported lake as DuckDB reads the store: tier S generated data is exported
 * ({@link LakeExport}), a single-node Trino 476 is started over the lake folder by
 * {@code releng/scripts/trino-server.sh}, the external tables are declared from the manifest alone (its column
 * types, the day partition), and Trino's count, distinct users, counts per event and per day and the sum of every
 * numeric property equal the store's. Trino is spoken to over its HTTP protocol (POST /v1/statement, then follow
 * nextUri): no driver is needed for this. Tagged {@code trino}: it runs with {@code -Ptrino} (the server is a 470
 * MB download the first time, and takes 20 to 60 s to start); without a JDK 24+ or the artifacts it fails, never
 * skips.
 */
@Tag("trino")
class TrinoLakeTest {

    @TempDir
    static Path folder;

    static EventDataSource source;
    static Path lake;
    static Path work;
    static LakeExport.Result export;
    static int port;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void exportTierSAndStartTrino() throws Exception {
        GroundTruth truth = new SyntheticGenerator().generate(folder.resolve("data"), GeneratorSettings.of(Tier.S, 42),
                new NullProgressMonitor());
        source = EventDataSource.embedded(folder.resolve("project"));
        DataImporter importer = new DataImporter(source);
        importer.importFile(truth.files().get("users.csv"), GeneratorTest.USERS, new NullProgressMonitor());
        importer.importFile(truth.files().get("events.csv"), GeneratorTest.EVENTS, new NullProgressMonitor());
        lake = folder.resolve("lake");
        export = new LakeExport(source).export(lake, new NullProgressMonitor());
        work = folder.resolve("trino");

        long start = System.nanoTime();
        String out = script("start", work.toString(), lake.toString());
        port = Integer.parseInt(out.strip());
        System.out.printf(Locale.ROOT, "trino: started on port %d in %.1f s%n", port, (System.nanoTime() - start) / 1e9);

        long declare = System.nanoTime();
        trino("CREATE SCHEMA lake.sextant");
        trino(createTable("events", "events", LakeExport.DAY_COLUMN));
        trino("CALL lake.system.sync_partition_metadata('sextant', 'events', 'FULL')");
        trino(createTable("users", "users", null));
        System.out.printf(Locale.ROOT, "trino: tables declared in %.1f s%n", (System.nanoTime() - declare) / 1e9);
    }

    @AfterAll
    static void stopTrino() throws Exception {
        if (work != null && Files.isDirectory(work)) {
            script("stop", work.toString());
        }
    }

    @Test
    void countsDistinctUsersAndDaysEqualTheStores() throws Exception {
        assertEquals(single("SELECT COUNT(*) || '|' || COUNT(DISTINCT user_id) FROM events"),
                trinoSingle("SELECT CAST(COUNT(*) AS varchar) || '|' || CAST(COUNT(DISTINCT user_id) AS varchar) FROM"
                        + " lake.sextant.events"));
        assertEquals(Long.toString(export.events()), trinoSingle("SELECT CAST(COUNT(*) AS varchar) FROM lake.sextant.events"));
        assertEquals(single("SELECT COUNT(*) || '|' || COUNT(signup_time) FROM users"),
                trinoSingle("SELECT CAST(COUNT(*) AS varchar) || '|' || CAST(COUNT(signup_time) AS varchar) FROM"
                        + " lake.sextant.users"));
        // the day partitions: as many events per day, and every event in the partition of its own day
        assertEquals(Sources.rows(source, "SELECT CAST(event_time AS DATE), COUNT(*) FROM events GROUP BY 1 ORDER BY 1"),
                trinoRows("SELECT CAST(day AS varchar), CAST(COUNT(*) AS varchar) FROM lake.sextant.events GROUP BY day"
                        + " ORDER BY day"));
        assertEquals("0", trinoSingle("SELECT CAST(count_if(CAST(event_time AS date) <> day) AS varchar)"
                + " FROM lake.sextant.events"));
    }

    @Test
    void countsPerEventEqualTheStores() throws Exception {
        List<String> store = Sources.rows(source,
                "SELECT event_name, COUNT(*), COUNT(DISTINCT user_id) FROM events GROUP BY 1 ORDER BY 1");
        assertTrue(store.size() > 3, store.toString());
        assertEquals(store, trinoRows("SELECT event_name, CAST(COUNT(*) AS varchar), CAST(COUNT(DISTINCT user_id) AS"
                + " varchar) FROM lake.sextant.events GROUP BY event_name ORDER BY event_name"));
    }

    @Test
    void sumsOfEveryNumericPropertyEqualTheStores() throws Exception {
        List<String> numeric = Sources.rows(source,
                "SELECT column_name FROM property_columns WHERE owner = 'event' AND value_type = 'NUMBER' ORDER BY 1");
        assertTrue(numeric.contains("p_amount"), numeric.toString());
        for (String column : numeric) {
            String store = single("SELECT SUM(\"" + column + "\") FROM events");
            String lakeSum = trinoSingle("SELECT CAST(SUM(" + column + ") AS varchar) FROM lake.sextant.events");
            assertEquals(new BigDecimal(store).stripTrailingZeros(), new BigDecimal(lakeSum).stripTrailingZeros(), column);
            assertEquals(single("SELECT COUNT(\"" + column + "\") FROM events"),
                    trinoSingle("SELECT CAST(COUNT(" + column + ") AS varchar) FROM lake.sextant.events"), column);
        }
    }

    /**
     * {@code CREATE TABLE} over an exported folder, its columns and types read from the manifest alone (as a team
     * declaring the tables in its own engine would), the partition column last.
     */
    private static String createTable(String table, String location, String partition) throws Exception {
        StringBuilder columns = new StringBuilder();
        String manifest = "(SELECT content::JSON AS j FROM read_text('" + lake.resolve(LakeExport.MANIFEST) + "'))";
        String query = "SELECT c->>'name', c->>'type' FROM (SELECT unnest(from_json(t->'columns', '[\"JSON\"]')) AS c"
                + " FROM (SELECT unnest(from_json(j->'tables', '[\"JSON\"]')) AS t FROM " + manifest + ") WHERE"
                + " t->>'name' = '" + table + "')";
        try (Connection duckDb = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:", new java.util.Properties());
                Statement statement = duckDb.createStatement(); ResultSet rows = statement.executeQuery(query)) {
            while (rows.next()) {
                columns.append(columns.isEmpty() ? "" : ", ").append('"').append(rows.getString(1)).append("\" ")
                        .append(trinoType(rows.getString(2)));
            }
        }
        return "CREATE TABLE lake.sextant." + table + " (" + columns + ") WITH (external_location = 'local:///" + location
                + "', format = 'PARQUET'" + (partition == null ? "" : ", partitioned_by = ARRAY['" + partition + "']") + ")";
    }

    /** Trino's type for a column type of the manifest (DuckDB's names). */
    private static String trinoType(String type) {
        return switch (type) {
            case "VARCHAR" -> "varchar";
            case "TIMESTAMP" -> "timestamp(6)";
            case "DATE" -> "date";
            case "BOOLEAN" -> "boolean";
            case "BIGINT" -> "bigint";
            case "INTEGER" -> "integer";
            default -> type.startsWith("DECIMAL") ? type.toLowerCase(Locale.ROOT)
                    : fail("a type the manifest should not have: " + type);
        };
    }

    private static String fail(String message) {
        throw new AssertionError(message);
    }

    private static String single(String sql) throws Exception {
        List<String> rows = Sources.rows(source, sql);
        assertEquals(1, rows.size(), sql);
        return rows.get(0);
    }

    private static String trinoSingle(String sql) throws Exception {
        List<String> rows = trinoRows(sql);
        assertEquals(1, rows.size(), sql);
        return rows.get(0);
    }

    private static List<String> trinoRows(String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        for (List<Object> row : trino(sql)) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                text.append(i > 0 ? "|" : "").append(row.get(i));
            }
            rows.add(text.toString());
        }
        return rows;
    }

    /** Runs a statement through Trino's client protocol and returns its rows; a failed query fails the test. */
    @SuppressWarnings("unchecked")
    private static List<List<Object>> trino(String sql) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/statement"))
                .header("X-Trino-User", "sextant-test").timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8)).build();
        List<List<Object>> rows = new ArrayList<>();
        while (true) {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 503 || response.statusCode() == 429) {
                Thread.sleep(100);
                continue; // the protocol's "ask again"
            }
            assertEquals(200, response.statusCode(), () -> sql + ": HTTP " + response.statusCode() + " " + response.body());
            Map<String, Object> result = (Map<String, Object>) json(response.body());
            if (result.get("error") instanceof Map<?, ?> error) {
                throw new AssertionError("Trino failed " + sql + ": " + error.get("message"));
            }
            if (result.get("data") instanceof List<?> data) {
                data.forEach(row -> rows.add((List<Object>) row));
            }
            if (!(result.get("nextUri") instanceof String next)) {
                return rows;
            }
            request = HttpRequest.newBuilder(URI.create(next)).header("X-Trino-User", "sextant-test")
                    .timeout(Duration.ofMinutes(2)).GET().build();
        }
    }

    /** A JSON text as maps, lists, strings, numbers (as their text), booleans and nulls. */
    private static Object json(String text) throws IOException {
        try (JsonParser parser = new JsonFactory().createParser(text)) {
            parser.nextToken();
            return value(parser);
        }
    }

    private static Object value(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT: {
                Map<String, Object> object = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    object.put(name, value(parser));
                }
                return object;
            }
            case START_ARRAY: {
                List<Object> array = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(value(parser));
                }
                return array;
            }
            case VALUE_NULL:
                return null;
            case VALUE_TRUE:
            case VALUE_FALSE:
                return parser.getBooleanValue();
            default:
                return parser.getText();
        }
    }

    /** Runs releng/scripts/trino-server.sh with the arguments; its stdout, or a failure with its stderr. */
    private static String script(String... arguments) throws Exception {
        Path script = repositoryRoot().resolve("releng/scripts/trino-server.sh");
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(arguments));
        Path err = Files.createTempFile(folder, "trino-script", ".err");
        Process process = new ProcessBuilder(command).redirectError(err.toFile()).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(20, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("trino-server.sh " + arguments[0] + " did not end in 20 minutes");
        }
        String errors = Files.readString(err);
        System.err.print(errors);
        if (process.exitValue() != 0) {
            throw new AssertionError("trino-server.sh " + String.join(" ", arguments) + " failed: " + errors.strip());
        }
        return out;
    }

    private static Path repositoryRoot() {
        String root = System.getProperty("sextant.repository.root");
        if (root != null) {
            return Path.of(root).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("releng/scripts/trino-server.sh"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the repository (releng/scripts/trino-server.sh) above "
                + Path.of("").toAbsolutePath());
    }
}
