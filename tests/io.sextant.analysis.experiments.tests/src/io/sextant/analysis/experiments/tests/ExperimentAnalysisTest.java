package io.sextant.analysis.experiments.tests;

import static io.sextant.analysis.experiments.tests.ExperimentProject.column;
import static io.sextant.analysis.experiments.tests.ExperimentProject.number;
import static io.sextant.analysis.experiments.tests.ExperimentProject.parameters;
import static io.sextant.analysis.experiments.tests.ExperimentProject.row;
import static io.sextant.analysis.experiments.tests.ExperimentProject.summary;
import static io.sextant.analysis.experiments.tests.ExperimentProject.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sextant.analysis.AnalysisException;
import io.sextant.data.generator.GeneratorSettings;
import io.sextant.data.generator.GroundTruth;
import io.sextant.data.generator.GroundTruth.ExperimentTruth;
import io.sextant.data.generator.SyntheticGenerator;
import io.sextant.data.generator.Tier;
import io.sextant.model.AnalysisRun;
import io.sextant.model.RunStatus;
import io.sextant.model.TableResult;

/**
 * The experiment analysis on the synthetic generator's data, whose ground truth knows each experiment's users
 * per variant, its true effect and which one has a sample ratio mismatch. Tier S settings with 4,700 users
 * (ten times tier S: at 470 users the planted mismatch gives p = 0.005, a real mismatch too small for the
 * 0.001 threshold); only the events the definitions read are imported, which keeps the import to seconds.
 */
class ExperimentAnalysisTest {

    static final String DEFINITIONS = """
            package exp

            metric UpgradeConversion { owner "t" conversion did "plan_upgraded" within 14 days after signup }
            metric Revenue { owner "t" sum "purchase".amount within 30 days after signup unit "USD" }
            metric Purchases { owner "t" count "purchase" within 30 days after signup }
            metric RevenuePerPurchase { owner "t" ratio Revenue / Purchases }
            metric RecentRevenue { owner "t" sum "purchase".amount within 30 days unit "USD" }
            segment Web { owner "t" where user.device = "web" }
            segment JapanAndroid { owner "t" where user.country = "JP" and user.device = "android" }

            experiment OnboardingTour {
                owner "t"
                variants { control 50 %, tour 50 % }
                assignment "experiment_assigned" [experiment = "onboarding_tour"].variant
                primary UpgradeConversion
                guardrails Revenue, RevenuePerPurchase, RecentRevenue
                minimum effect 0.05
            }

            experiment CheckoutRedesign {
                owner "t"
                variants { control 50 %, redesign 50 % }
                assignment "experiment_assigned" [experiment = "checkout_redesign"].variant
                primary UpgradeConversion
            }

            experiment TourRevenue {
                owner "t"
                variants { control 50 %, tour 50 % }
                assignment "experiment_assigned" [experiment = "onboarding_tour"].variant
                primary Revenue
                covariate Purchases
            }

            experiment Misspelt {
                owner "t"
                variants { control 50 %, tour 50 % }
                assignment "experiment_assigned" [experimnet = "onboarding_tour"].variant
                primary UpgradeConversion
            }

            experiment Unassigned {
                owner "t"
                variants { control 50 %, tour 50 % }
                primary UpgradeConversion
            }
            """;

    static GroundTruth truth;
    static ExperimentProject project;

    @BeforeAll
    static void create() throws Exception {
        Path folder = Files.createTempDirectory("sextant-experiments");
        long start = System.nanoTime();
        truth = new SyntheticGenerator().generate(folder.resolve("data"),
                GeneratorSettings.of(Tier.S, 42).withUsers(4700), new NullProgressMonitor());
        Path events = ExperimentProject.onlyEvents(truth.files().get("events.csv"),
                Set.of("experiment_assigned", "plan_upgraded", "purchase"), folder.resolve("subset/events.csv"));
        LocalDate asOf = GeneratorSettings.DEFAULT_START.plusDays(GeneratorSettings.DEFAULT_DAYS - 1);
        project = new ExperimentProject(folder, truth.files().get("users.csv"), events, asOf,
                Map.of("experiments.seg", DEFINITIONS));
        Figures.record(String.format("experiment analysis: generating 4,700 users and importing their assignment,"
                + " upgrade and purchase events took %.1f s", (System.nanoTime() - start) / 1e9));
    }

    private static ExperimentTruth truth(String name) {
        return truth.experiments().stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void theMismatchedExperimentIsFlaggedUntrustworthyAndTheOtherIsNot() throws Exception {
        assertTrue(truth("checkout_redesign").sampleRatioMismatch());
        assertTrue(!truth("onboarding_tour").sampleRatioMismatch());

        AnalysisRun checkout = project.run(parameters("experiment", "CheckoutRedesign"));
        assertEquals(RunStatus.SUCCEEDED, checkout.getStatus(), checkout.getError());
        assertEquals(0.0, summary(checkout, "trustworthy"));
        assertTrue(summary(checkout, "sample ratio p-value") < 0.001);
        assertTrue(table(checkout, "Lifts").getDescription().startsWith("UNTRUSTWORTHY"));
        assertTrue(column(table(checkout, "Warnings"), "warning").getTexts().get(0).startsWith("UNTRUSTWORTHY"));
        assertEquals(truth("checkout_redesign").loggedUsers(), usersPerVariant(checkout));

        AnalysisRun tour = project.run(parameters("experiment", "OnboardingTour"));
        assertEquals(RunStatus.SUCCEEDED, tour.getStatus(), tour.getError());
        assertEquals(1.0, summary(tour, "trustworthy"));
        assertTrue(summary(tour, "sample ratio p-value") > 0.001);
        assertTrue(!table(tour, "Lifts").getDescription().startsWith("UNTRUSTWORTHY"));
        assertEquals(truth("onboarding_tour").loggedUsers(), usersPerVariant(tour));
        Figures.record(String.format("experiment analysis, 4,700 users: checkout_redesign p = %.2g (flagged),"
                + " onboarding_tour p = %.2g", summary(checkout, "sample ratio p-value"),
                summary(tour, "sample ratio p-value")));
    }

    @Test
    void thePrimaryMetricMatchesTheTruthAndItsIntervalCoversTheTrueEffect() throws Exception {
        ExperimentTruth expected = truth("onboarding_tour");
        AnalysisRun run = project.run(parameters("experiment", "OnboardingTour"));
        assertEquals(RunStatus.SUCCEEDED, run.getStatus(), run.getError());

        TableResult variants = table(run, "Variants");
        for (String variant : List.of("control", "tour")) {
            int row = row(variants, Map.of("metric", "UpgradeConversion", "variant", variant));
            assertEquals(expected.observedRate().get(variant), number(variants, "value", row), 1e-12, variant);
            assertEquals(expected.assignedUsers().get(variant), (long) number(variants, "users", row), variant);
        }
        TableResult lifts = table(run, "Lifts");
        int row = row(lifts, Map.of("label", "UpgradeConversion: tour vs control"));
        double effect = expected.trueEffect().get("tour");
        double lower = number(lifts, "absolute lower", row);
        double upper = number(lifts, "absolute upper", row);
        assertTrue(lower <= effect && effect <= upper, "[" + lower + ", " + upper + "] covers " + effect);
        assertEquals(expected.observedRate().get("tour") - expected.observedRate().get("control"),
                number(lifts, "absolute lift", row), 1e-12);
        // the forest plot's columns: relative lift in %, its interval around it
        double estimate = number(lifts, "estimate", row);
        assertEquals(100 * (expected.observedRate().get("tour") / expected.observedRate().get("control") - 1), estimate, 1e-9);
        assertTrue(number(lifts, "lower", row) < estimate && estimate < number(lifts, "upper", row));
        assertEquals("primary", column(lifts, "role").getTexts().get(row));
        // four rows (primary and three guardrails), Holm across them: corrected p >= p
        assertEquals(4, column(lifts, "label").getTexts().size());
        for (int i = 0; i < 4; i++) {
            assertTrue(number(lifts, "corrected p-value", i) >= number(lifts, "p-value", i));
        }
        assertEquals(List.of("two proportions", "Welch", "delta method", "Welch"), column(lifts, "method").getTexts()
                .stream().map(m -> m.startsWith("two-proportion") || m.contains("proportion") ? "two proportions"
                        : m.startsWith("Welch") ? "Welch" : m.startsWith("delta") ? "delta method" : m).toList());
        // a metric over the last 30 days may count events from before assignment: said so
        assertTrue(column(table(run, "Warnings"), "warning").getTexts().stream()
                .anyMatch(w -> w.startsWith("RecentRevenue counts the last 30 days")), "warning about RecentRevenue");
        // power: 0.05 absolute on the tour's rates with about 1,600 users a variant is well powered
        double power = summary(run, "power reached, tour");
        assertTrue(power > 0.8 && power <= 1, "power " + power);
        Figures.record(String.format("experiment analysis, onboarding_tour: lift %.4f [%.4f, %.4f] (true %.2f),"
                + " power reached %.3f", number(lifts, "absolute lift", row), lower, upper, effect, power));
    }

    @Test
    void alwaysValidIntervalsAndBenjaminiHochbergOnRequest() throws Exception {
        AnalysisRun fixed = project.run(parameters("experiment", "OnboardingTour"));
        AnalysisRun sequential = project.run(parameters("experiment", "OnboardingTour", "sequential", "true",
                "correction", "bh"));
        assertEquals(RunStatus.SUCCEEDED, sequential.getStatus(), sequential.getError());
        TableResult a = table(fixed, "Lifts");
        TableResult b = table(sequential, "Lifts");
        for (int i = 0; i < 4; i++) {
            assertEquals("always valid", column(b, "interval").getTexts().get(i));
            assertTrue(number(b, "absolute lower", i) < number(a, "absolute lower", i));
            assertTrue(number(b, "absolute upper", i) > number(a, "absolute upper", i));
            assertTrue(number(b, "lower", i) < number(a, "lower", i));
            assertTrue(number(b, "p-value", i) >= number(a, "p-value", i), "always-valid p is larger");
        }
        assertTrue(table(sequential, "Lifts").getDescription().contains("Benjamini-Hochberg"));
    }

    @Test
    void segmentsBreakTheLiftDownAndSmallOnesAreFlagged() throws Exception {
        AnalysisRun run = project.run(parameters("experiment", "OnboardingTour", "segments", "Web, JapanAndroid"));
        assertEquals(RunStatus.SUCCEEDED, run.getStatus(), run.getError());
        TableResult segments = table(run, "Segments");
        int web = row(segments, Map.of("segment", "Web"));
        int small = row(segments, Map.of("segment", "JapanAndroid"));
        assertEquals("no", column(segments, "small sample").getTexts().get(web));
        assertEquals("yes", column(segments, "small sample").getTexts().get(small));
        assertTrue(number(segments, "control users", small) < 100);
        assertTrue(number(segments, "control users", web) + number(segments, "treatment users", web)
                < summary(run, "users in the experiment"));
    }

    @Test
    void cupedReportsItsVarianceReduction() throws Exception {
        // Purchases is measured after assignment, which a real covariate must not be; the generator has no
        // pre-period signal, so this checks the plumbing (the statistics are checked by SimulationTest)
        AnalysisRun run = project.run(parameters("experiment", "TourRevenue"));
        assertEquals(RunStatus.SUCCEEDED, run.getStatus(), run.getError());
        TableResult cuped = table(run, "CUPED");
        double reduction = number(cuped, "variance reduction", 0);
        assertTrue(reduction > 0.3 && reduction < 1, "variance reduction " + reduction);
        assertTrue(number(cuped, "adjusted upper", 0) - number(cuped, "adjusted lower", 0)
                < number(cuped, "unadjusted upper", 0) - number(cuped, "unadjusted lower", 0));
        assertEquals(reduction, summary(run, "CUPED variance reduction, Revenue, tour"), 1e-12);
        assertTrue(column(table(run, "Lifts"), "method").getTexts().get(0).endsWith(", CUPED"));
    }

    @Test
    void mistakesAreNamed() throws Exception {
        AnalysisException notAnExperiment = assertThrows(AnalysisException.class,
                () -> project.run(parameters("experiment", "Revenue")));
        assertEquals("parameter 'experiment' of analysis 'experiment' needs an experiment, but 'Revenue' is not one",
                notAnExperiment.getMessage());
        AnalysisException unknown = assertThrows(AnalysisException.class,
                () -> project.run(parameters("experiment", "Nope")));
        assertEquals("parameter 'experiment' of analysis 'experiment' names experiment 'Nope', which no .seg file"
                + " defines", unknown.getMessage());
        AnalysisException unassigned = assertThrows(AnalysisException.class,
                () -> project.run(parameters("experiment", "Unassigned")));
        assertEquals("analysis 'experiment' cannot run: experiments.seg:42: experiment Unassigned has no assignment"
                + " clause (write assignment \"event\".property)", unassigned.getMessage());
        AnalysisRun misspelt = project.run(parameters("experiment", "Misspelt"));
        assertEquals(RunStatus.FAILED, misspelt.getStatus());
        assertTrue(misspelt.getError().startsWith("experiments.seg:38: the data has no event property 'experimnet'"),
                misspelt.getError());
    }

    private static Map<String, Long> usersPerVariant(AnalysisRun run) {
        TableResult ratio = table(run, "Sample ratio");
        Map<String, Long> users = new TreeMap<>();
        List<String> names = column(ratio, "variant").getTexts();
        for (int i = 0; i < names.size(); i++) {
            users.put(names.get(i), (long) number(ratio, "users", i));
        }
        return users;
    }
}
