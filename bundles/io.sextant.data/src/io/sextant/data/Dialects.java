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

    /** The dialect of this name, for settings files. */
    public static Dialect byName(String name) {
        if (H2.name().equalsIgnoreCase(name)) {
            return H2;
        }
        throw new IllegalArgumentException("unknown SQL dialect '" + name + "'; known: h2");
    }
}
