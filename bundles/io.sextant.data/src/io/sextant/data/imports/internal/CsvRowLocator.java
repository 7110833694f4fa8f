package io.sextant.data.imports.internal;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Finds the row number and raw text of records that DuckDB's CSV reader read, by their ordinal (the n-th data
 * record of the file, 0 first, as DuckDbCsvImport numbers them). DuckDB does not report where a
 * record it accepted starts, and a record may span lines (a quoted field with line breaks) or follow blank
 * lines, so the ordinal is not the line number. This scan only splits the bytes into records, the way a CSV
 * reader does for a well-formed file (a line break inside double quotes belongs to the field; blank lines are
 * no records), and is run only when some rows are quarantined, once, in file order, without parsing fields.
 *
 * <p>Row numbers and raw text are those of {@link CsvRecordSource}: the record's first line, counting the
 * header as line 1; the record's lines joined by '\n', each without its '\r', the header without a byte order
 * mark. Only used on files DuckDB read without rejecting a line, so every byte is valid UTF-8.
 */
final class CsvRowLocator implements Closeable {

    /** Where a record is. */
    record Located(long rowNumber, String raw) {
    }

    private final InputStream in;
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private final ByteArrayOutputStream recordBytes = new ByteArrayOutputStream();
    private final int maxRaw;
    private long line;
    private long ordinal = -1;

    /** {@code maxRaw}: the bytes of a record kept for its raw text at most. */
    CsvRowLocator(InputStream in, int maxRaw) throws IOException {
        this.in = in;
        this.maxRaw = maxRaw;
        skipHeader();
    }

    /** The header is the first line (CsvRecordSource reads it so, and refuses a header with a line break). */
    private void skipHeader() throws IOException {
        int b;
        while ((b = read()) >= 0 && b != '\n') {
            // skipped
        }
        line = 1;
    }

    /**
     * The record with the given ordinal, which must be larger than the last one asked for; null when the file
     * has fewer records.
     */
    Located locate(long wanted) throws IOException {
        while (ordinal < wanted) {
            boolean keep = ordinal + 1 == wanted;
            long first = nextRecord(keep);
            if (first < 0) {
                return null;
            }
            if (keep) {
                return new Located(first, raw());
            }
        }
        throw new IllegalArgumentException("record " + wanted + " was passed already");
    }

    /** The number of records from here to the end of the file plus those already passed. */
    long count() throws IOException {
        while (nextRecord(false) >= 0) {
            // counted in nextRecord
        }
        return ordinal + 1;
    }

    /**
     * Reads the next record (skipping blank lines); returns the line it starts on, or -1 at the end of the
     * file. Keeps its bytes when {@code keep}.
     */
    private long nextRecord(boolean keep) throws IOException {
        recordBytes.reset();
        int b;
        // blank lines ("" or "\r") are no records
        while (true) {
            b = read();
            if (b < 0) {
                return -1;
            }
            line++;
            if (b == '\n') {
                continue;
            }
            if (b == '\r' && peek() == '\n') {
                read();
                continue;
            }
            break;
        }
        long first = line;
        ordinal++;
        boolean quoted = false;
        while (b >= 0) {
            if (b == '"') {
                quoted = !quoted; // an escaped quote ("") toggles twice
            } else if (b == '\n') {
                if (!quoted) {
                    break;
                }
                line++;
            }
            if (keep && recordBytes.size() < maxRaw) {
                recordBytes.write(b);
            }
            b = read();
        }
        return first;
    }

    private String raw() {
        String[] lines = recordBytes.toString(StandardCharsets.UTF_8).split("\n", -1);
        StringBuilder raw = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            String text = lines[i];
            raw.append(i > 0 ? "\n" : "").append(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
        }
        return raw.toString();
    }

    private int peek() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position] & 0xFF;
    }

    private int read() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position++] & 0xFF;
    }

    private boolean fill() throws IOException {
        limit = Math.max(0, in.read(buffer));
        position = 0;
        return limit > 0;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
