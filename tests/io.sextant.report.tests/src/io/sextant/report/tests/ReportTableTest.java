package io.sextant.report.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.sextant.report.internal.ReportTable;

/** A table wider than the page is printed as several, each with the row's label first, losing no cell. */
class ReportTableTest {

    @Test
    void aWideTableIsCutIntoPartsThatEachStartWithTheLabel() {
        List<String> headers = new ArrayList<>();
        List<Boolean> numeric = new ArrayList<>();
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        for (int c = 0; c < 19; c++) {
            headers.add("h" + c);
            numeric.add(c > 0);
            first.add(c == 0 ? "tour vs control" : "1." + c);
            second.add(c == 0 ? "plain vs control" : "2." + c);
        }
        ReportTable table = new ReportTable("Lifts", "each lift", headers, numeric, List.of(first, second), null, "a note");
        List<ReportTable> parts = table.columnParts(10);
        assertEquals(2, parts.size());
        assertEquals(List.of("h0", "h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8", "h9"), parts.get(0).headers());
        assertEquals(List.of("h0", "h10", "h11", "h12", "h13", "h14", "h15", "h16", "h17", "h18"), parts.get(1).headers());
        assertEquals(List.of("plain vs control", "2.10", "2.11", "2.12", "2.13", "2.14", "2.15", "2.16", "2.17", "2.18"),
                parts.get(1).rows().get(1));
        assertEquals(false, parts.get(1).numeric().get(0));
        assertEquals(true, parts.get(1).numeric().get(1));
        // every cell is printed once, the label once per part
        long cells = parts.stream().mapToLong(p -> (long) p.headers().size() * p.rows().size()).sum();
        assertEquals(19 * 2 + 2, cells);
    }

    @Test
    void aTableThatFitsIsLeftWhole() {
        ReportTable table = ReportTable.of("Sizes", null, List.of("segment", "members"), List.of(List.of("A", "12")));
        assertSame(table, table.columnParts(10).get(0));
        assertEquals(1, table.columnParts(10).size());
        assertThrows(IllegalArgumentException.class, () -> table.columnParts(1));
    }
}
