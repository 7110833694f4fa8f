package io.sextant.data.imports;

/**
 * A row that was not imported, as kept in the quarantine table.
 *
 * @param file      the file's name
 * @param rowNumber the row's line number in the file (1 is the first line; the CSV header is line 1)
 * @param reason    why
 * @param detail    the specifics, e.g. "5 fields, the header has 7" or the value that did not parse
 * @param raw       the row's text as read (invalid bytes shown as U+FFFD), so nothing is lost
 */
public record QuarantinedRow(String file, long rowNumber, QuarantineReason reason, String detail, String raw) {

    /** "events.csv row 12: unparsable timestamp: ..." */
    public String message() {
        return file + " row " + rowNumber + ": " + reason.label() + (detail == null || detail.isEmpty() ? ""
                : ": " + detail);
    }
}
