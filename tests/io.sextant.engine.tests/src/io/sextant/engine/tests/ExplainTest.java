package io.sextant.engine.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sextant.engine.Engine;
import io.sextant.engine.EngineException;
import io.sextant.engine.EngineRun;
import io.sextant.engine.SqlExplanation;

/** "Explain" gives the SQL of a definition for each dialect, formatted, and it is the SQL that answers. */
class ExplainTest {

    static final String FILE = """
            segment Buyers { owner "t" where sum "purchase".amount within 30 days after signup > 50 }
            segment EngagedBuyers {
                owner "t"
                where in segment Buyers and count "feature_viewed" [feature in ("search", "export")] within 2 weeks >= 2
            }
            metric Revenue { owner "t" sum "purchase".amount within 30 days }
            hypothesis H { owner "t" }
            """;

    @TempDir
    static Path folder;

    static TestEngines engines;
    static Definitions definitions;

    @BeforeAll
    static void load() throws Exception {
        engines = TestEngines.create(folder, EventFixture.generate(5, 300));
        definitions = Definitions.parse("explain.seg", FILE);
    }

    @AfterAll
    static void stop() throws Exception {
        if (engines != null) {
            engines.close();
        }
    }

    @Test
    void theExplainedSqlWithItsValuesGivesTheMembersOfARun() throws Exception {
        for (Map.Entry<String, Engine> engine : engines.all().entrySet()) {
            SqlExplanation explanation = engine.getValue().explain(definitions.segment("EngagedBuyers"), EventFixture.AS_OF);
            assertEquals(engine.getKey(), explanation.dialect());
            assertEquals("EngagedBuyers", explanation.definition());
            assertTrue(explanation.sql().contains("\n"), "formatted over several lines");
            assertTrue(explanation.sql().toLowerCase().contains("group by"), explanation.sql());
            assertTrue(explanation.parameters().contains("search"), explanation.parameters().toString());
            assertEquals(explanation.sql().chars().filter(c -> c == '?').count(), explanation.parameters().size(),
                    explanation.sql());
            Set<String> explained = new HashSet<>();
            try (Connection connection = engine.getValue().source().open();
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery(explanation.sqlWithValues())) {
                while (rows.next()) {
                    explained.add(rows.getString(1));
                }
            }
            try (EngineRun run = engine.getValue().open(EventFixture.AS_OF)) {
                Set<String> members = run.members(definitions.segment("EngagedBuyers"), new NullProgressMonitor());
                assertTrue(members.size() > 0, "the example should have members");
                assertEquals(members, explained, engine.getKey());
            }
        }
    }

    @Test
    void aMetricIsExplainedAsItsValuePerUser() throws Exception {
        SqlExplanation explanation = engines.get("duckdb").explain(definitions.metric("Revenue"), EventFixture.AS_OF);
        assertTrue(explanation.sql().contains("sum("), explanation.sql());
        assertTrue(explanation.sqlWithValues().contains("'purchase'"), explanation.sqlWithValues());
    }

    @Test
    void onlySegmentsAndMetricsHaveSql() {
        EngineException error = assertThrows(EngineException.class,
                () -> engines.get("h2").explain(definitions.require("H"), EventFixture.AS_OF));
        assertTrue(error.getMessage().startsWith("explain.seg:"), error.getMessage());
        assertTrue(error.getMessage().contains("not a segment or a metric"), error.getMessage());
    }
}
