package io.sextant.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sextant.dsl.context.ProjectContext;
import io.sextant.dsl.context.ProjectFacts;
import io.sextant.dsl.context.VersionHistory;
import io.sextant.dsl.ide.SegLanguageServices;
import io.sextant.dsl.ide.SegProject;
import io.sextant.dsl.seg.And;
import io.sextant.dsl.seg.Or;
import io.sextant.dsl.seg.SegFile;
import io.sextant.dsl.seg.Segment;
import io.sextant.dsl.validation.SegIssueCodes;

/**
 * Conditions far larger than anyone writes by hand (generated files, pasted lists): long 'and'/'or' chains
 * validate in time linear in their length, through the same services the command line and the editor use.
 */
class LargeConditionsTest {

    private static SegLanguageServices services;

    @BeforeAll
    static void withCatalog() {
        FixtureContext.current = ProjectContext.of(SegContextValidatorTest.CATALOG, VersionHistory.NONE,
                ProjectFacts.NONE);
        services = SegLanguageServices.create(uri -> FixtureContext.current);
    }

    @AfterAll
    static void reset() {
        FixtureContext.current = ProjectContext.EMPTY;
    }

    /** A file with one segment whose condition starts on line 4 (after two lines of its own above it). */
    static String segment(String condition) {
        return "segment Large {\n    owner \"o\"\n    where\n" + condition + "\n}\n";
    }

    private static XtextResource parse(String text) {
        SegProject project = services.newProject();
        return project.put(URI.createURI("memory:/large/large.seg"), text);
    }

    /**
     * 50,000 terms, one per line, one of them a misspelt event: one node with 50,000 operands, exactly that one
     * error on its line, in well under 10 s (it took 18 to 32 s when each 'and' nested the chain before it).
     */
    @Test
    void aChainOfFiftyThousandTermsValidatesInLinearTime() {
        int terms = 50_000;
        int misspelt = 31_415;
        StringBuilder condition = new StringBuilder();
        for (int i = 0; i < terms; i++) {
            condition.append(i == 0 ? "" : "\n and ").append(i == misspelt ? "did \"upgrad\"" : "did \"signup\"");
        }
        long start = System.nanoTime();
        XtextResource resource = parse(segment(condition.toString()));
        List<Issue> issues = services.validate(resource, CancelIndicator.NullImpl);
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("a chain of " + terms + " 'and' terms parsed and validated in " + millis + " ms");

        Segment segment = (Segment) ((SegFile) resource.getContents().get(0)).getDefinitions().get(0);
        And and = assertInstanceOf(And.class, segment.getCondition());
        assertEquals(terms, and.getOperands().size());
        assertEquals(1, issues.size(), () -> issues.toString());
        assertEquals(SegIssueCodes.UNKNOWN_EVENT, issues.get(0).getCode());
        assertEquals(4 + misspelt, issues.get(0).getLineNumber());
        assertTrue(millis < 10_000, "took " + millis + " ms");
    }

    @Test
    void orChainsAreFlatToo() {
        XtextResource resource = parse(segment("did \"signup\" or did \"upgrade\" and did \"purchase\" or (did \"x\" or did \"y\")"));
        Segment segment = (Segment) ((SegFile) resource.getContents().get(0)).getDefinitions().get(0);
        Or or = assertInstanceOf(Or.class, segment.getCondition());
        // 'and' binds tighter than 'or'; a parenthesised chain stays one operand, as written
        assertEquals(List.of("DidCondition", "And", "Or"),
                or.getOperands().stream().map(c -> c.eClass().getName()).toList());
        assertEquals(2, ((And) or.getOperands().get(1)).getOperands().size());
    }
}
