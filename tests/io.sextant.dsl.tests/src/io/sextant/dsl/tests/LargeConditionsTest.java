package io.sextant.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sextant.dsl.context.ProjectContext;
import io.sextant.dsl.context.ProjectFacts;
import io.sextant.dsl.context.VersionHistory;
import io.sextant.dsl.ide.SegLanguageServices;
import io.sextant.dsl.ide.SegProject;
import io.sextant.dsl.parser.ConditionNesting;
import io.sextant.dsl.seg.And;
import io.sextant.dsl.seg.DidCondition;
import io.sextant.dsl.seg.Or;
import io.sextant.dsl.seg.SegFile;
import io.sextant.dsl.seg.Segment;
import io.sextant.dsl.validation.SegIssueCodes;

/**
 * Conditions far larger than anyone writes by hand (generated files, pasted lists), through the same services
 * the command line and the editor use: long 'and'/'or' chains validate in time linear in their length, and a
 * condition nested thousands of levels deep is one error on its line, never a StackOverflowError.
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

    // ------------------------------------------------------------------ nesting

    /** A second segment after the deep one, with a misspelt event on line {@code line}: the rest of the file is read. */
    private static String andAnotherSegment(String text) {
        return text + "segment After {\n    owner \"o\"\n    where did \"upgrad\"\n}\n";
    }

    /** The issues of the text, checked to be single-line messages: a stack trace is never a user's message. */
    private static List<Issue> issues(XtextResource resource) {
        List<Issue> issues = services.validate(resource, CancelIndicator.NullImpl);
        for (Issue issue : issues) {
            assertEquals(1, issue.getMessage().lines().count(), () -> "a message of many lines: " + issue.getMessage());
            assertFalse(issue.getMessage().contains("Exception") || issue.getMessage().contains("Error executing"),
                    issue.getMessage());
        }
        return issues;
    }

    private static void assertTooDeep(Issue issue, int depth, int line) {
        assertEquals(Severity.ERROR, issue.getSeverity());
        assertEquals(SegIssueCodes.CONDITION_TOO_DEEP, issue.getCode());
        assertEquals(line, issue.getLineNumber(), () -> issue.toString());
        assertTrue(issue.getMessage().startsWith(String.format(java.util.Locale.ROOT,
                "this condition nests %,d levels deep (parentheses and 'not's); at most 100 are allowed", depth)),
                issue.getMessage());
    }

    /**
     * 5,000 parentheses (a StackOverflowError in the parser before): one error, on the line of the parenthesis
     * that goes beyond 100 (one per line from line 4), and the next segment is still read and validated.
     */
    @Test
    void fiveThousandParenthesesAreOneErrorOnTheirLine() {
        String condition = "(\n".repeat(5_000) + "did \"signup\"" + ")".repeat(5_000);
        XtextResource resource = parse(andAnotherSegment(segment(condition)));
        List<Issue> issues = issues(resource);
        assertEquals(2, issues.size(), () -> issues.toString());
        assertTooDeep(issues.get(0), 5_000, 4 + ConditionNesting.MAX_DEPTH);
        // the deep segment is still there (others may refer to it); the next one is read and checked
        SegFile file = (SegFile) resource.getContents().get(0);
        assertEquals(List.of("Large", "After"), file.getDefinitions().stream().map(d -> d.getName()).toList());
        assertEquals(SegIssueCodes.UNKNOWN_EVENT, issues.get(1).getCode());
        assertEquals(5_000 + 4 + 4, issues.get(1).getLineNumber());
        // completion and the outline walk the file without overflowing either
        services.complete(resource, resource.getParseResult().getRootNode().getText().indexOf("did"),
                CancelIndicator.NullImpl);
        services.outline(resource);
    }

    /** 5,000 'not's on one line: one error on that line. */
    @Test
    void fiveThousandNotsAreOneErrorOnTheirLine() {
        XtextResource resource = parse(segment("not ".repeat(5_000) + "did \"signup\""));
        List<Issue> issues = issues(resource);
        assertEquals(1, issues.size(), () -> issues.toString());
        assertTooDeep(issues.get(0), 5_000, 4);
    }

    /** Exactly 100 levels parse (as the deepest condition); 101 do not; 'and', 'or' and closing ends a 'not'. */
    @Test
    void theLimitIsAHundredLevels() {
        String hundred = "not (".repeat(50) + "did \"signup\"" + ")".repeat(50);
        XtextResource resource = parse(segment(hundred));
        assertEquals(List.of(), issues(resource));
        Segment segment = (Segment) ((SegFile) resource.getContents().get(0)).getDefinitions().get(0);
        assertEquals("signup", ((DidCondition) deepest(segment)).getEvent().getEvent());

        List<Issue> issues = issues(parse(segment("(" + hundred + ")")));
        assertEquals(1, issues.size(), () -> issues.toString());
        assertTooDeep(issues.get(0), 101, 4);

        // a thousand 'not's one after another in a chain are each one level, and so are many parentheses in a row
        String chain = String.join(" and ", java.util.Collections.nCopies(1_000, "not (did \"signup\" or not did \"upgrade\")"));
        assertEquals(List.of(), issues(parse(segment(chain))));
        assertEquals(List.of(), issues(parse(segment("user.country is not null and " + chain))));
    }

    /** The editor parses again only around an edit: an edit that nests a condition too deep is found all the same. */
    @Test
    void anEditThatNestsTooDeepIsFound() {
        SegProject project = services.newProject();
        URI uri = URI.createURI("memory:/large/edited.seg");
        String text = segment("(did \"signup\")");
        XtextResource resource = project.put(uri, text);
        assertEquals(List.of(), issues(resource));
        int inside = text.indexOf("did");
        project.update(uri, inside, 0, "(".repeat(2_000));
        project.update(uri, text.indexOf(")") + 2_000, 0, ")".repeat(2_000));
        List<Issue> issues = issues(resource);
        assertEquals(1, issues.size(), () -> issues.toString());
        assertTooDeep(issues.get(0), 2_001, 4);
        // and fixed again
        String fixed = resource.getParseResult().getRootNode().getText().replace("(", "").replace(")", "");
        project.update(uri, 0, resource.getParseResult().getRootNode().getText().length(), fixed);
        assertEquals(List.of(), issues(resource));
    }

    private static io.sextant.dsl.seg.Condition deepest(Segment segment) {
        io.sextant.dsl.seg.Condition condition = segment.getCondition();
        while (condition instanceof io.sextant.dsl.seg.Not not) {
            condition = not.getOperand();
        }
        return condition;
    }
}
