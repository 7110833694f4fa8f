package io.sextant.report.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.sextant.report.internal.DesignAssembler;
import io.sextant.report.internal.ReportTable;

/**
 * Layout rules that hold for any names and widths: a column is never narrower than its longest word, so that BIRT,
 * which clips what does not fit a cell, never cuts a name.
 */
class ReportLayoutTest {

    private static final String LONG = "sample.growth.AVeryLongDefinitionNameOfSixtyCharactersInAllX";

    @Test
    void longNamesAndTwelveVariantsFitTheirColumns() {
        assertTrue(LONG.length() >= 59, "about 60 characters: " + LONG.length());
        List<String> headers = new ArrayList<>(List.of("definition", "version", "content hash"));
        List<Boolean> numeric = new ArrayList<>(List.of(false, false, false));
        for (int v = 1; v <= 12; v++) {
            headers.add("variant " + v);
            numeric.add(true);
        }
        List<List<String>> rows = new ArrayList<>();
        for (int r = 0; r < 5; r++) {
            List<String> row = new ArrayList<>(List.of(LONG + r, "v" + r, "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6"));
            for (int v = 1; v <= 12; v++) {
                row.add("1,234,567");
            }
            rows.add(row);
        }
        ReportTable table = new ReportTable("Definitions", null, headers, numeric, rows, null, null);
        List<ReportTable> parts = DesignAssembler.parts(table);
        assertTrue(parts.size() > 1, "twelve variants beside a long name take several parts");
        for (ReportTable part : parts) {
            assertTrue(part.headers().get(0).equals("definition"), "each part starts with the name");
            double[] widths = DesignAssembler.widths(part);
            assertTrue(DesignAssembler.wordsFit(part, widths), () -> "every word fits: " + java.util.Arrays.toString(widths));
        }
    }

    @Test
    void aNameBesideLongSentencesKeepsItsWidth() {
        String sentence = "more new users upgrade within two weeks because the tour shows the features explorers rely on";
        ReportTable table = new ReportTable("Hypotheses", null,
                List.of("hypothesis", "segment", "expected change", "success when", "backs (experiment)", "status", "run"),
                List.of(false, false, false, false, false, false, true),
                List.of(List.of("OnboardingTourConvertsEvenMoreThanBefore", "NewUsers", sentence,
                        "UpgradeConversion increases by 2 %", "OnboardingTour", sentence + " " + sentence, "6")),
                null, null);
        for (ReportTable part : DesignAssembler.parts(table)) {
            assertTrue(DesignAssembler.wordsFit(part, DesignAssembler.widths(part)), () -> part.headers().toString());
        }
    }
}
