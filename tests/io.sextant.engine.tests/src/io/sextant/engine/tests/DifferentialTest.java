package io.sextant.engine.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sextant.dsl.seg.Definition;
import io.sextant.dsl.seg.Metric;
import io.sextant.dsl.seg.Segment;
import io.sextant.engine.Engine;
import io.sextant.engine.EngineRun;
import io.sextant.engine.MetricValues;

/**
 * Generated definitions (every construct of the language) answered by H2, DuckDB and PostgreSQL, each compared
 * with the reference evaluator: the members of every segment and the value of every metric for every user must
 * be exactly the same (numbers compared as exact decimals).
 */
class DifferentialTest {

    static final long DATA_SEED = 20261124L;
    static final long DEFINITION_SEED = 7L;
    static final int SEGMENTS = 180;
    static final int METRICS = 70;
    /** Definitions that also use the forms added later: first occurrences, any event, windows before an anchor. */
    static final long NEW_FORMS_SEED = 11L;
    static final int NEW_FORMS_SEGMENTS = 90;
    static final int NEW_FORMS_METRICS = 40;

    @TempDir
    static Path folder;

    static EventFixture fixture;
    static TestEngines engines;
    static Definitions definitions;
    static ReferenceEvaluator reference;

    @BeforeAll
    static void load() throws Exception {
        fixture = EventFixture.generate(DATA_SEED, 400);
        engines = TestEngines.create(folder, fixture);
        definitions = Definitions.parse("generated.seg", new DefinitionGenerator(DEFINITION_SEED).file(SEGMENTS, METRICS),
                "generated-new-forms.seg", new DefinitionGenerator(NEW_FORMS_SEED, true, "N")
                        .file(NEW_FORMS_SEGMENTS, NEW_FORMS_METRICS));
        reference = new ReferenceEvaluator(fixture, EventFixture.AS_OF);
    }

    @AfterAll
    static void stop() throws Exception {
        if (engines != null) {
            engines.close();
        }
    }

    @Test
    void atLeastTwoHundredDefinitionsCoverEveryConstruct() {
        assertTrue(definitions.segments().size() + definitions.metrics().size() >= 200);
        String all = String.join("\n", definitions.segments().stream().map(DifferentialTest::text).toList())
                + String.join("\n", definitions.metrics().stream().map(DifferentialTest::text).toList());
        for (String construct : List.of(" or ", " and ", "not ", "user.", " in (", "is null", "is not null", "count ",
                "sum ", "avg ", "min ", "max ", "distinct-days ", "did ", "not did ", " then ", "in segment ",
                "after signup", "after first ", " hours", " days", " weeks", "[", "date \"", "true", "retention on day",
                "active means", "conversion did", "lifetime value", "cost to serve", "ratio ", "!=", "<=", ">=",
                "first \"", "first any event", " at least ", "any event [", "count any event", "did any event",
                "distinct-days any event", "before signup", "before first ", " then any event")) {
            assertTrue(all.contains(construct), "no generated definition uses '" + construct + "'");
        }
        assertTrue(java.util.regex.Pattern.compile("(after|before) first \"[a-z_]+\" \\[").matcher(all).find(),
                "no generated definition anchors at a first event with filters");
    }

    @Test
    void everyEngineFindsTheSameMembersAsTheReference() throws Exception {
        List<String> differences = new ArrayList<>();
        Map<String, Set<String>> expected = new LinkedHashMap<>();
        for (Segment segment : definitions.segments()) {
            expected.put(segment.getName(), reference.members(segment));
        }
        int nonEmpty = (int) expected.values().stream().filter(m -> !m.isEmpty()).count();
        int notEveryone = (int) expected.values().stream().filter(m -> m.size() < fixture.users.size() - 25).count();
        // the generated conditions must discriminate, or agreeing would prove little
        assertTrue(nonEmpty > SEGMENTS / 2, nonEmpty + " of " + SEGMENTS + " segments have members");
        assertTrue(notEveryone > SEGMENTS / 2, notEveryone + " of " + SEGMENTS + " segments leave users out");
        // and so must those of the new forms
        long newDiscriminating = expected.entrySet().stream().filter(e -> e.getKey().startsWith("N"))
                .filter(e -> !e.getValue().isEmpty() && e.getValue().size() < fixture.users.size() - 25).count();
        assertTrue(newDiscriminating > NEW_FORMS_SEGMENTS / 3,
                newDiscriminating + " of " + NEW_FORMS_SEGMENTS + " segments of the new forms have members and leave users out");
        for (Map.Entry<String, Engine> engine : engines.all().entrySet()) {
            try (EngineRun run = engine.getValue().open(EventFixture.AS_OF)) {
                for (Segment segment : definitions.segments()) {
                    Set<String> actual = run.members(segment, new NullProgressMonitor());
                    Set<String> wanted = expected.get(segment.getName());
                    if (!actual.equals(wanted)) {
                        differences.add(describe(engine.getKey(), segment, wanted, actual));
                    }
                    assertEquals(wanted.size(), run.size(segment, new NullProgressMonitor()));
                }
            }
            // sizes asked first: each segment computed into a table (the run above read them without one, and
            // copied those that later segments nest from memory)
            try (EngineRun run = engine.getValue().open(EventFixture.AS_OF)) {
                for (Segment segment : definitions.segments()) {
                    long size = run.size(segment, new NullProgressMonitor());
                    if (size != expected.get(segment.getName()).size()) {
                        differences.add(engine.getKey() + " " + segment.getName() + ": size " + size + " instead of "
                                + expected.get(segment.getName()).size());
                    }
                }
            }
            // each segment asked alone in a run of its own: its nested segments are subqueries of its one query
            // on DuckDB and PostgreSQL (nothing computed before in the run), tables on H2
            int nesting = 0;
            for (Segment segment : definitions.segments()) {
                if (!nests(segment)) {
                    continue;
                }
                nesting++;
                try (EngineRun run = engine.getValue().open(EventFixture.AS_OF)) {
                    Set<String> actual = run.members(segment, new NullProgressMonitor());
                    if (!actual.equals(expected.get(segment.getName()))) {
                        differences.add("alone: " + describe(engine.getKey(), segment, expected.get(segment.getName()),
                                actual));
                    }
                }
            }
            assertTrue(nesting >= 10, "only " + nesting + " generated segments nest another");
        }
        if (!differences.isEmpty()) {
            fail(differences.size() + " segment answers differ from the reference:\n"
                    + String.join("\n", differences.subList(0, Math.min(8, differences.size()))));
        }
    }

    /** Whether the segment's condition names another segment ("in segment"). */
    private static boolean nests(Segment segment) {
        org.eclipse.xtext.nodemodel.ICompositeNode node = org.eclipse.xtext.nodemodel.util.NodeModelUtils.getNode(segment);
        return node != null && node.getText().contains("in segment ");
    }

    @Test
    void everyEngineComputesTheSameMetricValuesAsTheReference() throws Exception {
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, Engine> engine : engines.all().entrySet()) {
            try (EngineRun run = engine.getValue().open(EventFixture.AS_OF)) {
                for (Metric metric : definitions.metrics()) {
                    MetricValues actual = run.metricValues(metric, null, new NullProgressMonitor());
                    compare(engine.getKey(), metric, reference.metric(metric), actual.values(), differences);
                    if (actual.isRatio()) {
                        compare(engine.getKey(), metric, reference.denominators(metric), actual.denominators(), differences);
                    }
                }
            }
        }
        if (!differences.isEmpty()) {
            fail(differences.size() + " metric answers differ from the reference:\n"
                    + String.join("\n", differences.subList(0, Math.min(8, differences.size()))));
        }
    }

    @Test
    void metricsOverASegmentCoverExactlyItsMembers() throws Exception {
        List<Segment> populations = definitions.segments().stream()
                .filter(s -> reference.members(s).size() > 10 && reference.members(s).size() < 300).limit(5).toList();
        assertEquals(5, populations.size());
        for (Map.Entry<String, Engine> engine : engines.all().entrySet()) {
            try (EngineRun run = engine.getValue().open(EventFixture.AS_OF)) {
                for (Segment population : populations) {
                    for (Metric metric : definitions.metrics().subList(0, 20)) {
                        Map<String, BigDecimal> all = reference.metric(metric);
                        Map<String, BigDecimal> wanted = new LinkedHashMap<>();
                        for (String member : reference.members(population)) {
                            wanted.put(member, all.get(member));
                        }
                        List<String> differences = new ArrayList<>();
                        compare(engine.getKey(), metric, wanted,
                                run.metricValues(metric, population, new NullProgressMonitor()).values(), differences);
                        assertEquals(List.of(), differences, "over segment " + population.getName());
                    }
                }
            }
        }
    }

    @Test
    void everyEngineGivesTheMetricTableTheReferencesValuesAsDoubles() throws Exception {
        List<String> differences = new ArrayList<>();
        org.jooq.Name m = org.jooq.impl.DSL.unquotedName("m");
        for (Map.Entry<String, Engine> engine : engines.all().entrySet()) {
            try (EngineRun run = engine.getValue().open(EventFixture.AS_OF)) {
                for (Metric metric : definitions.metrics()) {
                    var query = run.sql().select(
                            org.jooq.impl.DSL.field(org.jooq.impl.DSL.name(m, org.jooq.impl.DSL.unquotedName("user_id"))),
                            org.jooq.impl.DSL.field(org.jooq.impl.DSL.name(m, org.jooq.impl.DSL.quotedName("value"))),
                            org.jooq.impl.DSL.field(org.jooq.impl.DSL.name(m,
                                    org.jooq.impl.DSL.unquotedName("denominator"))))
                            .from(run.metricTable(metric, null, new NullProgressMonitor()).as(m));
                    Map<String, Double> values = new LinkedHashMap<>();
                    Map<String, Double> denominators = new LinkedHashMap<>();
                    for (org.jooq.Record row : run.aggregate(query, "metric " + metric.getName(),
                            new NullProgressMonitor())) {
                        values.put(row.get(0, String.class), row.get(1, Double.class));
                        denominators.put(row.get(0, String.class), row.get(2, Double.class));
                    }
                    compareDoubles(engine.getKey(), metric, reference.metric(metric), values, differences);
                    if (metric.getDefinition() instanceof io.sextant.dsl.seg.RatioMetric) {
                        compareDoubles(engine.getKey(), metric, reference.denominators(metric), denominators,
                                differences);
                    }
                }
            }
        }
        if (!differences.isEmpty()) {
            fail(differences.size() + " metric table values differ from the reference:\n"
                    + String.join("\n", differences.subList(0, Math.min(8, differences.size()))));
        }
    }

    /**
     * The metric table's doubles against the reference's exact decimals: within four units in the last place
     * (a decimal's conversion and an average's division each round once in the engine).
     */
    private static void compareDoubles(String engine, Metric metric, Map<String, BigDecimal> wanted,
            Map<String, Double> actual, List<String> differences) {
        if (!wanted.keySet().equals(actual.keySet())) {
            differences.add(engine + " " + metric.getName() + ": users " + actual.size() + " instead of "
                    + wanted.size() + "\n  " + text(metric));
            return;
        }
        for (Map.Entry<String, BigDecimal> entry : wanted.entrySet()) {
            Double a = actual.get(entry.getKey());
            BigDecimal w = entry.getValue();
            boolean same = w == null ? a == null
                    : a != null && Math.abs(a - w.doubleValue()) <= 4 * Math.ulp(w.doubleValue());
            if (!same) {
                differences.add(engine + " " + metric.getName() + ": user " + entry.getKey() + " has " + a
                        + " instead of " + w + "\n  " + text(metric));
                return;
            }
        }
    }

    private static void compare(String engine, Metric metric, Map<String, BigDecimal> wanted,
            Map<String, BigDecimal> actual, List<String> differences) {
        if (!wanted.keySet().equals(actual.keySet())) {
            differences.add(engine + " " + metric.getName() + ": users " + new TreeSet<>(actual.keySet()).size()
                    + " instead of " + wanted.size() + "\n  " + text(metric));
            return;
        }
        for (Map.Entry<String, BigDecimal> entry : wanted.entrySet()) {
            BigDecimal a = actual.get(entry.getKey());
            BigDecimal w = entry.getValue();
            boolean same = Objects.equals(a, w) || (a != null && w != null && a.compareTo(w) == 0);
            if (!same) {
                differences.add(engine + " " + metric.getName() + ": user " + entry.getKey() + " has " + a
                        + " instead of " + w + "\n  " + text(metric));
                return;
            }
        }
    }

    private static String describe(String engine, Segment segment, Set<String> wanted, Set<String> actual) {
        Set<String> missing = new TreeSet<>(wanted);
        missing.removeAll(actual);
        Set<String> extra = new TreeSet<>(actual);
        extra.removeAll(wanted);
        return engine + " " + segment.getName() + ": missing " + first(missing) + ", extra " + first(extra) + "\n  "
                + text(segment);
    }

    private static String first(Set<String> ids) {
        return ids.size() + " " + ids.stream().limit(5).toList();
    }

    static String text(Definition definition) {
        return NodeModelUtils.getNode(definition).getText().strip().replaceAll("\\s+", " ");
    }
}
