package io.sextant.dsl.tests;

import static io.sextant.dsl.validation.SegIssueCodes.ALLOCATION_NOT_100;
import static io.sextant.dsl.validation.SegIssueCodes.CYCLIC_REFERENCE;
import static io.sextant.dsl.validation.SegIssueCodes.IMPOSSIBLE_WINDOW;
import static io.sextant.dsl.validation.SegIssueCodes.MISSING_OWNER;
import static io.sextant.dsl.validation.SegIssueCodes.MISSING_PRIMARY_METRIC;
import static io.sextant.dsl.validation.SegIssueCodes.MISSING_SUCCESS_MEASURE;
import static io.sextant.dsl.validation.SegIssueCodes.NUMBER_OUT_OF_RANGE;
import static io.sextant.dsl.validation.SegIssueCodes.PROBABILITY_OUT_OF_RANGE;
import static io.sextant.dsl.validation.SegIssueCodes.TOO_FEW_VARIANTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.eclipse.xtext.testing.validation.ValidationTestHelper;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.inject.Inject;

import io.sextant.dsl.seg.SegFile;
import io.sextant.dsl.seg.SegPackage.Literals;

/** Every structural rule: a text that breaks it gets the rule's issue code and a helpful message, and the
 * corrected text gets no issue. */
@ExtendWith(InjectionExtension.class)
@InjectWith(SegInjectorProvider.class)
class SegValidatorTest {

    private static final String METRICS = """
            metric Conversion { owner "o" conversion did "upgrade" within 14 days after signup }
            metric Revenue { owner "o" sum "purchase".amount within 30 days }
            """;

    @Inject
    private ParseHelper<SegFile> parser;

    @Inject
    private ValidationTestHelper validation;

    @Inject
    private com.google.inject.Provider<org.eclipse.xtext.resource.XtextResourceSet> resourceSets;

    @Test
    void everyDefinitionNeedsAnOwner() throws Exception {
        SegFile file = parse("segment NoOwner { where did \"login\" }");
        validation.assertError(file, Literals.SEGMENT, MISSING_OWNER, "segment 'NoOwner' has no owner: add owner");
        Issue issue = only(file, MISSING_OWNER);
        assertEquals(List.of("NoOwner"), List.of(issue.getData()), "quick fix data names the definition");
        assertClean("segment HasOwner { owner \"ana@acme.example\" where did \"login\" }");
    }

    @Test
    void allocationsMustSumTo100() throws Exception {
        SegFile file = parse(experiment("variants { control 50 %, tour 45 % }"));
        validation.assertError(file, Literals.EXPERIMENT, ALLOCATION_NOT_100, "add up to 95%, not 100%");
        assertEquals("95", only(file, ALLOCATION_NOT_100).getData()[0]);
        assertClean(experiment("variants { control 50 %, tour 49.5 %, other 0.5 % }"));
    }

    @Test
    void aClauseIsGivenOnce() throws Exception {
        validation.assertError(parse("segment S { owner \"a\" version 2 owner \"b\" where did \"x\" }"),
                Literals.SEGMENT, io.sextant.dsl.validation.SegIssueCodes.DUPLICATE_CLAUSE,
                "'owner' is given twice in S: keep one");
        validation.assertError(parse(experiment("variants { a 50 %, b 50 % } alpha 0.05 alpha 0.01")),
                Literals.EXPERIMENT, io.sextant.dsl.validation.SegIssueCodes.DUPLICATE_CLAUSE, "'alpha' is given twice");
        // clauses in any order
        assertClean(METRICS + "experiment E { alpha 0.05 primary Conversion owner \"o\" variants { a 50 %, b 50 % } version 2 }");
    }

    @Test
    void anExperimentNeedsTwoVariants() throws Exception {
        validation.assertError(parse(experiment("variants { control 100 % }")), Literals.EXPERIMENT,
                TOO_FEW_VARIANTS, "at least two variants");
    }

    @Test
    void anExperimentNeedsAPrimaryMetric() throws Exception {
        String text = METRICS + """
                experiment NoPrimary { owner "o" variants { a 50 %, b 50 % } }
                """;
        validation.assertError(parse(text), Literals.EXPERIMENT, MISSING_PRIMARY_METRIC, "add primary <metric>");
    }

    @Test
    void alphaAndPowerAreProbabilities() throws Exception {
        SegFile file = parse(experiment("variants { a 50 %, b 50 % } alpha 5 power 0"));
        assertEquals(2, validation.validate(file).stream()
                .filter(i -> PROBABILITY_OUT_OF_RANGE.equals(i.getCode())).count());
        validation.assertError(file, Literals.EXPERIMENT, PROBABILITY_OUT_OF_RANGE, "alpha must be between 0 and 1");
        assertClean(experiment("variants { a 50 %, b 50 % } alpha 0.01 power 0.9"));
    }

    @Test
    void aHypothesisNeedsASuccessMeasure() throws Exception {
        validation.assertError(parse("hypothesis Vague { owner \"o\" expect \"things improve\" }"),
                Literals.HYPOTHESIS, MISSING_SUCCESS_MEASURE, "add success <metric> increases by");
        assertClean(METRICS + "hypothesis Clear { owner \"o\" success Conversion increases by 2 % }");
    }

    @Test
    void windowsMustBeLongerThanZero() throws Exception {
        validation.assertError(parse("segment S { owner \"o\" where count \"x\" within 0 days >= 1 }"),
                Literals.WINDOW, IMPOSSIBLE_WINDOW, "longer than zero, not 0");
        validation.assertError(parse("segment S { owner \"o\" where \"a\" then \"b\" within -3 days }"),
                Literals.SEQUENCE_WINDOW, IMPOSSIBLE_WINDOW, "longer than zero, not -3");
        validation.assertError(parse("segment S { owner \"o\" where did \"a\" within 1.5 days }"),
                Literals.WINDOW, IMPOSSIBLE_WINDOW, "whole number of units");
        validation.assertError(parse("metric R { owner \"o\" retention on day 0 after signup }"),
                Literals.RETENTION_METRIC, IMPOSSIBLE_WINDOW, "day 1 or later");
        validation.assertError(parse("metric L { owner \"o\" lifetime value \"p\".amount over 0 days }"),
                Literals.LIFETIME_VALUE_METRIC, IMPOSSIBLE_WINDOW, "longer than zero");
        assertClean("segment S { owner \"o\" where \"a\" then \"b\" within 3 days and count \"x\" within 1 week >= 1 }");
    }

    @Test
    void windowsOfFirstOccurrencesAndBeforeAnAnchorAreChecked() throws Exception {
        validation.assertError(parse("segment S { owner \"o\" where did any event within 0 days before signup }"),
                Literals.WINDOW, IMPOSSIBLE_WINDOW, "longer than zero, not 0");
        validation.assertError(parse("segment S { owner \"o\" where first \"p\" at least 0 days after signup }"),
                Literals.LATER_WINDOW, IMPOSSIBLE_WINDOW, "longer than zero, not 0");
        validation.assertError(parse("segment S { owner \"o\" where first \"p\" at least 2.5 days after signup }"),
                Literals.LATER_WINDOW, IMPOSSIBLE_WINDOW, "whole number of units");
        validation.assertError(parse("segment S { owner \"o\" where first \"p\" at least 100000000 weeks after signup }"),
                Literals.LATER_WINDOW, IMPOSSIBLE_WINDOW, "at most 100 years");
        validation.assertError(parse("segment S { owner \"o\" where first \"p\" within 40000 days before first \"q\" }"),
                Literals.WINDOW, IMPOSSIBLE_WINDOW, "at most 100 years");
        validation.assertWarning(parse("segment S { owner \"o\" where first \"p\" within 7 days after first \"p\" }"),
                Literals.FIRST_EVENT_ANCHOR, io.sextant.dsl.validation.SegIssueCodes.FIRST_FROM_ITSELF,
                "measured from itself");
        validation.assertError(parse("segment S { owner \"o\" where sum any event within 7 days > 1 }"),
                Literals.AGGREGATE_CONDITION, io.sextant.dsl.validation.SegIssueCodes.AGGREGATE_NEEDS_PROPERTY,
                "e.g. sum any event.amount");
        assertClean("""
                segment S {
                    owner "o"
                    where first "p" [amount > 1] within 7 days after first "p"
                        and first any event at least 1 week after signup
                        and count any event within 2 weeks before first "p" [amount > 1] >= 3
                        and sum any event.amount within 30 days after signup > 10
                }
                metric M { owner "o" distinct-days any event within 28 days }
                """);
    }

    /** Issue 24: "within 100000000 weeks" passed validation and overflowed in the engine (exit code 2). */
    @Test
    void windowsAndNumbersOutOfRangeAreErrors() throws Exception {
        validation.assertError(parse("segment S { owner \"o\" where count \"x\" within 100000000 weeks after signup >= 1 }"),
                Literals.WINDOW, IMPOSSIBLE_WINDOW, "at most 100 years (36525 days, 5217 weeks); 100000000 weeks is longer");
        validation.assertError(parse("segment S { owner \"o\" where \"a\" then \"b\" within 876601 hours }"),
                Literals.SEQUENCE_WINDOW, IMPOSSIBLE_WINDOW, "876601 hours is longer");
        validation.assertError(parse("metric L { owner \"o\" lifetime value \"p\".amount over 36526 days }"),
                Literals.LIFETIME_VALUE_METRIC, IMPOSSIBLE_WINDOW, "36526 days is longer");
        validation.assertError(parse("segment S { owner \"o\" where count \"x\" >= 99999999999999999999 }"),
                Literals.AGGREGATE_CONDITION, NUMBER_OUT_OF_RANGE, "the number 99999999999999999999 is out of range");
        validation.assertError(parse("segment S { owner \"o\" where sum \"p\".amount within 7 days > -1000000000000001 }"),
                Literals.AGGREGATE_CONDITION, NUMBER_OUT_OF_RANGE, "-1000000000000001 is out of range");
        // the largest allowed: exactly 100 years, 10^15
        assertClean("segment S { owner \"o\" where count \"x\" within 36525 days >= 1 and count \"y\" within 876600 hours"
                + " >= 1 and count \"z\" within 5217 weeks >= 1000000000000000 }");
    }

    @Test
    void segmentsMayNotContainThemselves() throws Exception {
        SegFile file = parse("""
                segment A { owner "o" where in segment B }
                segment B { owner "o" where in segment C or did "x" }
                segment C { owner "o" where in segment A }
                segment D { owner "o" where in segment A }
                """);
        validation.assertError(file, Literals.SEGMENT, CYCLIC_REFERENCE, "A → B → C → A");
        long cyclic = validation.validate(file).stream().filter(i -> CYCLIC_REFERENCE.equals(i.getCode())).count();
        assertEquals(3, cyclic, "A, B and C are on the cycle; D only uses it");
        assertClean("""
                segment A { owner "o" where in segment B and in segment C }
                segment B { owner "o" where in segment C }
                segment C { owner "o" where did "x" }
                """);
    }

    @Test
    void aCycleThroughSeveralFilesIsFound() throws Exception {
        org.eclipse.xtext.resource.XtextResourceSet project = resourceSets.get();
        SegFile first = parser.parse("package p\nsegment A { owner \"o\" where in segment B }",
                org.eclipse.emf.common.util.URI.createURI("memory:/project/a.seg"), project);
        SegFile second = parser.parse("package p\nsegment B { owner \"o\" where in segment A }",
                org.eclipse.emf.common.util.URI.createURI("memory:/project/b.seg"), project);
        validation.assertError(first, Literals.SEGMENT, CYCLIC_REFERENCE, "A → B → A");
        validation.assertError(second, Literals.SEGMENT, CYCLIC_REFERENCE, "B → A → B");
    }

    @Test
    void ratioMetricsMayNotUseThemselves() throws Exception {
        validation.assertError(parse("""
                metric Sessions { owner "o" count "session_start" }
                metric Loop { owner "o" ratio Loop / Sessions }
                """), Literals.METRIC, CYCLIC_REFERENCE, "Loop → Loop");
    }

    @Test
    void namesAreUniqueWithinAFileAndAcrossFiles() throws Exception {
        SegFile file = parse("segment A { owner \"o\" where did \"x\" }\nsegment A { owner \"o\" where did \"y\" }");
        assertEquals(2, validation.validate(file).stream()
                .filter(i -> i.getMessage().equals("another definition in this file is also named A: rename one of them"))
                .count(), "both definitions named A are marked, once each");
        validation.assertError(parse(experiment("variants { a 50 %, a 50 % }")), Literals.VARIANT,
                io.sextant.dsl.validation.SegIssueCodes.DUPLICATE_NAME, "variant 'a' is listed twice");

        org.eclipse.xtext.resource.XtextResourceSet project = new org.eclipse.xtext.resource.XtextResourceSet();
        Examples.parseAll(parser, project);
        SegFile twin = parser.parse("package acme.core\nsegment ActiveUsers { owner \"o\" where did \"x\" }",
                org.eclipse.emf.common.util.URI.createURI("memory:/project/twin.seg"), project);
        validation.assertError(twin, Literals.SEGMENT, io.sextant.dsl.validation.SegIssueCodes.DUPLICATE_NAME,
                "another definition is also named acme.core.ActiveUsers, in core.seg");
    }

    @Test
    void theExamplesHaveNoIssuesAtAll() throws Exception {
        // warnings count too: the examples are what a new project starts from
        for (SegFile file : Examples.parseAll(parser, new org.eclipse.xtext.resource.XtextResourceSet())) {
            assertEquals(List.of(), validation.validate(file), () -> "issues in " + file.eResource().getURI());
        }
    }

    private static String experiment(String clauses) {
        return METRICS + "experiment E { owner \"o\" primary Conversion " + clauses + " }";
    }

    private SegFile parse(String text) throws Exception {
        SegFile file = parser.parse(text);
        assertEquals(List.of(), file.eResource().getErrors(), () -> "syntax errors in:\n" + text);
        return file;
    }

    private void assertClean(String text) throws Exception {
        SegFile file = parse(text);
        List<Issue> issues = validation.validate(file);
        assertTrue(issues.isEmpty(), () -> "expected no issues in:\n" + text + "\nbut got " + issues);
    }

    private Issue only(SegFile file, String code) {
        List<Issue> matching = validation.validate(file).stream().filter(i -> code.equals(i.getCode())).toList();
        assertEquals(1, matching.size(), () -> "one " + code + " issue, got " + matching);
        return matching.get(0);
    }
}
