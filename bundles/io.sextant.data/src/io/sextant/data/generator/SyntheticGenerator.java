package io.sextant.data.generator;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;

import io.sextant.data.generator.GroundTruth.Defects;
import io.sextant.data.generator.GroundTruth.ExperimentTruth;
import io.sextant.data.generator.GroundTruth.InjectedAnomaly;
import io.sextant.data.generator.GroundTruth.SegmentTruth;
import io.sextant.data.generator.internal.GeneratedRowWriter;
import io.sextant.data.generator.internal.GroundTruthJson;
import io.sextant.data.generator.internal.UserSimulation;

/**
 * Generates a product's users and events, seeded and deterministic, with behaviour that hides real segments,
 * purchases, costs per event type, two experiments (one with a sample ratio mismatch), injected volume
 * anomalies and defects for the quality checks. Writes {@code users.csv}, {@code events.csv} (and/or the
 * .jsonl forms), {@code ground-truth.json} and {@code users-truth.csv} into a folder; import the files to
 * load a source.
 */
public final class SyntheticGenerator {

    /** The cost of one event of each type, in USD, for cost-to-serve metrics. */
    public static final Map<String, BigDecimal> COST_PER_EVENT = Map.of("api_call", new BigDecimal("0.002"),
            "export_created", new BigDecimal("0.05"), "page_viewed", new BigDecimal("0.0001"), "session_started",
            new BigDecimal("0.0005"));

    private static final List<String> NUMERIC = List.of("duration_s", "amount");

    /** Generates into {@code folder} (created if needed) and returns what was put into the data. */
    public GroundTruth generate(Path folder, GeneratorSettings settings, IProgressMonitor monitor) throws IOException {
        SubMonitor progress = SubMonitor.convert(monitor, "Generating " + settings.users() + " users", settings.days() + 1);
        Files.createDirectories(folder);
        Map<String, Path> files = new LinkedHashMap<>();
        Path usersCsv = settings.csv() ? put(files, "users.csv", folder.resolve("users.csv")) : null;
        Path eventsCsv = settings.csv() ? put(files, "events.csv", folder.resolve("events.csv")) : null;
        Path usersJson = settings.jsonLines() ? put(files, "users.jsonl", folder.resolve("users.jsonl")) : null;
        Path eventsJson = settings.jsonLines() ? put(files, "events.jsonl", folder.resolve("events.jsonl")) : null;
        Path truthFile = put(files, "ground-truth.json", folder.resolve("ground-truth.json"));
        Path usersTruth = put(files, "users-truth.csv", folder.resolve("users-truth.csv"));

        Tally tally = new Tally(settings);
        try (GeneratedRowWriter users = new GeneratedRowWriter(usersCsv, usersJson,
                Arrays.asList(UserSimulation.USERS_COLUMNS), List.of());
                GeneratedRowWriter events = new GeneratedRowWriter(eventsCsv, eventsJson,
                        Arrays.asList(UserSimulation.EVENTS_COLUMNS), NUMERIC);
                GeneratedRowWriter truth = new GeneratedRowWriter(usersTruth, null, List.of("user_id", "explorer",
                        "stuck", "upgraded_within_14d", "retained_day28", "active_after_day30", "onboarding_tour",
                        "checkout_redesign", "checkout_assignment_logged"), List.of())) {
            tally.events = events;
            UserSimulation[] simulations = new UserSimulation[settings.users()];
            for (int i = 0; i < simulations.length; i++) {
                simulations[i] = new UserSimulation(tally, i);
                simulations[i].start();
                users.write(simulations[i].userRow());
            }
            // day by day for all users: the events file comes out ordered by day, as real exports are
            for (int day = 0; day < settings.days(); day++) {
                for (UserSimulation user : simulations) {
                    user.day(day);
                }
                progress.worked(1);
                if (progress.isCanceled()) {
                    throw new OperationCanceledException();
                }
            }
            for (UserSimulation user : simulations) {
                user.finish();
                truth.write(new String[] { user.userId(), String.valueOf(user.explorer), String.valueOf(user.stuck),
                        String.valueOf(user.upgradedWithin14Days), String.valueOf(user.retainedDay28),
                        String.valueOf(user.activeAfterDay30), user.tourVariant, user.checkoutVariant,
                        String.valueOf(user.checkoutLogged) });
                tally.user(user);
            }
            tally.defects();
        }
        GroundTruth groundTruth = tally.truth(files);
        GroundTruthJson.write(groundTruth, truthFile);
        progress.worked(1);
        return groundTruth;
    }

    private static Path put(Map<String, Path> files, String role, Path file) {
        files.put(role, file);
        return file;
    }

    /** Counts what the simulations produce and turns it into the ground truth. */
    private static final class Tally implements UserSimulation.GeneratorContext {
        private final GeneratorSettings settings;
        GeneratedRowWriter events;
        long rows;
        long duplicates;
        long purchases;
        BigDecimal revenue = BigDecimal.ZERO;
        final Map<String, Long> eventCounts = new TreeMap<>();
        final long[] explorer = new long[5]; // members, upgrade eligible, upgraded, retention eligible, retained
        final long[] others = new long[5];
        final long[] stuck = new long[3]; // members, churn eligible, churned
        final long[] notStuck = new long[3];
        final Map<String, long[]> tour = new TreeMap<>(); // variant -> assigned, logged, upgraded
        final Map<String, long[]> checkout = new TreeMap<>();
        long unknownUsers;
        long future;
        long preLaunch;
        long negative;

        Tally(GeneratorSettings settings) {
            this.settings = settings;
        }

        @Override
        public long seed() {
            return settings.seed();
        }

        @Override
        public LocalDate start() {
            return settings.start();
        }

        @Override
        public int days() {
            return settings.days();
        }

        @Override
        public void event(String[] row) throws IOException {
            events.write(row);
            rows++;
            eventCounts.merge(row[1], 1L, Long::sum);
            if ("purchase".equals(row[1]) && row[8] != null && !row[8].startsWith("-")) {
                purchases++;
                revenue = revenue.add(new BigDecimal(row[8]));
            }
        }

        @Override
        public void duplicate(String[] row) throws IOException {
            event(row);
            duplicates++;
            if ("purchase".equals(row[1])) {
                purchases--; // a duplicate is not a second purchase
                revenue = revenue.subtract(new BigDecimal(row[8]));
            }
        }

        void user(UserSimulation user) {
            int days = settings.days();
            long[] group = user.explorer ? explorer : others;
            group[0]++;
            if (user.signupDay <= days - 15) {
                group[1]++;
                group[2] += user.upgradedWithin14Days ? 1 : 0;
            }
            if (user.signupDay <= days - 35) {
                group[3]++;
                group[4] += user.retainedDay28 ? 1 : 0;
            }
            long[] stuckGroup = user.stuck ? stuck : notStuck;
            stuckGroup[0]++;
            if (user.signupDay <= days - 31) {
                stuckGroup[1]++;
                stuckGroup[2] += user.activeAfterDay30 ? 0 : 1;
            }
            if (user.tourVariant != null) {
                long[] counts = tour.computeIfAbsent(user.tourVariant, v -> new long[3]);
                counts[0]++;
                counts[1]++;
                counts[2] += user.upgradedWithin14Days ? 1 : 0;
            }
            if (user.checkoutVariant != null) {
                long[] counts = checkout.computeIfAbsent(user.checkoutVariant, v -> new long[3]);
                counts[0]++;
                counts[1] += user.checkoutLogged ? 1 : 0;
                counts[2] += user.upgradedWithin14Days ? 1 : 0;
            }
        }

        /** Rows the quality checks should find: unknown users, impossible dates, negative amounts. */
        void defects() throws IOException {
            java.util.SplittableRandom random = new java.util.SplittableRandom(settings.seed() ^ 0x5DEECE66DL);
            String[] row = new String[UserSimulation.EVENTS_COLUMNS.length];
            long ghosts = Math.max(5, settings.users() / 100);
            for (int i = 0; i < ghosts; i++) {
                Arrays.fill(row, null);
                row[0] = "ghost-" + i;
                row[1] = "page_viewed";
                row[2] = settings.start().plusDays(random.nextInt(settings.days())).atStartOfDay(ZoneOffset.UTC)
                        .plusSeconds(random.nextInt(86_400)).toInstant().toString();
                row[5] = "home";
                event(row);
                unknownUsers++;
            }
            for (int i = 0; i < 3; i++) {
                Arrays.fill(row, null);
                row[0] = String.format("u%07d", i % settings.users());
                row[1] = "page_viewed";
                row[2] = LocalDate.of(2031, 1, 1 + i).atStartOfDay(ZoneOffset.UTC).toInstant().toString();
                row[5] = "home";
                event(row);
                future++;
                row[2] = settings.start().minusDays(400 + i).atStartOfDay(ZoneOffset.UTC).toInstant().toString();
                event(row);
                preLaunch++;
            }
            for (int i = 0; i < 2; i++) {
                Arrays.fill(row, null);
                row[0] = String.format("u%07d", i % settings.users());
                row[1] = "purchase";
                row[2] = settings.start().plusDays(30 + i).atStartOfDay(ZoneOffset.UTC).plusHours(12).toInstant()
                        .toString();
                row[8] = "-29.00";
                row[9] = "USD";
                row[10] = "pro";
                event(row);
                negative++;
            }
        }

        GroundTruth truth(Map<String, Path> files) {
            List<SegmentTruth> segments = List.of(
                    new SegmentTruth("Explorers", "viewed 3 or more distinct features (feature_viewed.feature)"
                            + " within 7 days after signup", explorer[0],
                            rates("upgrade_within_14d", explorer[2], explorer[1], others[2], others[1],
                                    "retained_day28", explorer[4], explorer[3], others[4], others[3])),
                    new SegmentTruth("Stuck", "sessions averaging 20 minutes or more with fewer than 0.2 task_completed"
                            + " per session", stuck[0], rates("churned_by_day30", stuck[2], stuck[1], notStuck[2],
                                    notStuck[1], null, 0, 0, 0, 0)));
            List<ExperimentTruth> experiments = List.of(
                    experiment("onboarding_tour", "users who signed up from day " + UserSimulation.TOUR_FIRST_SIGNUP_DAY
                            + " until 15 days before the end", tour, "tour", UserSimulation.TOUR_EFFECT, false),
                    experiment("checkout_redesign", "users who signed up from day "
                            + UserSimulation.CHECKOUT_FIRST_SIGNUP_DAY + "; " + (int) (100
                                    * UserSimulation.CHECKOUT_LOST_ASSIGNMENTS)
                            + "% of the redesign group's assignment events are lost", checkout, "redesign", 0.0, true));
            List<InjectedAnomaly> anomalies = List.of(
                    new InjectedAnomaly("page_viewed", settings.start().plusDays(UserSimulation.TRIPLED_PAGE_VIEWS_DAY), 3.0),
                    new InjectedAnomaly("api_call", settings.start().plusDays(UserSimulation.API_OUTAGE_DAY),
                            UserSimulation.API_OUTAGE_KEPT));
            return new GroundTruth(settings.seed(), settings.users(), rows, rows - duplicates, settings.start(),
                    settings.days(), eventCounts, new TreeMap<>(COST_PER_EVENT), segments, experiments, anomalies,
                    new Defects(duplicates, unknownUsers, future, preLaunch, negative), purchases, revenue, files);
        }

        private static Map<String, Double> rates(String outcome, long hits, long of, long otherHits, long otherOf,
                String second, long hits2, long of2, long otherHits2, long otherOf2) {
            Map<String, Double> rates = new LinkedHashMap<>();
            rates.put(outcome, rate(hits, of));
            rates.put(outcome + ".others", rate(otherHits, otherOf));
            if (second != null) {
                rates.put(second, rate(hits2, of2));
                rates.put(second + ".others", rate(otherHits2, otherOf2));
            }
            return rates;
        }

        private static ExperimentTruth experiment(String name, String population, Map<String, long[]> counts,
                String treatment, double effect, boolean srm) {
            Map<String, Long> assigned = new TreeMap<>();
            Map<String, Long> logged = new TreeMap<>();
            Map<String, Double> observed = new TreeMap<>();
            counts.forEach((variant, c) -> {
                assigned.put(variant, c[0]);
                logged.put(variant, c[1]);
                observed.put(variant, rate(c[2], c[0]));
            });
            return new ExperimentTruth(name, population, Map.of("control", 0.5, treatment, 0.5), assigned, logged,
                    "upgrade_within_14d (plan_upgraded within 14 days after signup)", Map.of(treatment, effect),
                    observed, srm);
        }

        private static double rate(long hits, long of) {
            return of == 0 ? 0 : (double) hits / of;
        }
    }
}
