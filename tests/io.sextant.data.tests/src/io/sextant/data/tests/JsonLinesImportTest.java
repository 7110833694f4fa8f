package io.sextant.data.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sextant.data.EventDataSource;
import io.sextant.data.imports.DataImporter;
import io.sextant.data.imports.ImportMapping;
import io.sextant.data.imports.ImportSummary;
import io.sextant.data.imports.QuarantineReason;
import io.sextant.data.imports.QuarantinedRow;

/** JSON Lines import: typed values, fields first seen late, nested values, bad rows. */
class JsonLinesImportTest {

    @TempDir
    Path project;

    @Test
    void objectsAreImportedAndBadRowsQuarantined() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("""
                {"uid":"u1","name":"purchase","ts":"2025-03-01T10:00:00Z","amount":12.5,"paid":true}
                {"uid":"u2","name":"page_viewed","ts":"2025-03-01T11:00:00Z","page":"home"}
                not json at all
                [1, 2, 3]
                {"uid":"","name":"x","ts":"2025-03-01T11:00:00Z"}
                {"uid":"u3","name":"y","ts":"March"}
                {"uid":"u4","name":"z","ts":"2025-03-01T12:00:00Z","amount":"lots"}
                {"uid":"u5","name":"w","ts":"2025-03-01T12:00:00Z"} {"uid":"u6"}
                """.getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(new byte[] { '{', '"', 'u', '"', ':', '"', (byte) 0xC3, '"', '}', '\n' }); // truncated UTF-8
        bytes.writeBytes("""
                {"uid":"u7","name":"late","ts":"2025-03-02T00:00:00Z","context":{"os":"linux","v":[1,2]},"late_field":7}
                """.getBytes(StandardCharsets.UTF_8));
        Path file = project.resolve("events.jsonl");
        Files.write(file, bytes.toByteArray());
        EventDataSource source = EventDataSource.embedded(project);
        ImportSummary summary = new DataImporter(source).importFile(file,
                ImportMapping.events("uid", "name", "ts").type("amount", io.sextant.dsl.context.ValueType.NUMBER).build(),
                new NullProgressMonitor());

        Map<Long, QuarantineReason> reasons = new TreeMap<>();
        for (QuarantinedRow row : summary.firstQuarantined()) {
            reasons.put(row.rowNumber(), row.reason());
        }
        assertEquals(Map.of(3L, QuarantineReason.INVALID_JSON, 4L, QuarantineReason.INVALID_JSON, 5L,
                QuarantineReason.EMPTY_USER_ID, 6L, QuarantineReason.UNPARSABLE_TIMESTAMP, 7L,
                QuarantineReason.BAD_VALUE, 8L, QuarantineReason.INVALID_JSON, 9L, QuarantineReason.INVALID_UTF8),
                reasons);
        assertEquals(3, summary.rowsImported());
        assertEquals(List.of("u1|purchase|12.5|TRUE|null|null|null", "u2|page_viewed|null|null|home|null|null",
                "u7|late|null|null|null|{\"os\":\"linux\",\"v\":[1,2]}|7"),
                Sources.rows(source, "SELECT user_id, event_name, \"p_amount\", \"p_paid\", \"p_page\", \"p_context\","
                        + " \"p_late_field\" FROM events ORDER BY user_id"));
        assertEquals(List.of("amount|NUMBER", "context|TEXT", "late_field|NUMBER", "page|TEXT", "paid|BOOLEAN"),
                Sources.rows(source, "SELECT property, value_type FROM property_columns ORDER BY property"));
    }
}
