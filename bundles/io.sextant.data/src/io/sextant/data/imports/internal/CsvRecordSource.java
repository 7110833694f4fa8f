package io.sextant.data.imports.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.reader.CsvRecordHandler;

import io.sextant.data.imports.ImportException;
import io.sextant.data.imports.QuarantineReason;

/**
 * CSV rows with a header, parsed by FastCSV one logical record at a time. Lines come from a
 * {@link LineReader}, so a row with invalid UTF-8 is quarantined alone. A quoted field may span lines; a
 * quote that never closes (within {@value #MAX_RECORD_LINES} lines) quarantines only the line where it
 * opened, and reading resumes on the next line, so one broken quote does not swallow the rest of the file.
 */
public final class CsvRecordSource implements RecordSource {

    static final int MAX_RECORD_LINES = 100;

    private final String fileName;
    private final LineReader lines;
    private final Deque<PhysicalLine> pending = new ArrayDeque<>();
    private final CsvReader.CsvReaderBuilder parser;
    private final List<String> header;

    public CsvRecordSource(String fileName, InputStream in, char delimiter) throws IOException, ImportException {
        this.fileName = fileName;
        this.lines = new LineReader(in);
        // strict: characters after a closing quote are an error, not silently kept
        this.parser = CsvReader.builder().fieldSeparator(delimiter).allowExtraCharsAfterClosingQuote(false)
                .skipEmptyLines(false).allowMissingFields(true).allowExtraFields(true);
        this.header = readHeader();
    }

    private List<String> readHeader() throws IOException, ImportException {
        PhysicalLine first = lines.next();
        if (first == null || first.text().isBlank() && first.error() == null) {
            throw new ImportException(fileName + " row 1: the file is empty; a CSV file starts with a header row");
        }
        if (first.error() != null) {
            throw new ImportException(fileName + " row 1 (the header): " + first.error());
        }
        List<String> names;
        try {
            names = parse(first.text()).getFields();
        } catch (CsvParseException | BrokenRecord e) {
            throw new ImportException(fileName + " row 1 (the header) is not valid CSV: " + rootMessage(e));
        }
        Set<String> seen = new HashSet<>();
        List<String> cleaned = new ArrayList<>();
        for (String name : names) {
            String field = name.strip();
            if (field.isEmpty()) {
                throw new ImportException(fileName + " row 1 (the header): column " + (cleaned.size() + 1)
                        + " has no name");
            }
            if (!seen.add(field)) {
                throw new ImportException(fileName + " row 1 (the header): the column name '" + field
                        + "' appears twice");
            }
            cleaned.add(field);
        }
        return List.copyOf(cleaned);
    }

    @Override
    public List<String> fieldNames() {
        return header;
    }

    @Override
    public long bytesRead() {
        return lines.bytesConsumed();
    }

    @Override
    public SourceRecord next() throws IOException {
        while (true) {
            PhysicalLine first = nextLine();
            if (first == null) {
                return null;
            }
            if (first.error() != null) {
                return SourceRecord.bad(first.number(), first.text(),
                        first.tooLong() ? QuarantineReason.ROW_TOO_LONG : QuarantineReason.INVALID_UTF8,
                        first.error());
            }
            if (first.text().isEmpty()) {
                continue; // blank lines separate nothing in CSV; they are not rows
            }
            SourceRecord record = read(first);
            if (record != null) {
                return record;
            }
        }
    }

    private SourceRecord read(PhysicalLine first) throws IOException {
        String text = first.text();
        List<PhysicalLine> joined = new ArrayList<>(1);
        boolean open = (countQuotes(text) & 1) == 1;
        while (open && joined.size() < MAX_RECORD_LINES) {
            PhysicalLine more = nextLine();
            if (more == null) {
                break;
            }
            if (more.error() != null) {
                pending.addFirst(more);
                break;
            }
            joined.add(more);
            text = text + "\n" + more.text();
            open = (countQuotes(more.text()) & 1) == 1 ? !open : open;
        }
        if (open) {
            giveBack(joined);
            return SourceRecord.bad(first.number(), first.text(), QuarantineReason.BROKEN_QUOTING,
                    "a quoted field opened in this row is never closed");
        }
        CsvRecord record;
        try {
            record = parse(text);
        } catch (CsvParseException | BrokenRecord e) {
            giveBack(joined);
            return SourceRecord.bad(first.number(), first.text(), QuarantineReason.BROKEN_QUOTING, rootMessage(e));
        }
        if (record.getFieldCount() != header.size()) {
            // a record joined over several lines by a stray quote is wrong as a whole: give back the lines
            giveBack(joined);
            return SourceRecord.bad(first.number(), joined.isEmpty() ? text : first.text(),
                    QuarantineReason.WRONG_COLUMN_COUNT, record.getFieldCount() + " fields, the header has "
                            + header.size());
        }
        return SourceRecord.good(first.number(), record.getFields().toArray(), text);
    }

    private CsvRecord parse(String text) throws BrokenRecord {
        try (CsvReader<CsvRecord> reader = parser.build(CsvRecordHandler.of(), text)) {
            var records = reader.iterator();
            CsvRecord record = records.next();
            if (records.hasNext()) {
                throw new BrokenRecord("a quote inside an unquoted field");
            }
            return record;
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail", e);
        }
    }

    private void giveBack(List<PhysicalLine> joined) {
        for (int i = joined.size() - 1; i >= 0; i--) {
            pending.addFirst(joined.get(i));
        }
    }

    private PhysicalLine nextLine() throws IOException {
        return pending.isEmpty() ? lines.next() : pending.pollFirst();
    }

    private static int countQuotes(String text) {
        int count = 0;
        for (int i = text.indexOf('"'); i >= 0; i = text.indexOf('"', i + 1)) {
            count++;
        }
        return count;
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message;
    }

    /** A record that parses but is not one well-formed CSV row. */
    private static final class BrokenRecord extends Exception {
        private static final long serialVersionUID = 1L;

        BrokenRecord(String message) {
            super(message);
        }
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
