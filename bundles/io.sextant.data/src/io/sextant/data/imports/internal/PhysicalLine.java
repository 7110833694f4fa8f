package io.sextant.data.imports.internal;

/**
 * One line of a file as bytes decode to it.
 *
 * @param number  its line number, 1 first
 * @param text    the decoded text without the line end; with U+FFFD for bad bytes when {@code error} is set
 * @param error   null, or why the line cannot be used (invalid UTF-8, too long)
 * @param tooLong whether the error is the line's length
 */
public record PhysicalLine(long number, String text, String error, boolean tooLong) {
}
