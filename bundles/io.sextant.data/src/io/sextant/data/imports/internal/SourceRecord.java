package io.sextant.data.imports.internal;

import io.sextant.data.imports.QuarantineReason;

/**
 * A data row as read from a file: its values in the order of the source's field names (String for CSV;
 * String, BigDecimal, Boolean or null for JSON), or, when the row could not be read, the reason.
 */
public record SourceRecord(long rowNumber, Object[] values, String raw, QuarantineReason problem, String detail) {

    static SourceRecord good(long rowNumber, Object[] values, String raw) {
        return new SourceRecord(rowNumber, values, raw, null, null);
    }

    static SourceRecord bad(long rowNumber, String raw, QuarantineReason problem, String detail) {
        return new SourceRecord(rowNumber, null, raw, problem, detail);
    }

    public boolean isGood() {
        return problem == null;
    }
}
