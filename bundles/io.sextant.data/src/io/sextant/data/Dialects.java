package io.sextant.data;

import java.util.List;
import java.util.stream.Collectors;

import io.sextant.dsl.context.ValueType;

/** The dialects Sextant knows. H2 is the default, embedded in the project. */
public final class Dialects {

    private Dialects() {
    }

    /** H2 2.x: exact decimals as DECFLOAT, UTC instants as TIMESTAMP(3). */
    public static final Dialect H2 = new Dialect() {
        @Override
        public String name() {
            return "h2";
        }

        @Override
        public String columnType(ValueType type) {
            return switch (type) {
                case TEXT -> "VARCHAR";
                // exact decimals: the language compares "exact decimals, never binary floating point"
                case NUMBER -> "DECFLOAT";
                case BOOLEAN -> "BOOLEAN";
                case TIMESTAMP -> "TIMESTAMP(3)";
            };
        }

        /**
         * A plain INSERT: H2 runs the rest of a batch after a row fails on the unique key, and keeps the
         * transaction, so the unique index does the deduplication with one key lookup per row (a MERGE ...
         * WHEN NOT MATCHED looks the key up twice; on tier S the two were equally fast).
         */
        @Override
        public String insertUnlessKeyExists(String table, String keyColumn, List<String> columns,
                List<String> columnTypes) {
            String placeholders = columns.stream().map(c -> "?").collect(Collectors.joining(", "));
            return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES (" + placeholders + ")";
        }
    };

    /**
     * DuckDB 1.x/2.x: the fast local engine for larger data. Exact decimals as DECIMAL(38,10) (DuckDB has no
     * arbitrary-precision type; ten places hold every amount and cost the generator and the language write),
     * instants as TIMESTAMP (microseconds, no time zone: UTC by convention).
     */
    public static final Dialect DUCKDB = new Dialect() {
        @Override
        public String name() {
            return "duckdb";
        }

        @Override
        public String columnType(ValueType type) {
            return switch (type) {
                case TEXT -> "VARCHAR";
                case NUMBER -> "DECIMAL(38,10)";
                case BOOLEAN -> "BOOLEAN";
                case TIMESTAMP -> "TIMESTAMP";
            };
        }

        @Override
        public String insertUnlessKeyExists(String table, String keyColumn, List<String> columns,
                List<String> columnTypes) {
            return insertOnConflictDoNothing(table, keyColumn, columns);
        }
    };

    /**
     * PostgreSQL 13 and later: exact decimals as NUMERIC, instants as TIMESTAMP(3) without time zone (UTC by
     * convention, like H2). Text comparisons that order values use the "C" collation (see the engine's
     * dialect layer), so that they agree with H2 and DuckDB whatever the database's locale.
     */
    public static final Dialect POSTGRESQL = new Dialect() {
        @Override
        public String name() {
            return "postgresql";
        }

        @Override
        public String columnType(ValueType type) {
            return switch (type) {
                case TEXT -> "TEXT";
                case NUMBER -> "NUMERIC";
                case BOOLEAN -> "BOOLEAN";
                case TIMESTAMP -> "TIMESTAMP(3)";
            };
        }

        /** A failed row aborts a PostgreSQL transaction, so duplicates must not fail: ON CONFLICT skips them. */
        @Override
        public String insertUnlessKeyExists(String table, String keyColumn, List<String> columns,
                List<String> columnTypes) {
            return insertOnConflictDoNothing(table, keyColumn, columns);
        }
    };

    /**
     * Trino (476 and later), over a team's lake: read-only for Sextant (nothing is imported into it), so it has
     * no insert; the types are those the lake export writes. The engine stages a run's members in tables of a
     * writable catalog (Trino has no temporary tables; see the engine's dialect layer).
     */
    public static final Dialect TRINO = new Dialect() {
        @Override
        public String name() {
            return "trino";
        }

        @Override
        public String columnType(ValueType type) {
            return switch (type) {
                case TEXT -> "varchar";
                case NUMBER -> "decimal(38,10)";
                case BOOLEAN -> "boolean";
                case TIMESTAMP -> "timestamp(6)";
            };
        }

        @Override
        public String insertUnlessKeyExists(String table, String keyColumn, List<String> columns,
                List<String> columnTypes) {
            throw new UnsupportedOperationException("a Trino data source is read-only: import into the lake instead");
        }
    };

    private static String insertOnConflictDoNothing(String table, String keyColumn, List<String> columns) {
        String placeholders = columns.stream().map(c -> "?").collect(Collectors.joining(", "));
        return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES (" + placeholders
                + ") ON CONFLICT (" + keyColumn + ") DO NOTHING";
    }

    /** Every dialect Sextant stores events in, H2 first (Trino, read-only, is {@link #TRINO}). */
    public static List<Dialect> all() {
        return List.of(H2, DUCKDB, POSTGRESQL);
    }

    /** The dialect of this name, for settings files. */
    public static Dialect byName(String name) {
        if (TRINO.name().equalsIgnoreCase(name)) {
            return TRINO;
        }
        for (Dialect dialect : all()) {
            if (dialect.name().equalsIgnoreCase(name)) {
                return dialect;
            }
        }
        throw new IllegalArgumentException("unknown SQL dialect '" + name + "'; known: "
                + all().stream().map(Dialect::name).collect(Collectors.joining(", ")) + ", " + TRINO.name());
    }
}
