package io.sextant.engine.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sextant.engine.Engine;
import io.sextant.engine.EngineRun;
import io.sextant.engine.SqlExplanation;

/**
 * Quotes, comment markers, statement separators and backslashes in every kind of literal the language has
 * (event names, property and attribute texts, in-lists, anchors, cost lists) are data: each definition finds
 * exactly the users the reference finds, the tables are intact afterwards, and the SQL never holds the text.
 */
class InjectionTest {

    static final String SQL_EVENT = "x'); DROP TABLE events; --";

    static final String FILE = """
            segment DidSqlEvent { owner "t" where did "x'); DROP TABLE events; --" }
            segment CountrySqlQuote { owner "t" where user.country = "O'Brien" }
            segment CountryDelete { owner "t" where user.country = "; DELETE FROM users;" or user.country = "/* c */" }
            segment CountryComment { owner "t" where user.country in ("-- x", "a\\"b", "back\\\\slash") }
            segment CountryOrder { owner "t" where user.country > "O'Brien" }
            segment FeatureQuote { owner "t" where count "feature_viewed" [feature = "O'Brien"] >= 1 }
            segment CurrencyList { owner "t" where did "purchase" [currency in ("O'Brien", "'; --")] }
            segment AnchorQuote { owner "t" where count "purchase" within 30 days after first "x'); DROP TABLE events; --" >= 1 }
            segment SequenceQuote { owner "t" where "x'); DROP TABLE events; --" then "purchase" within 60 days }
            metric CostQuote { owner "t" cost to serve { "x'); DROP TABLE events; --" costs 1, "api_call" costs 0.5 } }
            """;

    @TempDir
    static Path folder;

    static EventFixture fixture;
    static TestEngines engines;
    static Definitions definitions;
    static ReferenceEvaluator reference;

    @BeforeAll
    static void load() throws Exception {
        fixture = EventFixture.generate(99, 400);
        engines = TestEngines.create(folder, fixture);
        definitions = Definitions.parse("injection.seg", FILE);
        reference = new ReferenceEvaluator(fixture, EventFixture.AS_OF);
    }

    @AfterAll
    static void stop() throws Exception {
        if (engines != null) {
            engines.close();
        }
    }

    @Test
    void textsThatLookLikeSqlAreMatchedAsData() throws Exception {
        // the fixture holds these texts, so each definition must find someone for the test to mean anything
        for (String name : List.of("DidSqlEvent", "CountrySqlQuote", "CountryDelete", "CountryComment", "FeatureQuote",
                "CurrencyList", "AnchorQuote", "SequenceQuote")) {
            assertFalse(reference.members(definitions.segment(name)).isEmpty(), name + " should have members");
        }
        for (Map.Entry<String, Engine> engine : engines.all().entrySet()) {
            long events = count(engine.getValue(), "events");
            long users = count(engine.getValue(), "users");
            try (EngineRun run = engine.getValue().open(EventFixture.AS_OF)) {
                for (var segment : definitions.segments()) {
                    Set<String> actual = run.members(segment, new NullProgressMonitor());
                    assertEquals(reference.members(segment), actual, engine.getKey() + " " + segment.getName());
                }
                Map<String, BigDecimal> costs = run.metricValues(definitions.metric("CostQuote"), null,
                        new NullProgressMonitor()).values();
                Map<String, BigDecimal> wanted = reference.metric(definitions.metric("CostQuote"));
                for (var entry : wanted.entrySet()) {
                    assertEquals(0, entry.getValue().compareTo(costs.get(entry.getKey())),
                            engine.getKey() + " cost of " + entry.getKey());
                }
            }
            assertEquals(events, count(engine.getValue(), "events"), engine.getKey() + ": events intact");
            assertEquals(users, count(engine.getValue(), "users"), engine.getKey() + ": users intact");
        }
    }

    @Test
    void literalsAreBoundParametersAndQuotedWhenShown() throws Exception {
        for (Map.Entry<String, Engine> engine : engines.all().entrySet()) {
            SqlExplanation explanation = engine.getValue().explain(definitions.segment("DidSqlEvent"), EventFixture.AS_OF);
            assertFalse(explanation.sql().contains("DROP"), explanation.sql());
            assertTrue(explanation.parameters().contains(SQL_EVENT), explanation.parameters().toString());
            assertTrue(explanation.sqlWithValues().contains("'x''); DROP TABLE events; --'"), explanation.sqlWithValues());

            SqlExplanation quote = engine.getValue().explain(definitions.segment("CountrySqlQuote"), EventFixture.AS_OF);
            assertFalse(quote.sql().contains("Brien"), quote.sql());
            assertTrue(quote.sqlWithValues().contains("'O''Brien'"), quote.sqlWithValues());
        }
    }

    private static long count(Engine engine, String table) throws Exception {
        try (Connection connection = engine.source().open(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
