package io.sextant.report.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sextant.model.AnalysisRun;
import io.sextant.model.Column;
import io.sextant.model.MatrixResult;
import io.sextant.model.Result;
import io.sextant.model.TableResult;
import io.sextant.model.ValueKind;
import io.sextant.project.Playbooks;
import io.sextant.report.PlaybookReports;
import io.sextant.report.ReportException;
import io.sextant.report.ReportFormat;
import io.sextant.report.ReportNumbers;
import io.sextant.report.ReportSettings;
import io.sextant.report.internal.Privacy;
import io.sextant.report.internal.ReportCharts;

/**
 * The sample playbook's report, rendered once to HTML and once to PDF from the runs stored for it, and read back:
 * the PDF's text (pdftotext) against the stored numbers, the images, the fonts, small cells, personal data,
 * and the refusals.
 */
class PlaybookReportTest {

    private static final int K = ReportSettings.DEFAULT_MINIMUM_CELL_SIZE;

    @TempDir
    static Path folder;
    static SampleReports sample;
    static Path html;
    static Path pdf;
    static String htmlText;
    static String pdfText;

    @BeforeAll
    static void renderTheSamplePlaybook() throws Exception {
        sample = new SampleReports(folder);
        html = PlaybookReports.render(sample.project, sample.playbook, sample.asOf, ReportFormat.HTML,
                folder.resolve("q3.html"), new NullProgressMonitor());
        pdf = PlaybookReports.render(sample.project, sample.playbook, sample.asOf, ReportFormat.PDF,
                folder.resolve("q3.pdf"), new NullProgressMonitor());
        htmlText = Files.readString(html, StandardCharsets.UTF_8);
        // kept in the module's target/reports for a look at every page
        Path kept = Files.createDirectories(Path.of("target", "reports"));
        Files.copy(html, kept.resolve("q3.html"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(pdf, kept.resolve("q3.pdf"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        pdfText = run("pdftotext", "-layout", pdf.toString(), "-");
    }

    @AfterAll
    static void close() {
        if (sample != null) {
            sample.project.close();
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertEquals(0, process.waitFor(), () -> String.join(" ", command) + ": " + new String(out, StandardCharsets.UTF_8));
        return new String(out, StandardCharsets.UTF_8);
    }

    private static String squeezed(String text) {
        return text.replaceAll("\\s+", "");
    }

    /** A cell's unit: its column's, or a money unit its row names in a column "unit" (a mean of USD). */
    private static String rowUnit(TableResult table, Column column, int row) {
        Column unit = table.getColumns().stream().filter(c -> "unit".equals(c.getName()) && c.getKind() == ValueKind.TEXT)
                .findFirst().orElse(null);
        if (column.getUnit() != null || unit == null || ReportNumbers.isPValue(column.getName())
                || "theta".equals(column.getName())) {
            return column.getUnit();
        }
        String text = unit.getTexts().get(row);
        return ReportNumbers.isMoney(text) ? text : text != null && text.startsWith("share") ? "share" : null;
    }

    /** Whether a stored table's row describes fewer than k users (then the report shows "< k" instead). */
    private static boolean small(TableResult table, int row) {
        for (Column column : table.getColumns()) {
            if ("users".equals(column.getUnit())) {
                Double users = column.getNumbers().get(row);
                if (users != null && users >= 1 && users < K) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void thePdfShowsTheNumbersStoredForEachRun() {
        String text = squeezed(pdfText);
        int checked = 0;
        for (Playbooks.Answered answered : sample.answered) {
            AnalysisRun run = answered.run().orElseThrow();
            assertTrue(text.contains("Run" + run.getId()), "the section names run " + run.getId());
            for (Result result : run.getResults()) {
                assertTrue(text.contains(squeezed(result.getName())), "the result '" + result.getName() + "' is shown");
                if (result instanceof TableResult table) {
                    for (Column column : table.getColumns()) {
                        for (int row = 0; row < Math.min(3, column.getNumbers().size()); row++) {
                            Double value = column.getNumbers().get(row);
                            if (column.getKind() == ValueKind.NUMBER && value != null && !small(table, row)) {
                                String shown = ReportNumbers.format(value, rowUnit(table, column, row), column.getName());
                                assertTrue(text.contains(squeezed(shown)), () -> run.getAnalysisId() + " / " + result.getName()
                                        + " / " + column.getName() + ": " + shown + " is in the PDF");
                                checked++;
                            }
                        }
                    }
                } else if (result instanceof MatrixResult matrix && !matrix.getValues().isEmpty()
                        && matrix.getValues().get(0) != null) {
                    assertTrue(text.contains(squeezed(ReportNumbers.format(matrix.getValues().get(0), matrix.getUnit()))));
                    checked++;
                }
            }
            assertTrue(text.contains(run.getDataFingerprint()), "the provenance page has the data fingerprint");
            run.getInputs().forEach(input -> assertTrue(text.contains(input.getContentHash()),
                    "the provenance page has the content hash of " + input.getQualifiedName()));
        }
        assertTrue(checked > 50, "many stored numbers were compared: " + checked);
        assertTrue(pdfText.contains("Q3 growth playbook") && pdfText.contains("Growth team")
                && pdfText.contains("analyst@sample.example"), "the cover has title, audience and owner");
        assertTrue(pdfText.contains("Executive summary") && pdfText.contains("Segments ranked by value")
                && pdfText.contains("OnboardingTourConverts"), "the summary ranks segments and lists the hypothesis");
        assertTrue(pdfText.contains("Provenance") && pdfText.contains("Sextant version"));
    }

    @Test
    void theExperimentSectionShowsTheStoredLiftAndTheHypothesisStatus() {
        String text = squeezed(pdfText);
        TableResult lift = (TableResult) sample.experimentRun.getResults().stream()
                .filter(r -> "Lifts".equals(r.getName())).findFirst().orElseThrow();
        Column estimate = lift.getColumns().get(1);
        assertTrue(text.contains(squeezed(ReportNumbers.format(estimate.getNumbers().get(0), estimate.getUnit()))),
                "the lift of upgrades");
        Double lower = lift.getColumns().get(2).getNumbers().get(0);
        String status = lower > 0 ? "supported" : "inconclusive";
        String hypotheses = between(pdfText, "What the playbook bets on", "1. Segment value");
        assertTrue(hypotheses.contains(status) && Pattern.compile("\\s" + sample.experimentRun.getId() + "\\s").matcher(hypotheses).find(),
                () -> "the hypothesis is " + status + " by the stored run: " + hypotheses);
        // the conversion's differences and baseline read as shares, as the lifts do: "-16.6 %", not "-0.1655"
        for (String name : List.of("Segments", "Power")) {
            TableResult table = (TableResult) sample.experimentRun.getResults().stream()
                    .filter(r -> name.equals(r.getName())).findFirst().orElseThrow();
            Column share = table.getColumns().stream().filter(c -> List.of("absolute lift", "baseline").contains(c.getName()))
                    .findFirst().orElseThrow();
            assertEquals("share", share.getUnit(), name + " / " + share.getName());
            String shown = ReportNumbers.format(share.getNumbers().get(0), "share");
            assertTrue(shown.endsWith(" %") && text.contains(squeezed(shown)), () -> name + ": " + shown);
        }
        // the hypothesis' segment NewUsers has no users in the experiment: the status says so, not just "inconclusive"
        assertTrue(htmlText.contains("not tested in NewUsers: the segment has no users to compare"),
                "the status says why");
    }

    /** The text from {@code start} to the first {@code end} after it. */
    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        assertTrue(from >= 0, () -> "the text has '" + start + "'");
        int to = text.indexOf(end, from);
        return text.substring(from, to < 0 ? text.length() : to);
    }

    /** How often the text occurs. */
    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }

    @Test
    void eachSectionAndEachRunAppearsOnce() {
        long experiment = sample.experimentRun.getId();
        assertEquals(1, Pattern.compile("(?m)^\\s*6\\. Experiment\\s*$").matcher(pdfText).results().count(),
                "the experiment's section once");
        assertFalse(pdfText.contains("Experiment results"), "no second section of the same experiment");
        assertEquals(1, count(squeezed(pdfText), "Run" + experiment + "·"), "its run heads one section");
        for (String title : List.of("Variants", "Sample ratio", "Power", "Lift by segment")) {
            assertEquals(1, count(htmlText, ">" + title + "<"), () -> "the result '" + title + "' once");
        }
        String runs = pdfText.substring(pdfText.indexOf("The stored runs this report shows"), pdfText.indexOf("Data read"));
        for (Playbooks.Answered answered : sample.answered) {
            long id = answered.run().orElseThrow().getId();
            assertEquals(1, Pattern.compile("(?m)^\\s*" + id + "\\s").matcher(runs).results().count(),
                    () -> "run " + id + " once in the provenance: " + runs);
        }
    }

    @Test
    void theProvenanceListsEveryDefinitionTheExperimentRead() {
        String provenance = pdfText.substring(pdfText.indexOf("Definitions read"));
        for (String definition : List.of("sample.growth.OnboardingTour", "sample.growth.OnboardingTourConverts",
                "sample.growth.UpgradeConversion", "sample.growth.Retention7", "sample.growth.CostToServe")) {
            assertTrue(provenance.contains(definition), () -> definition + " (primary or guardrail) is listed: " + provenance);
        }
    }

    @Test
    void numbersAreFormattedByTheirKind() {
        // p-values far below 0.001 in scientific notation, never "0.0"
        assertTrue(htmlText.contains("3.1e-18") && htmlText.contains("3.0e-5"), "small p-values in scientific notation");
        assertTrue(squeezed(pdfText).contains("3.1e-18"));
        assertFalse(Pattern.compile(">\\s*0\\.0\\s*<").matcher(htmlText).find(), "no p-value shown as 0.0");
        // counts without decimals: the users in the experiment, not "351.00"
        assertFalse(Pattern.compile(">\\s*[0-9][0-9,]*\\.00\\s*<").matcher(htmlText).find(),
                "no count with decimals");
        TableResult summary = (TableResult) sample.experimentRun.getResults().stream()
                .filter(r -> "Summary".equals(r.getName())).findFirst().orElseThrow();
        int row = summary.getColumns().get(0).getTexts().indexOf("users in the experiment");
        double users = summary.getColumns().get(1).getNumbers().get(row);
        assertTrue(htmlText.contains(">" + String.format(java.util.Locale.ENGLISH, "%,d", (long) users) + "<"),
                "the users in the experiment as a whole number");
        // counts inside the analyses' texts too: the power note said "444770 users are needed"
        assertTrue(squeezed(pdfText).contains("444,770usersareneeded"), "the power note's count with separators");
        Matcher bare = Pattern.compile("(?<![\\w.,:-])\\d{5,}(?![\\w.,:-])").matcher(pdfText);
        assertFalse(bare.find(), () -> "a number of five digits or more without separators: " + bare.group());
        assertEquals("below the planned power 0.8: 1,919,394 users are needed in all; 12,345 members",
                ReportNumbers.countsInText("below the planned power 0.8: 1919394 users are needed in all; 12345 members"));
        for (String kept : List.of("as of 2025-05-05", "sha256:a252a9463638cc69", "version 0.1.0.202612072232 rows",
                "1750.5 users", "run 20251 of 3", "1,750 users", "351 users")) {
            assertEquals(kept, ReportNumbers.countsInText(kept), "only a count of something changes");
        }
        assertEquals("3.1e-18", ReportNumbers.format(3.1e-18, null, "p-value"));
        assertEquals("0.431", ReportNumbers.format(0.4312, null, "corrected p-value"));
        assertEquals("1,750", ReportNumbers.format(1750.0, null));
        assertEquals("20.9 %", ReportNumbers.format(20.86, "%"));
        assertEquals("83.0 %", ReportNumbers.format(0.83, "fraction"));
        assertEquals("44.43 USD", ReportNumbers.format(44.4321, "USD"));
        assertEquals("yes", ReportNumbers.format(1.0, null, "trustworthy"));
        assertEquals("no", ReportNumbers.format(0.0, null, "trustworthy"));
    }

    @Test
    void chartsAnswerOneQuestion() {
        // the experiment's summary mixes a p-value, a chi-square, counts and alpha: a table, no chart; so is the
        // power of one variant (one bar); the sample ratio shows the users observed against planned
        assertFalse(htmlText.contains("alt=\"Summary\""), "no chart of the summary");
        assertFalse(htmlText.contains("alt=\"Power\""), "no chart of one bar");
        assertTrue(htmlText.contains("alt=\"Sample ratio\""), "the sample ratio chart");
        // the retention curve's first column is its unit, and the funnel's conversion names its steps
        assertFalse(pdfText.contains("x (week)") || pdfText.contains("x (step)"), "no 'x (unit)' header");
        String conversion = pdfText.substring(pdfText.indexOf("Funnel conversion"));
        assertTrue(conversion.contains("feature_viewed") && conversion.contains("plan_upgraded"), conversion);
    }

    @Test
    void theSummaryStatesFindingsLinkedToTheirSections() {
        String summary = squeezed(between(pdfText, "Executive summary", "What the playbook bets on"));
        assertTrue(summary.contains("Findings"), summary);
        assertTrue(summary.contains(squeezed("1. Explorers (Viewed 3+ features in their first week): LifetimeValue")),
                "the best segment first, with what defines it: " + summary);
        assertTrue(summary.contains(squeezed("95 % interval")), "with its interval");
        assertTrue(summary.contains(squeezed("OnboardingTour: UpgradeConversion: tour vs control")),
                "the experiment's verdict: " + summary);
        assertTrue(summary.contains(squeezed("inconclusive, the interval includes no change")), summary);
        assertTrue(summary.contains(squeezed("Users with feature_viewed at least")), "the behaviours: " + summary);
        assertTrue(summary.contains(squeezed("Data-quality caveats")) && summary.contains(squeezed("NewUsers: fewer than 30")),
                "the caveats: " + summary);
        assertTrue(htmlText.contains("#section-1") && htmlText.contains("#section-6"), "links to the sections");
    }

    @Test
    void pathsReachingAndStallingFollowTheirHeadings() {
        AnalysisRun paths = sample.answered.stream().map(a -> a.run().orElseThrow())
                .filter(r -> "paths".equals(r.getAnalysisId())).findFirst().orElseThrow();
        java.util.Set<String> reaching = new java.util.HashSet<>();
        for (Result result : paths.getResults()) {
            if (result.getName().startsWith("Paths that")) {
                TableResult table = (TableResult) result;
                for (int row = 0; row < table.getColumns().get(0).getTexts().size(); row++) {
                    assertTrue(table.getColumns().get(1).getNumbers().get(row) >= 30, "at least 30 users, as the heading says");
                    String path = table.getColumns().get(0).getTexts().get(row);
                    if (result.getName().startsWith("Paths that reach")) {
                        reaching.add(path);
                    } else {
                        assertFalse(reaching.contains(path), "a path both reaches and stalls: " + path);
                    }
                }
            }
        }
    }

    @Test
    void tablesStayWithTheirHeadingsAndNoPageIsLeftHalfEmpty() throws Exception {
        PdfLayout layout = PdfLayout.read(pdf);
        java.util.Map<String, String> titles = PdfLayout.tableTitles(sample.answered.stream()
                .map(a -> a.run().orElseThrow()).toList());
        assertTrue(titles.size() > 20, "the tables of every run: " + titles);
        assertEquals(List.of(), layout.tablesAwayFromTheirHeadings(titles), "each table begins on its heading's page");
        assertEquals(List.of(), layout.halfEmptyPages(0.6), "no page left more than 40 % empty before its section goes on");
    }

    @Test
    void theBehaviourChartShowsTheTopFifteenOfItsRows() throws Exception {
        AnalysisRun behaviour = sample.answered.stream().map(a -> a.run().orElseThrow())
                .filter(r -> "behaviour-outcome".equals(r.getAnalysisId())).findFirst().orElseThrow();
        TableResult table = (TableResult) behaviour.getResults().stream()
                .filter(r -> r instanceof TableResult t && t.getColumns().get(0).getName().equals("behaviour"))
                .findFirst().orElseThrow();
        Result shown = new Privacy(K, java.util.Set.of(), java.util.Set.of())
                .sanitize(table, Privacy.groupSizes(behaviour.getResults())).result();
        long drawable = ((TableResult) shown).getColumns().stream().filter(c -> "difference".equals(c.getName()))
                .findFirst().orElseThrow().getNumbers().stream().filter(v -> v != null).count();
        assertTrue(drawable > ReportCharts.RANKED_ROWS, "more behaviours than the chart shows: " + drawable);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(ReportCharts.chart(shown)));
        // each row is an interval band of its own colour, apart from the next
        assertEquals(ReportCharts.RANKED_ROWS, bands(image, 0x9EC0DE), "the top 15 rows drawn, not the first 8");
    }

    @Test
    void aRowWithAFewUsersKeepsItsLargeCounts() {
        // 63 users took the path and 5 of them reached the outcome: the 5 and the conversion are hidden, the 63 is
        // not (it would read "< 10 users" under a heading of paths of at least 30 users)
        TableResult paths = (TableResult) io.sextant.analysis.Results.table("Paths that stall", "paths")
                .text("path", List.of("a → b")).number("users", "users", List.of(63.0))
                .number("reached", "users", List.of(5.0)).number("conversion", "share", List.of(5 / 63.0)).build();
        Privacy.Sanitized shown = new Privacy(K, java.util.Set.of(), java.util.Set.of()).sanitize(paths,
                Privacy.groupSizes(List.of(paths)));
        TableResult table = (TableResult) shown.result();
        assertEquals(63.0, table.getColumns().get(1).getNumbers().get(0));
        assertEquals(null, table.getColumns().get(2).getNumbers().get(0));
        assertEquals(null, table.getColumns().get(3).getNumbers().get(0));
        assertEquals(List.of(false, false, true, true), List.of(shown.suppressed()[0][0], shown.suppressed()[0][1],
                shown.suppressed()[0][2], shown.suppressed()[0][3]));
    }

    @Test
    void theOutOfSampleChartShowsBothHalves() throws Exception {
        AnalysisRun value = sample.answered.stream().map(a -> a.run().orElseThrow())
                .filter(r -> "segment-value".equals(r.getAnalysisId())).findFirst().orElseThrow();
        TableResult halves = (TableResult) value.getResults().stream().filter(r -> "Out of sample".equals(r.getName()))
                .findFirst().orElseThrow();
        int segments = halves.getColumns().get(0).getTexts().size();
        assertTrue(segments >= 2, "segments in the table: " + segments);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(ReportCharts.chart(halves)));
        // a bar per segment for each half, in the two series' colours (the chart's bars and its muted grey; the
        // legend's swatch may add one band of each)
        int first = bands(image, 0x4678AA);
        int second = bands(image, 0x6E6E6E);
        assertTrue(first >= segments && first <= segments + 1, "the first half's bars: " + first);
        assertTrue(second >= segments && second <= segments + 1, "the second half's bars: " + second);
    }

    private static boolean close(int a, int b) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs((a >> shift & 0xFF) - (b >> shift & 0xFF)) > 8) {
                return false;
            }
        }
        return true;
    }

    /** How many separate horizontal bands of this colour the image has. */
    private static int bands(BufferedImage image, int rgb) {
        int bands = 0;
        boolean inBand = false;
        for (int y = 0; y < image.getHeight(); y++) {
            int run = 0;
            for (int x = 0; x < image.getWidth() && run < 4; x++) {
                run = close(image.getRGB(x, y), rgb) ? run + 1 : 0;
            }
            if (run >= 4 && !inBand) {
                bands++;
            }
            inBand = run >= 4;
        }
        return bands;
    }

    @Test
    void aCellBelowKIsSuppressed() {
        String lessThanK = ReportNumbers.suppressed(K);
        assertTrue(pdfText.contains(lessThanK) && htmlText.contains("&lt; " + K), "suppressed cells read < k");
        // the Stuck row of the breakdown describes 7 users: its estimate 43.2 % is not shown
        assertFalse(squeezed(pdfText).contains(squeezed(ReportNumbers.format(0.4321, "share"))));
        assertFalse(htmlText.contains(ReportNumbers.format(0.4321, "share")));
        assertTrue(pdfText.contains("fewer than " + K + " users"), "the note says why");
    }

    @Test
    void personalDataIsAbsent() {
        assertFalse(pdfText.contains(sample.email), "the e-mail address is not in the PDF");
        assertFalse(htmlText.contains(sample.email), "the e-mail address is not in the HTML");
        assertTrue(pdfText.contains("naming personal data withheld"));
    }

    @Test
    void theHtmlIsSelfContainedAndEveryChartIsAnImage() throws Exception {
        assertFalse(Pattern.compile("src=\"(?!data:)").matcher(htmlText).find(), "no image or script refers to a file");
        Matcher images = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(htmlText);
        int count = 0;
        while (images.find()) {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(images.group(1))));
            assertTrue(image != null && image.getWidth() > 100 && image.getHeight() > 100, "a readable chart");
            assertTrue(distinctColours(image) > 3, "the chart draws something, not a blank canvas");
            count++;
        }
        assertTrue(count >= 6, "a chart per chartable result and the forest plot: " + count);
    }

    private static int distinctColours(BufferedImage image) {
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 7) {
            for (int x = 0; x < image.getWidth(); x += 7) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }

    @Test
    void thePdfEmbedsItsFontsAndCharts() throws Exception {
        String fonts = run("pdffonts", pdf.toString());
        List<String> rows = fonts.lines().skip(2).toList();
        assertFalse(rows.isEmpty());
        for (String row : rows) {
            assertTrue(row.matches(".*\\syes\\s+(yes|no)\\s+(yes|no)\\s+\\d+\\s+\\d+\\s*$"), "embedded: " + row);
        }
        List<String> images = run("pdfimages", "-list", pdf.toString()).lines().skip(2).toList();
        assertTrue(images.size() >= 6, "the charts are in the PDF: " + images.size());
        for (String image : images) {
            String[] fields = image.trim().split("\\s+");
            // as tall as their rows need: at least 240 pixels
            assertTrue(Integer.parseInt(fields[3]) >= 1000 && Integer.parseInt(fields[4]) >= 240,
                    "charts are high-resolution: " + image);
        }
    }

    @Test
    void aPlaybookWithoutStoredRunsIsRefusedAndNothingIsWritten() throws Exception {
        Path out = folder.resolve("refused").resolve("old.pdf");
        Files.createDirectories(out.getParent());
        ReportException refused = assertThrows(ReportException.class, () -> PlaybookReports.render(sample.project,
                sample.playbook, sample.asOf.minusDays(3), ReportFormat.PDF, out, new NullProgressMonitor()));
        assertEquals("playbook Q3Growth has no stored run as of " + sample.asOf.minusDays(3) + " for analysis 1 ('segment-value'), "
                + "analysis 2 ('cohort-retention'), analysis 3 ('funnel'), analysis 4 ('behaviour-outcome'), "
                + "analysis 5 ('paths'), analysis 6 ('experiment'): run the playbook first", refused.getMessage());
        try (Stream<Path> files = Files.list(out.getParent())) {
            assertEquals(List.of(), files.toList(), "nothing written");
        }
        ReportException folderOut = assertThrows(ReportException.class, () -> PlaybookReports.render(sample.project,
                sample.playbook, sample.asOf, ReportFormat.HTML, out.getParent(), new NullProgressMonitor()));
        assertTrue(folderOut.getMessage().endsWith("is a folder: give the report's file name"), folderOut.getMessage());
    }

    @Test
    void settingsAndFormatsAreCheckedWithOneLine() throws Exception {
        Path project = Files.createDirectories(folder.resolve("settings"));
        assertEquals(K, ReportSettings.read(project).minimumCellSize(), "the default without a file");
        new ReportSettings(25).write(project);
        assertEquals(25, ReportSettings.read(project).minimumCellSize());
        Files.writeString(project.resolve(ReportSettings.FILE), "report.minimumCellSize = ten\n");
        ReportException bad = assertThrows(ReportException.class, () -> ReportSettings.read(project));
        assertEquals(".sextant/settings.properties: report.minimumCellSize must be a whole number of users, 1 or more, not 'ten'",
                bad.getMessage());
        assertEquals(ReportFormat.PDF, ReportFormat.parse("PDF"));
        assertEquals("unknown report format 'docx': use html or pdf",
                assertThrows(ReportException.class, () -> ReportFormat.parse("docx")).getMessage());
        List<String> leftovers = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            files.filter(f -> f.getFileName().toString().endsWith(".partial")).forEach(f -> leftovers.add(f.toString()));
        }
        assertEquals(List.of(), leftovers, "no partial report files are left");
    }
}
