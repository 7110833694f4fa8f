package io.sextant.engine.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sextant.data.EventDataSource;
import io.sextant.engine.Engine;
import io.sextant.engine.EngineException;
import io.sextant.engine.EngineRun;

/**
 * Definitions the data cannot answer are refused with one clear line naming the file and line, whoever hands
 * them to the engine (the validator catches the same mistakes in the editor).
 */
class PlanningErrorsTest {

    static final String FILE = """
            segment UnknownProperty { owner "t"
                where sum "purchase".amout > 3 }
            segment UnknownAttribute { owner "t"
                where user.contry = "US" }
            segment WrongType { owner "t"
                where user.age = "old" }
            segment BooleanOrder { owner "t"
                where user.vip > true }
            segment TextSum { owner "t"
                where sum "purchase".currency > 3 }
            segment ZeroWindow { owner "t"
                where did "purchase" within 0 days }
            segment HalfWindow { owner "t"
                where did "purchase" within 1.5 days }
            segment BadDate { owner "t"
                where user.trial_end > date "2026-02-30" }
            segment Fine { owner "t" where did "purchase" }
            """;

    @TempDir
    static Path folder;

    static Engine engine;
    static Definitions definitions;

    @BeforeAll
    static void load() throws Exception {
        EventDataSource source = EventDataSource.embedded(folder);
        EventFixture.generate(3, 20).load(source);
        engine = Engine.on(source);
        definitions = Definitions.parse("errors.seg", FILE);
    }

    @Test
    void eachMistakeIsOneLineWithItsPlace() throws Exception {
        Map<String, String> expected = Map.of(
                "UnknownProperty", "errors.seg:2: the data has no event property 'amout'; known: amount, currency,",
                "UnknownAttribute", "errors.seg:4: the data has no user attribute 'contry'; known: age, country,",
                "WrongType", "errors.seg:6: user attribute age holds numbers, not text",
                "BooleanOrder", "errors.seg:8: user attribute vip is true or false, which have no order",
                "TextSum", "errors.seg:10: sum needs a numeric property; currency holds text",
                "ZeroWindow", "errors.seg:12: a window is a whole number of days longer than zero, not 0",
                "HalfWindow", "errors.seg:14: a window is a whole number of days longer than zero, not 1.5",
                "BadDate", "errors.seg:16: '2026-02-30' is not a date");
        try (EngineRun run = engine.open(LocalDate.of(2026, 3, 31))) {
            for (Map.Entry<String, String> each : expected.entrySet()) {
                EngineException error = assertThrows(EngineException.class,
                        () -> run.members(definitions.segment(each.getKey()), new NullProgressMonitor()), each.getKey());
                assertEquals(each.getValue(), error.getMessage().substring(0,
                        Math.min(error.getMessage().length(), each.getValue().length())), each.getKey());
                assertEquals(-1, error.getMessage().indexOf('\n'), "one line: " + error.getMessage());
            }
            // the run goes on after a refused definition
            run.members(definitions.segment("Fine"), new NullProgressMonitor());
        }
    }
}
