package io.sextant.data.imports;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What an import did. {@code rowsRead = rowsImported + duplicates + quarantined}.
 *
 * @param importId            the import's id in the data source (imports.import_id)
 * @param file                the file's name
 * @param kind                events or users
 * @param rowsRead            data rows read (not counting a CSV header or blank lines)
 * @param rowsImported        rows added to the source
 * @param duplicates          rows dropped because an identical one (same event id, or same user, event, time
 *                            and properties; for users the same user id) was in the file or the source already
 * @param quarantined         rows kept aside in the quarantine
 * @param quarantinedByReason their number per reason
 * @param firstQuarantined    the first quarantined rows (all are in the quarantine table)
 * @param elapsed             wall time
 */
public record ImportSummary(int importId, String file, ImportKind kind, long rowsRead, long rowsImported,
        long duplicates, long quarantined, Map<QuarantineReason, Long> quarantinedByReason,
        List<QuarantinedRow> firstQuarantined, Duration elapsed) {

    /** One paragraph for the console and the Progress view. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append(file).append(": ").append(rowsRead).append(" rows read, ").append(rowsImported)
                .append(" imported, ").append(duplicates).append(" duplicates dropped, ").append(quarantined)
                .append(" quarantined");
        quarantinedByReason.forEach((reason, count) -> text.append("\n  ").append(reason.label()).append(": ")
                .append(count));
        return text.toString();
    }
}
