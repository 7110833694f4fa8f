package io.sextant.report.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.sextant.report.internal.DesignAssembler;
import io.sextant.report.internal.ReportTable;

/**
 * Layout rules that hold for any names and widths: a column is never narrower than its longest word, so that BIRT,
 * which lets what does not fit a cell run over the next, never cuts a name; names too long to stand whole beside
 * each other wrap at the word boundaries inside them.
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
        // a name, a hash and twelve numbers cannot stand whole on one line: the name wraps at its word boundaries
        // rather than the table being cut into a part per number (14 parts)
        assertTrue(parts.size() > 1 && parts.size() <= 3, "twelve variants beside a long name take a few parts: " + parts.size());
        for (ReportTable part : parts) {
            assertTrue(part.headers().get(0).equals("definition"), "each part starts with the name");
            double[] widths = DesignAssembler.widths(part);
            assertTrue(DesignAssembler.piecesFit(part, widths), () -> "every word fits: " + java.util.Arrays.toString(widths));
            ReportTable shown = DesignAssembler.withBreaks(part, widths);
            for (int r = 0; r < 5; r++) {
                assertEquals(LONG + r, shown.rows().get(r).get(0).replace(DesignAssembler.WRAP, ""), "the name whole");
            }
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

    @Test
    void namesTooLongToStandSideBySideWrapAtTheirWordBoundaries() {
        String segment = "sample.wide.UsersWhoViewedThreeOrMoreFeaturesInTheirFirstWeekAfterSignup";
        String metric = "ShareOfUsersWhoUpgradeToAPaidPlanWithinTwoWeeksOfTheirSignup";
        ReportTable table = new ReportTable("Segment value", null,
                List.of("segment", "metric", "users", "mean", "lower", "upper", "lift"),
                List.of(false, false, true, true, true, true, true),
                List.of(List.of(segment, metric, "1,234,567", "-36.1 %", "12.40 USD", "16.55 USD", "258.2 %")), null, null);
        List<ReportTable> parts = DesignAssembler.parts(table);
        assertEquals(1, parts.size(), "two long names wrap instead of scattering the table over parts");
        double[] widths = DesignAssembler.widths(parts.get(0));
        assertFalse(DesignAssembler.wordsFit(parts.get(0), widths), "the names do not fit whole side by side");
        assertTrue(DesignAssembler.piecesFit(parts.get(0), widths), "they fit wrapped at their word boundaries");
        List<String> shown = DesignAssembler.withBreaks(parts.get(0), widths).rows().get(0);
        String wrap = DesignAssembler.WRAP;
        assertTrue(shown.get(0).startsWith("sample." + wrap + "wide." + wrap + "Users" + wrap + "Who" + wrap), shown.get(0));
        assertEquals(segment, shown.get(0).replace(wrap, ""), "nothing but wrap points added");
        assertEquals(metric, shown.get(1).replace(wrap, ""));
        assertEquals(List.of("1,234,567", "-36.1 %", "12.40 USD", "16.55 USD", "258.2 %"), shown.subList(2, 7),
                "numbers never wrap");
        // a table whose names fit whole is printed as it is
        ReportTable small = new ReportTable("Small", null, List.of("segment", "users"), List.of(false, true),
                List.of(List.of("sample.growth.Explorers", "94")), null, null);
        assertEquals(small.rows(), DesignAssembler.withBreaks(small, DesignAssembler.widths(small)).rows());
    }
}
