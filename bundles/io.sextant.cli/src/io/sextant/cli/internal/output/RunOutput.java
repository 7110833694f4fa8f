package io.sextant.cli.internal.output;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import de.siegmar.fastcsv.writer.CsvWriter;

import io.sextant.model.AnalysisRun;
import io.sextant.model.Column;
import io.sextant.model.MatrixResult;
import io.sextant.model.Parameter;
import io.sextant.model.Result;
import io.sextant.model.SeriesResult;
import io.sextant.model.TableResult;
import io.sextant.model.ValueKind;
import io.sextant.model.VersionReference;

/**
 * A stored run and its results as data: JSON (one object per run) or CSV (one table per result). Numbers are
 * JSON numbers and plain CSV numbers; a missing or non-finite value is {@code null} in JSON and empty in CSV.
 */
public final class RunOutput {

    private RunOutput() {
    }

    /** A JSON generator on {@code out} that leaves it open, pretty-printed. */
    public static JsonGenerator json(OutputStream out) throws IOException {
        JsonGenerator json = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        json.useDefaultPrettyPrinter();
        return json;
    }

    /**
     * {@code {"id", "analysis", "status", "error", "startedBy", "startedAt", "endedAt", "dataSource",
     * "dataFingerprint", "parameters": {name: value}, "inputs": [{"name", "version"}], "results": [...]}}; a
     * result is {@code {"name", "description", "type": "table", "columns": [{"name", "kind", "unit",
     * "values"}]}}, {@code {"type": "series", "xUnit", "yUnit", "x", "y", "lower", "upper"}} or
     * {@code {"type": "matrix", "unit", "rows", "columns", "values": [[...], ...]}}.
     */
    public static void writeRun(JsonGenerator json, AnalysisRun run) throws IOException {
        json.writeStartObject();
        json.writeNumberField("id", run.getId());
        json.writeStringField("analysis", run.getAnalysisId());
        json.writeStringField("status", run.getStatus().getLiteral());
        json.writeStringField("error", run.getError());
        json.writeStringField("startedBy", run.getStartedBy());
        json.writeStringField("startedAt", run.getStartedAt() == null ? null : run.getStartedAt().toString());
        json.writeStringField("endedAt", run.getEndedAt() == null ? null : run.getEndedAt().toString());
        json.writeStringField("dataSource", run.getDataSourceName());
        json.writeStringField("dataFingerprint", run.getDataFingerprint());
        json.writeObjectFieldStart("parameters");
        for (Parameter parameter : run.getParameters()) {
            json.writeStringField(parameter.getName(), parameter.getValue());
        }
        json.writeEndObject();
        json.writeArrayFieldStart("inputs");
        for (VersionReference input : run.getInputs()) {
            json.writeStartObject();
            json.writeStringField("name", input.getQualifiedName());
            json.writeNumberField("version", input.getNumber());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("results");
        for (Result result : run.getResults()) {
            writeResult(json, result);
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void writeResult(JsonGenerator json, Result result) throws IOException {
        json.writeStartObject();
        json.writeStringField("name", result.getName());
        json.writeStringField("description", result.getDescription());
        if (result instanceof TableResult table) {
            json.writeStringField("type", "table");
            json.writeArrayFieldStart("columns");
            for (Column column : table.getColumns()) {
                json.writeStartObject();
                json.writeStringField("name", column.getName());
                json.writeStringField("kind", column.getKind().getLiteral());
                json.writeStringField("unit", column.getUnit());
                json.writeArrayFieldStart("values");
                if (column.getKind() == ValueKind.TEXT) {
                    for (String text : column.getTexts()) {
                        json.writeString(text);
                    }
                } else {
                    numbers(json, column.getNumbers());
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
        } else if (result instanceof SeriesResult series) {
            json.writeStringField("type", "series");
            json.writeStringField("xUnit", series.getXUnit());
            json.writeStringField("yUnit", series.getYUnit());
            for (String axis : List.of("x", "y", "lower", "upper")) {
                json.writeArrayFieldStart(axis);
                numbers(json, switch (axis) {
                    case "x" -> series.getX();
                    case "y" -> series.getY();
                    case "lower" -> series.getLower();
                    default -> series.getUpper();
                });
                json.writeEndArray();
            }
        } else if (result instanceof MatrixResult matrix) {
            json.writeStringField("type", "matrix");
            json.writeStringField("unit", matrix.getUnit());
            json.writeArrayFieldStart("rows");
            for (String label : matrix.getRowLabels()) {
                json.writeString(label);
            }
            json.writeEndArray();
            json.writeArrayFieldStart("columns");
            for (String label : matrix.getColumnLabels()) {
                json.writeString(label);
            }
            json.writeEndArray();
            json.writeArrayFieldStart("values");
            int width = matrix.getColumnLabels().size();
            for (int row = 0; row < matrix.getRowLabels().size(); row++) {
                json.writeStartArray();
                numbers(json, matrix.getValues().subList(row * width, (row + 1) * width));
                json.writeEndArray();
            }
            json.writeEndArray();
        }
        json.writeEndObject();
    }

    private static void numbers(JsonGenerator json, List<Double> values) throws IOException {
        for (Double value : values) {
            if (value == null || value.isNaN() || value.isInfinite()) {
                json.writeNull();
            } else if (value == Math.rint(value) && Math.abs(value) < 1e15) {
                json.writeNumber(value.longValue());
            } else {
                json.writeNumber(value.doubleValue());
            }
        }
    }

    /** One result as a CSV table: a table's columns; a series' x, y, lower, upper; a matrix's rows. */
    public static void writeCsv(PrintStream out, Result result) {
        CsvWriter csv = Csv.writer(out);
        if (result instanceof TableResult table) {
            csv.writeRecord(table.getColumns().stream().map(Column::getName).toList());
            int rows = table.getColumns().stream()
                    .mapToInt(c -> c.getKind() == ValueKind.TEXT ? c.getTexts().size() : c.getNumbers().size()).max().orElse(0);
            for (int row = 0; row < rows; row++) {
                List<String> fields = new ArrayList<>();
                for (Column column : table.getColumns()) {
                    if (column.getKind() == ValueKind.TEXT) {
                        fields.add(row < column.getTexts().size() ? column.getTexts().get(row) : "");
                    } else {
                        fields.add(row < column.getNumbers().size() ? Csv.number(column.getNumbers().get(row)) : "");
                    }
                }
                csv.writeRecord(fields);
            }
        } else if (result instanceof SeriesResult series) {
            boolean interval = !series.getLower().isEmpty();
            csv.writeRecord(interval ? List.of("x", "y", "lower", "upper") : List.of("x", "y"));
            for (int i = 0; i < series.getX().size(); i++) {
                List<String> fields = new ArrayList<>(List.of(Csv.number(series.getX().get(i)), Csv.number(series.getY().get(i))));
                if (interval) {
                    fields.add(Csv.number(series.getLower().get(i)));
                    fields.add(i < series.getUpper().size() ? Csv.number(series.getUpper().get(i)) : "");
                }
                csv.writeRecord(fields);
            }
        } else if (result instanceof MatrixResult matrix) {
            List<String> header = new ArrayList<>();
            header.add("");
            header.addAll(matrix.getColumnLabels());
            csv.writeRecord(header);
            int width = matrix.getColumnLabels().size();
            for (int row = 0; row < matrix.getRowLabels().size(); row++) {
                List<String> fields = new ArrayList<>();
                fields.add(matrix.getRowLabels().get(row));
                for (Double value : matrix.getValues().subList(row * width, (row + 1) * width)) {
                    fields.add(Csv.number(value));
                }
                csv.writeRecord(fields);
            }
        }
        try {
            csv.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
