package io.sextant.engine.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntFunction;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import de.siegmar.fastcsv.writer.CsvWriter;
import io.sextant.data.Dialects;
import io.sextant.data.EventDataSource;
import io.sextant.data.EventSchema;
import io.sextant.data.generator.GeneratorSettings;
import io.sextant.data.generator.GroundTruth;
import io.sextant.data.generator.SyntheticGenerator;
import io.sextant.data.generator.Tier;
import io.sextant.data.imports.DataImporter;
import io.sextant.data.imports.ImportMapping;
import io.sextant.data.internal.PropertyColumns;
import io.sextant.dsl.context.ValueType;
import io.sextant.dsl.seg.Definition;
import io.sextant.dsl.seg.Metric;
import io.sextant.dsl.seg.Segment;
import io.sextant.engine.Engine;
import io.sextant.engine.EngineRun;
import io.sextant.engine.MetricValues;

/**
 * The same event data in DuckDB or PostgreSQL as in an H2 source that the importer filled: the tables written
 * to CSV and loaded with each engine's bulk loader, property columns created in the same order so that they
 * get the same names. Used by the benchmarks of the engine and of the analyses.
 */
public final class SourceCopies {

    private SourceCopies() {
    }


    /** Writes the events and users tables to CSV files (plain decimals, ISO times); returns each table's columns. */
    public static Map<String, List<String>> exportFromH2(EventDataSource h2, Path folder) throws Exception {
        Files.createDirectories(folder);
        Map<String, List<String>> columns = new LinkedHashMap<>();
        try (Connection connection = h2.open()) {
            for (String table : List.of("users", "events")) {
                try (Statement statement = connection.createStatement();
                        ResultSet rows = statement.executeQuery("SELECT * FROM " + table);
                        CsvWriter csv = CsvWriter.builder().build(folder.resolve(table + ".csv"), StandardCharsets.UTF_8)) {
                    ResultSetMetaData meta = rows.getMetaData();
                    List<String> names = new ArrayList<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        names.add(meta.getColumnName(i));
                    }
                    columns.put(table, names);
                    csv.writeRecord(names);
                    String[] record = new String[names.size()];
                    while (rows.next()) {
                        for (int i = 0; i < record.length; i++) {
                            Object value = rows.getObject(i + 1);
                            record[i] = value == null ? null
                                    : value instanceof BigDecimal decimal ? decimal.toPlainString()
                                    : value instanceof java.sql.Timestamp time ? time.toLocalDateTime().toString().replace('T', ' ')
                                    : value.toString();
                        }
                        csv.writeRecord(Arrays.asList(record));
                    }
                }
            }
        }
        return columns;
    }

    /** Creates the same property columns in the target and loads the exported tables into it, then its indexes. */
    public static void copyInto(EventDataSource target, EventDataSource h2, Path folder,
            Map<String, List<String>> columns) throws Exception {
        try (Connection from = h2.open(); Connection to = target.open()) {
            // the same property columns, in the same order, so they get the same names
            Map<String, PropertyColumns.Column> events = new LinkedHashMap<>();
            Map<String, PropertyColumns.Column> users = new LinkedHashMap<>();
            try (Statement statement = from.createStatement(); ResultSet rows = statement.executeQuery(
                    "SELECT owner, property, value_type FROM property_columns ORDER BY column_name")) {
                while (rows.next()) {
                    boolean event = EventSchema.OWNER_EVENTS.equals(rows.getString(1));
                    PropertyColumns.add(to, target.dialect(), rows.getString(1), rows.getString(2),
                            ValueType.valueOf(rows.getString(3)), event ? events : users);
                }
            }
            EventSchema.dropQueryIndexes(to);
            for (Map.Entry<String, List<String>> table : columns.entrySet()) {
                String list = String.join(", ", table.getValue().stream()
                        .map(n -> n.startsWith("p_") || n.startsWith("a_") ? target.dialect().quote(n) : n).toList());
                Path csv = folder.resolve(table.getKey() + ".csv");
                if (target.dialect() == Dialects.DUCKDB) {
                    try (Statement statement = to.createStatement()) {
                        statement.execute("COPY " + table.getKey() + " (" + list + ") FROM '"
                                + csv.toString().replace("'", "''") + "' (HEADER, NULL '')");
                    }
                } else {
                    org.postgresql.copy.CopyManager copy = to.unwrap(org.postgresql.PGConnection.class).getCopyAPI();
                    try (Reader reader = Files.newBufferedReader(csv)) {
                        copy.copyIn("COPY " + table.getKey() + " (" + list + ") FROM STDIN WITH (FORMAT csv, HEADER true)",
                                reader);
                    }
                }
            }
            EventSchema.createQueryIndexes(to);
            if (target.dialect() == Dialects.POSTGRESQL) {
                try (Statement statement = to.createStatement()) {
                    statement.execute("ANALYZE");
                }
            }
        }
    }

}
