package io.sextant.data.imports.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import io.sextant.data.imports.QuarantineReason;

/**
 * JSON Lines rows: one object per line, read with Jackson's streaming parser. Nested objects and arrays are
 * kept as their JSON text. The field names are those a {@link #scanFields scan} of the whole file found, so
 * a field first seen in the last row still becomes a property.
 */
public final class JsonLinesRecordSource implements RecordSource {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final LineReader lines;
    private final List<String> fields;
    private final Map<String, Integer> index = new HashMap<>();

    public JsonLinesRecordSource(InputStream in, List<String> fields) {
        this.lines = new LineReader(in);
        this.fields = List.copyOf(fields);
        for (int i = 0; i < fields.size(); i++) {
            index.put(fields.get(i), i);
        }
    }

    /**
     * The fields of every object of the file, in order of first appearance, each with the values it takes
     * (observed by {@code inference}). Rows that are not JSON objects are skipped here; the import
     * quarantines them.
     */
    public static List<String> scanFields(InputStream in, Map<String, TypeInference> inference) throws IOException {
        try (JsonLinesRecordSource source = new JsonLinesRecordSource(in, List.of())) {
            java.util.LinkedHashMap<String, Boolean> seen = new java.util.LinkedHashMap<>();
            PhysicalLine line;
            while ((line = source.lines.next()) != null) {
                if (line.error() != null || line.text().isBlank()) {
                    continue;
                }
                try (JsonParser parser = JSON.createParser(line.text())) {
                    if (parser.nextToken() != JsonToken.START_OBJECT) {
                        continue;
                    }
                    JsonToken token;
                    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                        String name = parser.currentName();
                        parser.nextToken();
                        Object value = value(parser, line.text());
                        seen.putIfAbsent(name, Boolean.TRUE);
                        TypeInference types = inference.computeIfAbsent(name, n -> new TypeInference());
                        if (value instanceof String text) {
                            types.observeJsonString(text);
                        } else {
                            types.observe(value);
                        }
                    }
                    if (token != JsonToken.END_OBJECT) {
                        continue;
                    }
                } catch (JsonProcessingException e) {
                    continue;
                }
            }
            return List.copyOf(seen.keySet());
        }
    }

    @Override
    public List<String> fieldNames() {
        return fields;
    }

    @Override
    public long bytesRead() {
        return lines.bytesConsumed();
    }

    @Override
    public SourceRecord next() throws IOException {
        while (true) {
            PhysicalLine line = lines.next();
            if (line == null) {
                return null;
            }
            if (line.error() != null) {
                return SourceRecord.bad(line.number(), line.text(),
                        line.tooLong() ? QuarantineReason.ROW_TOO_LONG : QuarantineReason.INVALID_UTF8,
                        line.error());
            }
            if (line.text().isBlank()) {
                continue;
            }
            return parse(line);
        }
    }

    private SourceRecord parse(PhysicalLine line) throws IOException {
        Object[] values = new Object[fields.size()];
        try (JsonParser parser = JSON.createParser(line.text())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return SourceRecord.bad(line.number(), line.text(), QuarantineReason.INVALID_JSON,
                        "the row is not a JSON object");
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                Object value = value(parser, line.text());
                Integer at = index.get(name);
                if (at == null) {
                    return SourceRecord.bad(line.number(), line.text(), QuarantineReason.INVALID_JSON,
                            "the field '" + name + "' was not in the file when it was scanned (did it change?)");
                }
                values[at] = value;
            }
            if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
                return SourceRecord.bad(line.number(), line.text(), QuarantineReason.INVALID_JSON,
                        "more than one JSON value on the row");
            }
        } catch (JsonProcessingException e) {
            return SourceRecord.bad(line.number(), line.text(), QuarantineReason.INVALID_JSON,
                    e.getOriginalMessage());
        }
        return SourceRecord.good(line.number(), values, line.text());
    }

    /** The current value: String, BigDecimal, Boolean, null, or the JSON text of an object or array. */
    private static Object value(JsonParser parser, String text) throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return parser.getDecimalValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            case START_OBJECT:
            case START_ARRAY:
                int start = (int) parser.currentTokenLocation().getCharOffset();
                parser.skipChildren();
                int end = (int) parser.currentLocation().getCharOffset();
                return new JsonText(text.substring(start, end));
            default:
                throw new JsonParseProblem(parser, "unexpected " + token);
        }
    }

    /** The JSON text of a nested object or array, stored as text. */
    public record JsonText(String json) {
        @Override
        public String toString() {
            return json;
        }
    }

    private static final class JsonParseProblem extends com.fasterxml.jackson.core.JsonParseException {
        private static final long serialVersionUID = 1L;

        JsonParseProblem(JsonParser parser, String message) {
            super(parser, message);
        }
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
