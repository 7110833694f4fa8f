package io.sextant.report.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sextant.analysis.AnalysisRegistry;
import io.sextant.data.EventDataSource;
import io.sextant.data.generator.Tier;
import io.sextant.data.imports.DataImporter;
import io.sextant.data.imports.ImportMapping;
import io.sextant.dsl.seg.Playbook;
import io.sextant.project.Playbooks;
import io.sextant.project.SampleProjects;
import io.sextant.project.SextantProject;
import io.sextant.report.PlaybookReports;
import io.sextant.report.ReportFormat;
import io.sextant.store.Identity;

/**
 * Layout rules that hold for any names: the tier S sample with a definition file whose every name is 60
 * characters long and an experiment of 12 variants (an assignment event per user, imported beside the sample's
 * events), its playbook run and rendered to PDF, and the PDF read back with the position of every word
 * ({@code pdftotext -bbox-layout}): no two words overlap, no word leaves the page's text area, and every name is
 * there whole (wrapped onto several lines at most, never cut).
 */
class LongNamesReportTest {

    /** The names of the definitions, each 60 characters. */
    static final String EXPLORERS = "UsersWhoViewedThreeOrMoreFeaturesInTheirFirstWeekAfterSignup";
    static final String STUCK = "UsersWithManySessionsButHardlyAnyCompletedTaskInTheFirstWeek";
    static final String NEW_USERS = "UsersWhoSignedUpWithinTheFourteenDaysBeforeTheAsOfDateOfData";
    static final String CONVERSION = "ShareOfUsersWhoUpgradeToAPaidPlanWithinTwoWeeksOfTheirSignup";
    static final String RETENTION = "ShareOfUsersWhoStartASessionOnTheSeventhDayAfterTheirSignups";
    static final String VALUE = "LifetimeValueOfEachUserFromPurchasesOverTheirFirstYearInUSDs";
    static final String HYPOTHESIS = "AnnualPricingGridRaisesUpgradesAmongExplorersOfTheFreePlanQ3";
    static final String EXPERIMENT = "PricingGridWithTwelveVariantsOfAnnualAndMonthlyDiscountsOnly";
    static final String PLAYBOOK = "GrowthPlaybookForTheThirdQuarterWithLongDefinitionNamesForMe";
    static final List<String> NAMES = List.of(EXPLORERS, STUCK, NEW_USERS, CONVERSION, RETENTION, VALUE, HYPOTHESIS,
            EXPERIMENT, PLAYBOOK);

    /** The experiment's 12 variants, the first the control. */
    static final List<String> VARIANTS = List.of("monthly_price_as_today_control", "monthly_price_five_percent_off",
            "monthly_price_ten_percent_off", "monthly_price_fifteen_percent_off", "annual_price_as_today",
            "annual_price_five_percent_off", "annual_price_ten_percent_off", "annual_price_fifteen_percent_off",
            "annual_price_twenty_percent_off", "annual_price_with_free_month", "annual_price_with_two_free_months",
            "annual_price_with_three_free_months");

    /** A4 less the margins of 0.7 inch each side, in points. */
    static final double PAGE_WIDTH = 595.28;
    static final double MARGIN = 0.7 * 72;

    @TempDir
    static Path folder;
    static SextantProject project;
    static Path pdf;
    static List<io.sextant.model.AnalysisRun> runs;
    /** Per page, its words with their boxes, in the order pdftotext reads them. */
    static List<List<Word>> pages;

    record Word(double xMin, double yMin, double xMax, double yMax, String text, int block) {
    }

    @BeforeAll
    static void renderAPlaybookOfLongNames() throws Exception {
        for (String name : NAMES) {
            assertEquals(60, name.length(), name);
        }
        assertEquals(12, VARIANTS.size());
        Path projectFolder = folder.resolve("wide");
        SampleProjects.create(projectFolder, Tier.S, 42, new NullProgressMonitor());
        importTwelveVariants(projectFolder);
        Files.writeString(projectFolder.resolve(SextantProject.DEFINITIONS_FOLDER).resolve("wide.seg"), definitions(),
                StandardCharsets.UTF_8);

        project = SextantProject.open(projectFolder, Identity.of("alice"));
        Playbook playbook = project.definitions().find(PLAYBOOK, Playbook.class, "playbook");
        LocalDate asOf = project.defaultAsOf();
        List<Playbooks.Step> steps = Playbooks.steps(playbook, asOf, project.definitions().lookup(), AnalysisRegistry.read());
        Playbooks.run(steps, project.analysisRunner(), new NullProgressMonitor());
        runs = Playbooks.latestRuns(steps, project.repository()).stream().map(a -> a.run().orElseThrow()).toList();
        pdf = PlaybookReports.render(project, playbook, asOf, ReportFormat.PDF, folder.resolve("wide.pdf"),
                new NullProgressMonitor());
        Path kept = Files.createDirectories(Path.of("target", "reports"));
        Files.copy(pdf, kept.resolve("long-names.pdf"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        pages = words(run("pdftotext", "-bbox-layout", pdf.toString(), "-"));
    }

    @AfterAll
    static void close() {
        if (project != null) {
            project.close();
        }
    }

    /** An "experiment_assigned" event of the experiment "pricing_grid" per user, a minute after signup. */
    private static void importTwelveVariants(Path projectFolder) throws Exception {
        List<String> users = Files.readAllLines(projectFolder.resolve("data").resolve("users.csv"), StandardCharsets.UTF_8);
        List<String> header = List.of(users.get(0).split(","));
        int id = header.indexOf("user_id");
        int signup = header.indexOf("signup_time");
        StringBuilder csv = new StringBuilder("user_id,event,time,experiment,variant\n");
        for (int row = 1; row < users.size(); row++) {
            String[] fields = users.get(row).split(",", -1);
            if (fields[signup].isEmpty()) {
                continue;
            }
            String time = Instant.parse(fields[signup]).plusSeconds(60).toString();
            csv.append(fields[id]).append(",experiment_assigned,").append(time).append(",pricing_grid,")
                    .append(VARIANTS.get(row % VARIANTS.size())).append('\n');
        }
        Path file = folder.resolve("pricing_grid.csv");
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        EventDataSource source = EventDataSource.embedded(projectFolder);
        new DataImporter(source).importFile(file, ImportMapping.events("user_id", "event", "time").build(),
                new NullProgressMonitor());
        EventDataSource.embeddedDuckDb(projectFolder).release();
    }

    private static String definitions() {
        StringBuilder variants = new StringBuilder();
        for (int v = 0; v < VARIANTS.size(); v++) {
            // 4 × 9 % and 8 × 8 %: 100 %
            variants.append(v == 0 ? "" : ", ").append(VARIANTS.get(v)).append(v < 4 ? " 9 %" : " 8 %");
        }
        return """
                package sample.wide

                import sample.core.*

                segment %1$s {
                    owner "analyst@sample.example"
                    description "Viewed 3+ features in their first week"
                    where count "feature_viewed" within 7 days after signup >= 3
                }

                segment %2$s {
                    owner "analyst@sample.example"
                    where count "session_started" within 14 days after signup >= 3
                        and count "task_completed" within 14 days after signup < 2
                }

                segment %3$s {
                    owner "analyst@sample.example"
                    where did "signed_up" within 14 days
                }

                metric %4$s {
                    owner "analyst@sample.example"
                    conversion did "plan_upgraded" within 14 days after signup
                }

                metric %5$s {
                    owner "analyst@sample.example"
                    retention on day 7 after signup active means "session_started"
                }

                metric %6$s {
                    owner "finance@sample.example"
                    lifetime value "purchase".amount over 365 days
                    unit "USD"
                }

                hypothesis %7$s {
                    owner "analyst@sample.example"
                    segment %1$s
                    expect "more explorers upgrade when the annual plan is cheaper"
                    mechanism "a discount on the annual plan lowers the price of commitment"
                    success %4$s increases by 2 %%
                }

                experiment %8$s {
                    owner "analyst@sample.example"
                    hypothesis %7$s
                    variants { %10$s }
                    assignment "experiment_assigned" [experiment = "pricing_grid"].variant
                    primary %4$s
                    guardrails %5$s
                    alpha 0.05
                    power 0.8
                    minimum effect 2 %%
                }

                playbook %9$s {
                    owner "analyst@sample.example"
                    title "Pricing playbook with long names"
                    audience "Growth team"
                    segments %1$s, %2$s, %3$s
                    experiments %8$s
                    hypotheses %7$s
                    analysis "segment-value" (metric: %6$s, benchmark: "population")
                    analysis "cohort-retention" (period: "week", periods: 8, segment: %1$s)
                    analysis "behaviour-outcome" (outcome: %4$s, days: 7)
                    analysis "experiment" (experiment: %8$s)
                }
                """.formatted(EXPLORERS, STUCK, NEW_USERS, CONVERSION, RETENTION, VALUE, HYPOTHESIS, EXPERIMENT, PLAYBOOK,
                variants);
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertEquals(0, process.waitFor(), () -> String.join(" ", command) + ": " + new String(out, StandardCharsets.UTF_8));
        return new String(out, StandardCharsets.UTF_8);
    }

    private static final Pattern PAGE = Pattern.compile("<page width=\"([0-9.]+)\" height=\"([0-9.]+)\">");
    private static final Pattern BLOCK_OR_WORD = Pattern.compile("<block |<word xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\""
            + " xMax=\"([0-9.]+)\" yMax=\"([0-9.]+)\">([^<]*)</word>");

    /** The words of each page of pdftotext's -bbox-layout output, with the number of the block each is in. */
    static List<List<Word>> words(String xhtml) {
        List<List<Word>> pages = new ArrayList<>();
        String[] parts = PAGE.split(xhtml);
        for (int p = 1; p < parts.length; p++) {
            List<Word> words = new ArrayList<>();
            Matcher m = BLOCK_OR_WORD.matcher(parts[p]);
            int block = 0;
            while (m.find()) {
                if (m.group(1) == null) {
                    block++;
                } else {
                    words.add(new Word(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)),
                            Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4)), unescape(m.group(5)), block));
                }
            }
            pages.add(words);
        }
        return pages;
    }

    private static String unescape(String text) {
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'")
                .replace("&amp;", "&");
    }

    @Test
    void noTwoWordsOverlap() {
        List<String> overlaps = new ArrayList<>();
        for (int p = 0; p < pages.size(); p++) {
            List<Word> words = pages.get(p);
            for (int i = 0; i < words.size(); i++) {
                for (int j = i + 1; j < words.size(); j++) {
                    Word a = words.get(i);
                    Word b = words.get(j);
                    double x = Math.min(a.xMax(), b.xMax()) - Math.max(a.xMin(), b.xMin());
                    double y = Math.min(a.yMax(), b.yMax()) - Math.max(a.yMin(), b.yMin());
                    // lines close together may touch by their fonts' ascent and descent: a quarter of a line is an overlap
                    if (x > 0.5 && y > 0.25 * Math.min(a.yMax() - a.yMin(), b.yMax() - b.yMin())) {
                        overlaps.add("page " + (p + 1) + ": '" + a.text() + "' and '" + b.text() + "'");
                    }
                }
            }
        }
        assertTrue(pages.size() > 5, "a report of several pages: " + pages.size());
        assertEquals(List.of(), overlaps.stream().limit(20).toList(), overlaps.size() + " words overlap");
    }

    @Test
    void everyWordIsWithinThePagesTextArea() {
        List<String> outside = new ArrayList<>();
        for (int p = 0; p < pages.size(); p++) {
            for (Word word : pages.get(p)) {
                if (word.xMin() < MARGIN - 1 || word.xMax() > PAGE_WIDTH - MARGIN + 1) {
                    outside.add("page " + (p + 1) + ": '" + word.text() + "' from x " + word.xMin() + " to " + word.xMax());
                }
            }
        }
        assertEquals(List.of(), outside.stream().limit(20).toList(), outside.size() + " words leave the text area");
    }

    @Test
    void everyNameAppearsWhole() {
        // a name wrapped onto several lines of its cell reads whole when the words of its block are joined
        List<String> blocks = new ArrayList<>();
        for (List<Word> words : pages) {
            StringBuilder text = new StringBuilder();
            int block = -1;
            for (Word word : words) {
                if (word.block() != block) {
                    blocks.add(text.toString());
                    text.setLength(0);
                    block = word.block();
                }
                // a name that wraps at its word boundaries carries zero-width spaces there (invisible)
                text.append(word.text().replace("\u200B", ""));
            }
            blocks.add(text.toString());
        }
        List<String> missing = new ArrayList<>();
        for (String name : concat(NAMES, VARIANTS)) {
            if (blocks.stream().noneMatch(b -> b.contains(name))) {
                missing.add(name);
            }
        }
        assertEquals(List.of(), missing, "names not found whole in the PDF");
        // every variant is compared with the control, named whole
        String all = String.join("", blocks);
        for (String variant : VARIANTS.subList(1, VARIANTS.size())) {
            assertTrue(all.contains(variant + "vs" + VARIANTS.get(0)), () -> variant + " against the control");
        }
    }

    @Test
    void tablesStayWithTheirHeadingsAndNoPageIsLeftHalfEmpty() throws Exception {
        PdfLayout layout = PdfLayout.read(pdf);
        java.util.Map<String, String> titles = PdfLayout.tableTitles(runs);
        assertEquals(List.of(), layout.tablesAwayFromTheirHeadings(titles), "each table begins on its heading's page");
        assertEquals(List.of(), layout.halfEmptyPages(0.6), "no page left more than 40 % empty before its section goes on");
    }

    @Test
    void theSummaryGivesTheExperimentsVerdictOverAllItsTreatmentsAndEachCaveatOnce() {
        StringBuilder all = new StringBuilder();
        pages.forEach(words -> words.forEach(w -> all.append(w.text().replace("\u200B", ""))));
        String text = all.toString();
        assertTrue(text.contains("11treatmentsagainstthecontrolontheprimarymetric:"), "the verdict counts the 11 treatments");
        int caveats = text.split("powerforitsminimumeffect", -1).length - 1;
        assertEquals(1, caveats, "the power caveat once for the experiment, not once per treatment");
        assertTrue(text.contains("ineachofits11treatments"), "for all its treatments");
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
