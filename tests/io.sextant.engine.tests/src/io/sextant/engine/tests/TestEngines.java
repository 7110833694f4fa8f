package io.sextant.engine.tests;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.sextant.data.Dialects;
import io.sextant.data.EventDataSource;
import io.sextant.engine.Engine;

/** The same event data in H2 (embedded), DuckDB (embedded) and PostgreSQL (a real server), each behind an engine. */
public final class TestEngines implements AutoCloseable {

    private final PostgresServer postgres;
    private final Map<String, Engine> engines = new LinkedHashMap<>();

    private TestEngines(PostgresServer postgres) {
        this.postgres = postgres;
    }

    public static TestEngines create(Path folder, EventFixture fixture) throws IOException, InterruptedException, SQLException {
        TestEngines result = new TestEngines(PostgresServer.start());
        try {
            EventDataSource h2 = EventDataSource.embeddedH2(folder.resolve("h2"));
            EventDataSource duckdb = EventDataSource.jdbc("jdbc:duckdb:" + folder.resolve("events.duckdb"), null, null,
                    Dialects.DUCKDB, new org.duckdb.DuckDBDriver());
            EventDataSource postgresql = result.postgres.createDatabase("events");
            for (EventDataSource source : new EventDataSource[] { h2, duckdb, postgresql }) {
                fixture.load(source);
                result.engines.put(source.dialect().name(), Engine.on(source));
            }
        } catch (SQLException | RuntimeException e) {
            result.close();
            throw e;
        }
        return result;
    }

    /** Engines by dialect name: h2, duckdb, postgresql. */
    public Map<String, Engine> all() {
        return engines;
    }

    public Engine get(String dialect) {
        return engines.get(dialect);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        postgres.close();
    }
}
