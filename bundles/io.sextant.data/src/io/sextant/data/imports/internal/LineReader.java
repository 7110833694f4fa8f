package io.sextant.data.imports.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a UTF-8 byte stream into lines and decodes each one on its own with a strict decoder, so a line
 * with invalid bytes is reported with its number and the lines after it are still read. (A Reader over the
 * whole stream would stop at the first bad byte and lose everything after it.) Memory is bounded by the
 * longest accepted line.
 */
public final class LineReader implements Closeable {

    /** Lines longer than this are reported as too long rather than held in memory. */
    public static final int MAX_LINE_BYTES = 8 << 20;

    private final InputStream in;
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private long bytesConsumed;
    private long lineNumber;
    private byte[] line = new byte[4096];
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private boolean first = true;

    public LineReader(InputStream in) {
        this.in = in;
    }

    /** Bytes handed out as lines so far, for progress. */
    public long bytesConsumed() {
        return bytesConsumed;
    }

    /** The next line, or null at the end. A final line without a line end counts; an empty last one not. */
    public PhysicalLine next() throws IOException {
        int length = 0;
        boolean tooLong = false;
        boolean sawAny = false;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    if (!sawAny) {
                        return null;
                    }
                    break;
                }
            }
            sawAny = true;
            int start = position;
            int end = start;
            while (end < limit && buffer[end] != '\n') {
                end++;
            }
            int chunk = end - start;
            if (!tooLong) {
                if (length + chunk > MAX_LINE_BYTES) {
                    tooLong = true;
                } else {
                    if (length + chunk > line.length) {
                        line = Arrays.copyOf(line, Math.max(length + chunk, line.length * 2));
                    }
                    System.arraycopy(buffer, start, line, length, chunk);
                    length += chunk;
                }
            }
            bytesConsumed += chunk;
            if (end < limit) {
                position = end + 1;
                bytesConsumed++;
                break;
            }
            position = limit;
        }
        lineNumber++;
        if (tooLong) {
            return new PhysicalLine(lineNumber, "", "the row is longer than " + (MAX_LINE_BYTES >> 20) + " MB", true);
        }
        int offset = 0;
        if (first) {
            first = false;
            // a UTF-8 byte order mark is not part of the first field's name
            if (length >= 3 && (line[0] & 0xFF) == 0xEF && (line[1] & 0xFF) == 0xBB && (line[2] & 0xFF) == 0xBF) {
                offset = 3;
            }
        }
        if (length > offset && line[length - 1] == '\r') {
            length--;
        }
        return decode(offset, length);
    }

    private PhysicalLine decode(int offset, int length) {
        boolean ascii = true;
        for (int i = offset; i < length; i++) {
            if (line[i] < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            // the common case, and the cheapest String construction there is
            return new PhysicalLine(lineNumber, new String(line, offset, length - offset, StandardCharsets.ISO_8859_1),
                    null, false);
        }
        try {
            CharBuffer chars = decoder.reset().decode(ByteBuffer.wrap(line, offset, length - offset));
            return new PhysicalLine(lineNumber, chars.toString(), null, false);
        } catch (CharacterCodingException e) {
            int bad = firstInvalidByte(offset, length);
            return new PhysicalLine(lineNumber, new String(line, offset, length - offset, StandardCharsets.UTF_8),
                    "byte " + (bad - offset + 1) + " of the row is not valid UTF-8", false);
        }
    }

    /** The index of the first byte that makes the line invalid, found by decoding growing prefixes. */
    private int firstInvalidByte(int offset, int length) {
        CharsetDecoder probe = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer bytes = ByteBuffer.wrap(line, offset, length - offset);
        CharBuffer out = CharBuffer.allocate(length - offset + 1);
        var result = probe.decode(bytes, out, true);
        return result.isError() ? bytes.position() : length;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
