package io.sextant.data.imports;

/** Why a row was not imported. */
public enum QuarantineReason {
    /** A CSV row with more or fewer fields than the header. */
    WRONG_COLUMN_COUNT("wrong column count"),
    /** The time field does not parse with the mapping's timestamp format. */
    UNPARSABLE_TIMESTAMP("unparsable timestamp"),
    /** A quoted field is never closed, or characters follow its closing quote. */
    BROKEN_QUOTING("broken quoting"),
    /** The row's bytes are not valid UTF-8. */
    INVALID_UTF8("invalid UTF-8"),
    /** The user id is missing or blank. */
    EMPTY_USER_ID("empty user id"),
    /** The event name is missing or blank. */
    EMPTY_EVENT_NAME("empty event name"),
    /** A JSON Lines row that is not one JSON object. */
    INVALID_JSON("invalid JSON"),
    /** A property value that is not of the property's type. */
    BAD_VALUE("value of the wrong type"),
    /** A row longer than the import accepts (a runaway line). */
    ROW_TOO_LONG("row too long");

    private final String label;

    QuarantineReason(String label) {
        this.label = label;
    }

    /** How the summary and the quarantine name it. */
    public String label() {
        return label;
    }
}
