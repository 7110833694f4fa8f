package io.sextant.data.imports.internal;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/** The data rows of one file, read one at a time. */
public interface RecordSource extends Closeable {

    /** The names of the fields, in the order of {@link SourceRecord#values()}. */
    List<String> fieldNames();

    /** The next row, or null at the end of the file. */
    SourceRecord next() throws IOException;

    /** Bytes read so far, for progress. */
    long bytesRead();
}
