package io.sextant.data;

import java.util.List;
import java.util.stream.Collectors;

import io.sextant.dsl.context.ValueType;

/** The dialects Sextant knows. H2 is the default, embedded in the project. */
public final class Dialects {

    private Dialects() {
    }

    /** H2 2.x: exact decimals as DECFLOAT, UTC instants as TIMESTAMP, MERGE ... WHEN NOT MATCHED. */
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

        @Override
        public String insertUnlessKeyExists(String table, String keyColumn, List<String> columns,
                List<String> columnTypes) {
            // typed parameters: H2 cannot infer the type of a bare ? in VALUES
            String placeholders = columnTypes.stream().map(t -> "CAST(? AS " + t + ")")
                    .collect(Collectors.joining(", "));
            String names = String.join(", ", columns);
            String sourceNames = columns.stream().map(c -> "s." + c).collect(Collectors.joining(", "));
            return "MERGE INTO " + table + " t USING (VALUES (" + placeholders + ")) s(" + names + ") ON t."
                    + keyColumn + " = s." + keyColumn + " WHEN NOT MATCHED THEN INSERT (" + names + ") VALUES ("
                    + sourceNames + ")";
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
