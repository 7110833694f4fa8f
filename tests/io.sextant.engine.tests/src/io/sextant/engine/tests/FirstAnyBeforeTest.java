package io.sextant.engine.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sextant.engine.Engine;
import io.sextant.engine.EngineRun;
import io.sextant.engine.tests.EventFixture.Event;
import io.sextant.engine.tests.EventFixture.User;

/**
 * The first occurrence of an event as a condition and as an anchor with filters, {@code any event}, and windows
 * before an anchor, on a handful of users made by hand (T is 2026-04-01T00:00): events exactly on the bounds of
 * windows, a first event before signup, a user without a signup time, a user without any event and one whose
 * only event is at T. Every engine (H2, DuckDB, PostgreSQL) and the reference evaluator must give exactly the
 * members and values written here.
 */
class FirstAnyBeforeTest {

    static final String FILE = """
            segment FirstBuyWithin14 { owner "t" where first "purchase" within 14 days after signup }
            segment FirstBuyLate { owner "t" where first "purchase" at least 14 days after signup }
            segment FirstBigBuyLate { owner "t" where first "purchase" [amount > 10] at least 14 days after signup }
            segment NewBuyers { owner "t" where first "purchase" within 30 days }
            segment NotFirstBuyWithin14 { owner "t" where not first "purchase" within 14 days after signup }
            segment BoughtBeforeSignup { owner "t" where count "purchase" within 7 days before signup >= 1 }
            segment ActiveBeforeSignup { owner "t" where did any event within 7 days before signup }
            segment Regulars { owner "t" where distinct-days any event within 28 days >= 3 }
            segment BusyFirstWeek { owner "t" where count any event within 7 days after signup >= 3 }
            segment ActiveLastWeek { owner "t" where did any event within 7 days }
            segment NeverActive { owner "t" where not did any event }
            segment ViewedAfterFirstBigBuy {
                owner "t"
                where did "page_viewed" within 30 days after first "purchase" [amount > 10]
            }
            segment TwoBigEventsFirstMonth { owner "t" where count any event [amount > 10] within 30 days after signup >= 2 }
            segment ActiveOnSignupDay { owner "t" where first any event within 1 day after signup }
            segment ViewedBeforeFirstBuy { owner "t" where did "page_viewed" within 30 days before first "purchase" }
            metric EventsBeforeSignup { owner "t" count any event within 7 days before signup }
            metric ActiveDays { owner "t" distinct-days any event within 28 days }
            metric ConvertedBeforeSignup { owner "t" conversion did "purchase" within 7 days before signup }
            """;

    @TempDir
    static Path folder;

    static TestEngines engines;
    static Definitions definitions;
    static ReferenceEvaluator reference;

    @BeforeAll
    static void load() throws Exception {
        EventFixture fixture = new EventFixture();
        LocalDateTime march1 = LocalDateTime.of(2026, 3, 1, 0, 0);
        user(fixture, "a", march1);
        purchase(fixture, "a", march1.plusDays(14), "20"); // exactly signup + 14 days: not within, at least
        user(fixture, "b", march1);
        purchase(fixture, "b", march1.plusDays(14).minusHours(1), "20");
        purchase(fixture, "b", LocalDateTime.of(2026, 3, 20, 9, 0), "20");
        event(fixture, "b", "page_viewed", LocalDateTime.of(2026, 3, 20, 10, 0));
        user(fixture, "c", march1);
        purchase(fixture, "c", LocalDateTime.of(2026, 2, 25, 0, 0), "20"); // first purchase before signup
        purchase(fixture, "c", LocalDateTime.of(2026, 3, 2, 0, 0), "20");
        user(fixture, "d", null); // no signup time: no window after or before signup
        purchase(fixture, "d", LocalDateTime.of(2026, 3, 5, 0, 0), "20");
        user(fixture, "e", LocalDateTime.of(2026, 3, 10, 0, 0)); // no events at all
        LocalDateTime fSignup = LocalDateTime.of(2026, 2, 22, 0, 0);
        user(fixture, "f", fSignup);
        event(fixture, "f", "page_viewed", fSignup.minusDays(7)); // exactly 7 days before signup: in the window
        event(fixture, "f", "page_viewed", fSignup); // at signup: after it, not before it
        purchase(fixture, "f", fSignup.plusDays(1), "5");
        purchase(fixture, "f", LocalDateTime.of(2026, 3, 10, 0, 0), "50");
        LocalDateTime gSignup = LocalDateTime.of(2026, 3, 25, 0, 0);
        user(fixture, "g", gSignup);
        event(fixture, "g", "page_viewed", gSignup.plusHours(1));
        event(fixture, "g", "feature_viewed", LocalDateTime.of(2026, 3, 26, 10, 0));
        event(fixture, "g", "api_call", LocalDateTime.of(2026, 3, 27, 5, 0));
        event(fixture, "g", "api_call", LocalDateTime.of(2026, 3, 27, 6, 0));
        LocalDateTime hSignup = LocalDateTime.of(2026, 3, 5, 0, 0);
        user(fixture, "h", hSignup);
        event(fixture, "h", "page_viewed", hSignup.minusDays(7).minusHours(1)); // just outside 7 days before
        event(fixture, "h", "page_viewed", hSignup); // at signup: not before it
        user(fixture, "i", march1);
        event(fixture, "i", "page_viewed", EventFixture.T); // at T: never counts
        engines = TestEngines.create(folder, fixture);
        definitions = Definitions.parse("gaps.seg", FILE);
        reference = new ReferenceEvaluator(fixture, EventFixture.AS_OF);
    }

    @AfterAll
    static void stop() throws Exception {
        if (engines != null) {
            engines.close();
        }
    }

    @Test
    void firstOccurrence() throws Exception {
        assertMembers("FirstBuyWithin14", "b", "f");
        assertMembers("FirstBuyLate", "a");
        assertMembers("FirstBigBuyLate", "a", "f");
        assertMembers("NewBuyers", "a", "b", "d");
        assertMembers("NotFirstBuyWithin14", "a", "c", "d", "e", "g", "h", "i");
        assertMembers("ActiveOnSignupDay", "g");
    }

    @Test
    void firstOccurrenceWithFiltersAsAnAnchor() throws Exception {
        assertMembers("ViewedAfterFirstBigBuy", "b");
    }

    @Test
    void anyEvent() throws Exception {
        assertMembers("Regulars", "g");
        assertMembers("BusyFirstWeek", "g");
        assertMembers("ActiveLastWeek", "g");
        assertMembers("NeverActive", "e", "i");
        assertMembers("TwoBigEventsFirstMonth", "b");
        assertValues("ActiveDays", Map.of("a", "1", "b", "2", "c", "0", "d", "1", "e", "0", "f", "1", "g", "3",
                "h", "1", "i", "0"));
    }

    @Test
    void windowsBeforeAnAnchor() throws Exception {
        assertMembers("BoughtBeforeSignup", "c");
        assertMembers("ActiveBeforeSignup", "c", "f");
        assertMembers("ViewedBeforeFirstBuy", "f");
        assertValues("EventsBeforeSignup", Map.of("a", "0", "b", "0", "c", "1", "d", "0", "e", "0", "f", "1",
                "g", "0", "h", "0", "i", "0"));
        Map<String, String> converted = new TreeMap<>(Map.of("a", "0", "b", "0", "c", "1", "e", "0", "f", "0",
                "g", "0", "h", "0", "i", "0"));
        converted.put("d", null); // no signup, no window: no value
        assertValues("ConvertedBeforeSignup", converted);
    }

    private static void assertMembers(String segment, String... members) throws Exception {
        Set<String> wanted = new TreeSet<>(Set.of(members));
        assertEquals(wanted, new TreeSet<>(reference.members(definitions.segment(segment))), "reference: " + segment);
        for (Map.Entry<String, Engine> engine : engines.all().entrySet()) {
            try (EngineRun run = engine.getValue().open(EventFixture.AS_OF)) {
                assertEquals(wanted, new TreeSet<>(run.members(definitions.segment(segment), new NullProgressMonitor())),
                        engine.getKey() + ": " + segment);
            }
        }
    }

    private static void assertValues(String metric, Map<String, String> values) throws Exception {
        Map<String, BigDecimal> wanted = new TreeMap<>();
        values.forEach((user, value) -> wanted.put(user, value == null ? null : new BigDecimal(value)));
        assertEquals(wanted, normal(reference.metric(definitions.metric(metric))), "reference: " + metric);
        for (Map.Entry<String, Engine> engine : engines.all().entrySet()) {
            try (EngineRun run = engine.getValue().open(EventFixture.AS_OF)) {
                assertEquals(wanted, normal(run.metricValues(definitions.metric(metric), null,
                        new NullProgressMonitor()).values()), engine.getKey() + ": " + metric);
            }
        }
    }

    /** Values with their scale stripped (0, 0.0 and 0E+1 are one number), by user. */
    private static Map<String, BigDecimal> normal(Map<String, BigDecimal> values) {
        Map<String, BigDecimal> result = new TreeMap<>();
        values.forEach((user, value) -> result.put(user, value == null ? null
                : new BigDecimal(value.stripTrailingZeros().toPlainString())));
        return result;
    }

    private static void user(EventFixture fixture, String id, LocalDateTime signup) {
        fixture.users.add(new User(id, signup, new LinkedHashMap<>()));
    }

    private static void event(EventFixture fixture, String user, String name, LocalDateTime time) {
        fixture.events.add(new Event(user, name, time, new LinkedHashMap<>()));
    }

    private static void purchase(EventFixture fixture, String user, LocalDateTime time, String amount) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("amount", new BigDecimal(amount));
        fixture.events.add(new Event(user, "purchase", time, properties));
    }
}
