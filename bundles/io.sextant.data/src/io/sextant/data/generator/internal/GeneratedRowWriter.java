package io.sextant.data.generator.internal;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;

/**
 * Writes generated rows with fixed columns to a CSV file (FastCSV: a header, empty cells for missing
 * values) and/or a JSON Lines file (Jackson: only the fields that have a value). Values are text; the
 * columns listed as numeric are written as JSON numbers.
 */
public final class GeneratedRowWriter implements Closeable {

    private final List<String> columns;
    private final boolean[] numeric;
    private final CsvWriter csv;
    private final Writer jsonOut;
    private final JsonGenerator json;

    public GeneratedRowWriter(Path csvFile, Path jsonLinesFile, List<String> columns, List<String> numericColumns)
            throws IOException {
        this.columns = List.copyOf(columns);
        this.numeric = new boolean[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            numeric[i] = numericColumns.contains(columns.get(i));
        }
        if (csvFile != null) {
            csv = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(
                    new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(csvFile), StandardCharsets.UTF_8), 1 << 16));
            csv.writeRecord(columns);
        } else {
            csv = null;
        }
        if (jsonLinesFile != null) {
            jsonOut = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(jsonLinesFile), StandardCharsets.UTF_8),
                    1 << 16);
            json = JsonFactory.builder().build().createGenerator(jsonOut);
            json.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
        } else {
            jsonOut = null;
            json = null;
        }
    }

    /** One row; {@code values} in column order, null for none. The array may be reused by the caller. */
    public void write(String[] values) throws IOException {
        if (csv != null) {
            String[] cells = new String[values.length];
            for (int i = 0; i < values.length; i++) {
                cells[i] = values[i] == null ? "" : values[i];
            }
            csv.writeRecord(cells);
        }
        if (json != null) {
            json.writeStartObject();
            for (int i = 0; i < values.length; i++) {
                if (values[i] != null) {
                    json.writeFieldName(columns.get(i));
                    if (numeric[i]) {
                        json.writeNumber(values[i]);
                    } else {
                        json.writeString(values[i]);
                    }
                }
            }
            json.writeEndObject();
            json.flush();
            jsonOut.write('\n');
        }
    }

    @Override
    public void close() throws IOException {
        if (csv != null) {
            csv.close();
        }
        if (json != null) {
            json.close();
            jsonOut.close();
        }
    }
}
