package io.sextant.data.lake.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import io.sextant.dsl.context.ValueType;

/**
 * The manifest of an exported lake ({@code manifest.json}): what a team needs to declare the tables in its
 * engine without Sextant, and to tell which data the files hold.
 *
 * <pre>
 * {"format": "sextant-lake", "version": 1, "exportedAt": "2026-12-01T10:00:00Z", "source": "duckdb",
 *  "dataFingerprint": "sha256:...",
 *  "tables": [{"name": "events", "location": "events", "format": "parquet", "compression": "zstd", "rows": 98765,
 *              "partitionedBy": "day", "partitions": 91,
 *              "columns": [{"name": "p_amount", "type": "DECIMAL(38,10)", "sextantType": "number",
 *                           "property": "amount"}, ...]}, ...]}
 * </pre>
 *
 * A column's {@code type} is the type it has in the Parquet files (as DuckDB names it); {@code sextantType} the
 * type of the language (text, number, boolean, timestamp); {@code property} the property or attribute name it
 * holds, as in the store's property_columns; {@code role} what a base column is (user id, event time, ...);
 * {@code partition} marks the column that is only in the folder names.
 */
public final class LakeManifest {

    public static final String FORMAT = "sextant-lake";
    public static final int VERSION = 1;

    /** One column of an exported table. */
    public record ColumnEntry(String name, String type, ValueType sextantType, String property, String role,
            boolean partition) {
    }

    /** One exported table; {@code partitionedBy} is null for an unpartitioned one. */
    public record TableEntry(String name, String location, long rows, int partitions, String partitionedBy,
            List<ColumnEntry> columns) {
    }

    private LakeManifest() {
    }

    public static void write(Path file, Instant exportedAt, String source, String fingerprint, List<TableEntry> tables)
            throws IOException {
        try (OutputStream out = Files.newOutputStream(file);
                JsonGenerator json = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeStringField("format", FORMAT);
            json.writeNumberField("version", VERSION);
            json.writeStringField("exportedAt", exportedAt.toString());
            json.writeStringField("source", source);
            json.writeStringField("dataFingerprint", fingerprint);
            json.writeArrayFieldStart("tables");
            for (TableEntry table : tables) {
                json.writeStartObject();
                json.writeStringField("name", table.name());
                json.writeStringField("location", table.location());
                json.writeStringField("format", "parquet");
                json.writeStringField("compression", "zstd");
                json.writeNumberField("rows", table.rows());
                if (table.partitionedBy() != null) {
                    json.writeStringField("partitionedBy", table.partitionedBy());
                    json.writeNumberField("partitions", table.partitions());
                }
                json.writeArrayFieldStart("columns");
                for (ColumnEntry column : table.columns()) {
                    json.writeStartObject();
                    json.writeStringField("name", column.name());
                    json.writeStringField("type", column.type());
                    if (column.sextantType() != null) {
                        json.writeStringField("sextantType", column.sextantType().name().toLowerCase(Locale.ROOT));
                    }
                    if (column.property() != null) {
                        json.writeStringField("property", column.property());
                    }
                    if (column.role() != null) {
                        json.writeStringField("role", column.role());
                    }
                    if (column.partition()) {
                        json.writeBooleanField("partition", true);
                    }
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeRaw('\n');
        }
    }
}
