package io.sextant.engine.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sextant.dsl.seg.Experiment;
import io.sextant.engine.Engine;
import io.sextant.engine.EngineRun;

/**
 * An experiment's assignment events as H2, DuckDB and PostgreSQL stream them ({@link EngineRun#assignments})
 * are the same rows in the same order, and the ones the language reference says: the assignment events before T
 * that pass the clause's filters, of the users of the analysis (in the users table, signed up before T or
 * without a signup time), ordered by user, time and variant, an event without a variant first among events at
 * the same instant. The generated data has users whose events name several variants, an unknown variant or
 * none, ties at one instant (with and without a variant), other experiments' events, events at and after T,
 * users who sign up after T and events of users the users table does not know.
 */
class AssignmentQueryTest {

    static final long SEED = 20261125L;
    static final int USERS = 600;

    /** The assignment event's filter is the "feature" property, the variant the "plan" property. */
    static final String FILE = """
            metric Upgrades { owner "t" count "plan_upgraded" }
            experiment Tour {
                owner "t"
                variants { free 50 %, pro 50 % }
                assignment "experiment_assigned" [feature = "tour"].plan
                primary Upgrades
            }
            experiment TourOrQuoted {
                owner "t"
                variants { free 50 %, pro 50 % }
                assignment "experiment_assigned" [feature in ("tour", "O'Brien")].plan
                primary Upgrades
            }
            experiment AnyAssignment {
                owner "t"
                variants { free 50 %, pro 50 % }
                assignment "experiment_assigned".plan
                primary Upgrades
            }
            """;

    record Row(String user, LocalDateTime time, String variant) {
    }

    @TempDir
    static Path folder;

    static EventFixture fixture;
    static TestEngines engines;
    static Definitions definitions;

    @BeforeAll
    static void load() throws Exception {
        fixture = generate(new Random(SEED));
        engines = TestEngines.create(folder, fixture);
        definitions = Definitions.parse("assignments.seg", FILE);
    }

    @AfterAll
    static void stop() throws Exception {
        if (engines != null) {
            engines.close();
        }
    }

    @Test
    void everyEngineStreamsTheReferencesAssignmentRows() throws Exception {
        Map<String, Predicate<Object>> filters = new LinkedHashMap<>();
        filters.put("Tour", feature -> "tour".equals(feature));
        filters.put("TourOrQuoted", feature -> "tour".equals(feature) || "O'Brien".equals(feature));
        // no filter: events without the property count too
        filters.put("AnyAssignment", feature -> true);
        for (Map.Entry<String, Predicate<Object>> experiment : filters.entrySet()) {
            List<Row> expected = reference(experiment.getValue());
            for (Map.Entry<String, Engine> engine : engines.all().entrySet()) {
                List<Row> actual = read(engine.getValue(), experiment.getKey());
                assertEquals(expected.size(), actual.size(), engine.getKey() + " " + experiment.getKey() + ": rows");
                for (int i = 0; i < expected.size(); i++) {
                    assertEquals(expected.get(i), actual.get(i), engine.getKey() + " " + experiment.getKey() + ": row " + i);
                }
            }
        }
    }

    /**
     * {@link EngineRun#assignmentTable}: one row per user with assignment events, the variant of the first (by
     * time, one without a variant first at the same instant) and whether the events name several variants, on
     * every engine the same as the reference's rows say.
     */
    @Test
    void everyEngineGivesEachUsersFirstVariantAndWhetherTheyNamedSeveral() throws Exception {
        Map<String, Predicate<Object>> filters = new LinkedHashMap<>();
        filters.put("Tour", feature -> "tour".equals(feature));
        filters.put("AnyAssignment", feature -> true);
        for (Map.Entry<String, Predicate<Object>> experiment : filters.entrySet()) {
            Map<String, String> expected = new java.util.TreeMap<>();
            Map<String, List<Row>> byUser = reference(experiment.getValue()).stream()
                    .collect(Collectors.groupingBy(Row::user, LinkedHashMap::new, Collectors.toList()));
            for (Map.Entry<String, List<Row>> user : byUser.entrySet()) {
                long variants = user.getValue().stream().map(Row::variant).filter(Objects::nonNull).distinct().count();
                expected.put(user.getKey(), user.getValue().get(0).variant() + "|" + (variants > 1 ? 1 : 0));
            }
            for (Map.Entry<String, Engine> engine : engines.all().entrySet()) {
                Map<String, String> actual = new java.util.TreeMap<>();
                try (EngineRun run = engine.getValue().open(EventFixture.AS_OF)) {
                    var table = run.assignmentTable((Experiment) definitions.require(experiment.getKey()),
                            new NullProgressMonitor());
                    for (org.jooq.Record row : run.aggregate(run.sql().selectFrom(table), "the assignments",
                            new NullProgressMonitor())) {
                        String previous = actual.put(row.get(0, String.class),
                                row.get(1, String.class) + "|" + row.get(2, Integer.class));
                        assertEquals(null, previous, engine.getKey() + ": one row per user");
                    }
                    // asked again in the run: the same table
                    assertEquals(table, run.assignmentTable((Experiment) definitions.require(experiment.getKey()),
                            new NullProgressMonitor()));
                }
                assertEquals(expected, actual, engine.getKey() + " " + experiment.getKey());
            }
        }
    }

    @Test
    void theDataHasEveryCaseTheRuleDistinguishes() {
        Map<String, List<Row>> byUser = reference(feature -> "tour".equals(feature)).stream()
                .collect(Collectors.groupingBy(Row::user, LinkedHashMap::new, Collectors.toList()));
        int several = 0;
        int unknown = 0;
        int without = 0;
        int tiesWithAndWithout = 0;
        int single = 0;
        for (List<Row> rows : byUser.values()) {
            Set<String> variants = rows.stream().map(Row::variant).filter(Objects::nonNull).collect(Collectors.toSet());
            String first = rows.get(0).variant();
            several += variants.size() > 1 ? 1 : 0;
            without += first == null ? 1 : 0;
            unknown += first != null && variants.size() == 1 && !Set.of("free", "pro").contains(first) ? 1 : 0;
            single += rows.size() == 1 && first != null ? 1 : 0;
            boolean tie = rows.size() > 1 && rows.get(0).time().equals(rows.get(1).time()) && first == null
                    && rows.get(1).variant() != null;
            tiesWithAndWithout += tie ? 1 : 0;
        }
        assertTrue(several >= 20, several + " users with several variants");
        assertTrue(unknown >= 10, unknown + " users with an unknown variant");
        assertTrue(without >= 10, without + " users whose first assignment has no variant");
        assertTrue(tiesWithAndWithout >= 3, tiesWithAndWithout + " users with a tie of an event with and one without a variant");
        assertTrue(single >= 100, single + " users with one plain assignment");
        // left out by the engine: users who sign up after T, users the users table does not know, events at or after T
        long lateUsers = fixture.users.stream().filter(u -> u.signup() != null && !u.signup().isBefore(EventFixture.T))
                .filter(u -> fixture.events.stream().anyMatch(e -> e.user().equals(u.id()) && e.time().isBefore(EventFixture.T)
                        && e.name().equals("experiment_assigned")))
                .count();
        long ghosts = fixture.events.stream().filter(e -> e.user().startsWith("ghost")).count();
        long atOrAfterT = fixture.events.stream().filter(e -> !e.time().isBefore(EventFixture.T)).count();
        assertTrue(lateUsers >= 10 && ghosts >= 10 && atOrAfterT >= 20, lateUsers + " late users, " + ghosts
                + " ghost events, " + atOrAfterT + " events at or after T");
        Set<String> streamed = byUser.keySet();
        assertTrue(streamed.stream().noneMatch(u -> u.startsWith("ghost")), "ghosts are not streamed");
    }

    private static List<Row> read(Engine engine, String experiment) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (EngineRun run = engine.open(EventFixture.AS_OF)) {
            long count = run.assignments((Experiment) definitions.require(experiment), new NullProgressMonitor(),
                    (user, time, variant) -> rows.add(new Row(user, time, variant)));
            assertEquals(rows.size(), count);
        }
        return rows;
    }

    /** What the language reference says, computed from the fixture alone. */
    private static List<Row> reference(Predicate<Object> filter) {
        Map<String, EventFixture.User> users = new HashMap<>();
        for (EventFixture.User user : fixture.users) {
            users.put(user.id(), user);
        }
        List<Row> rows = new ArrayList<>();
        for (EventFixture.Event event : fixture.events) {
            EventFixture.User user = users.get(event.user());
            boolean ofTheAnalysis = user != null && (user.signup() == null || user.signup().isBefore(EventFixture.T));
            // a missing property fails every filter; the experiment without filters takes every event
            if (ofTheAnalysis && event.name().equals("experiment_assigned") && event.time().isBefore(EventFixture.T)
                    && filter.test(event.properties().get("feature"))) {
                rows.add(new Row(event.user(), event.time(), (String) event.properties().get("plan")));
            }
        }
        rows.sort(Comparator.comparing(Row::user).thenComparing(Row::time)
                .thenComparing(Row::variant, Comparator.nullsFirst(Comparator.naturalOrder())));
        return rows;
    }

    /**
     * Users of every kind, each with 0 to 5 assignment events (this experiment's, another's, or without the
     * filter property), variants from the experiment, unknown ones, none, and the same instant twice.
     */
    private static EventFixture generate(Random random) {
        EventFixture fixture = new EventFixture();
        LocalDateTime start = LocalDateTime.of(2026, 1, 1, 0, 0);
        List<String> features = List.of("tour", "tour", "tour", "tour", "search", "O'Brien");
        List<String> plans = List.of("free", "pro", "free", "pro", "free", "pro", "team", "Pro", "x'); DROP TABLE events; --");
        for (int i = 0; i < USERS + 20; i++) {
            boolean ghost = i >= USERS; // events of users the users table does not know
            String id = ghost ? "ghost" + i : "u" + i;
            int kind = random.nextInt(20);
            LocalDateTime signup = kind == 0 ? null : kind == 1 ? EventFixture.T.plusHours(random.nextInt(240))
                    : start.plusHours(random.nextInt(24 * 85));
            if (!ghost) {
                fixture.users.add(new EventFixture.User(id, signup, Map.of()));
            }
            LocalDateTime base = signup != null && signup.isBefore(EventFixture.T) ? signup
                    : EventFixture.T.minusDays(1 + random.nextInt(80));
            int count = ghost ? 1 : random.nextInt(6);
            // most users log one consistent variant; some several, some none
            String usual = pick(random, plans);
            LocalDateTime previous = base;
            for (int e = 0; e < count; e++) {
                LocalDateTime time = switch (random.nextInt(7)) {
                    case 0 -> previous; // the same instant as the one before
                    case 1 -> EventFixture.T.minusHours(random.nextInt(2)); // at T: not counted, and just before
                    case 2 -> EventFixture.T.plusHours(random.nextInt(48)); // after T
                    default -> base.plusMinutes(random.nextInt(60 * 24 * 20));
                };
                previous = time;
                Map<String, Object> properties = new HashMap<>();
                int feature = random.nextInt(8);
                if (feature > 0) {
                    properties.put("feature", features.get(feature % features.size()));
                }
                int plan = random.nextInt(10);
                if (plan > 1) {
                    properties.put("plan", plan < 8 ? usual : pick(random, plans));
                }
                String name = random.nextInt(12) == 0 ? "plan_upgraded" : "experiment_assigned";
                fixture.events.add(new EventFixture.Event(id, name, time, properties));
            }
            if (!ghost && random.nextInt(15) == 0) {
                // a tie at the first instant: one event without a variant, one with
                LocalDateTime first = base.minusHours(1);
                fixture.events.add(new EventFixture.Event(id, "experiment_assigned", first, Map.of("feature", "tour",
                        "plan", usual)));
                fixture.events.add(new EventFixture.Event(id, "experiment_assigned", first, Map.of("feature", "tour")));
            }
        }
        return fixture;
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
