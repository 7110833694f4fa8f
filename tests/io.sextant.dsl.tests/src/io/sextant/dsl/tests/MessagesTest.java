package io.sextant.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.diagnostics.Diagnostic;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.sextant.dsl.context.CatalogEvent;
import io.sextant.dsl.context.CatalogProperty;
import io.sextant.dsl.context.EventCatalog;
import io.sextant.dsl.context.ProjectContext;
import io.sextant.dsl.context.ProjectFacts;
import io.sextant.dsl.context.ValueType;
import io.sextant.dsl.context.VersionHistory;
import io.sextant.dsl.ide.SegLanguageServices;
import io.sextant.dsl.ide.SegProject;
import io.sextant.dsl.seg.DidCondition;
import io.sextant.dsl.seg.SegFile;
import io.sextant.dsl.seg.Segment;
import io.sextant.dsl.validation.SegIssueCodes;

/**
 * What a user reads when something is wrong, through the services the command line and the editor use:
 * syntax errors in words (no ANTLR token names), "did you mean" for references, a property named with the
 * events that have it, and string escapes.
 */
class MessagesTest {

    private static final EventCatalog CATALOG = EventCatalog.of(Map.of(
            "signup", event("signup"),
            "purchase", event("purchase", number("amount"), text("currency")),
            "refund", event("refund", number("amount"), text("currency")),
            "session_ended", event("session_ended", number("duration_s")),
            "page_viewed", event("page_viewed", number("duration"))),
            Map.of("country", new CatalogProperty("country", ValueType.TEXT, false)));

    /** What ANTLR and Xtext say in their own terms; none of it may reach a user. */
    static final List<String> INTERNALS = List.of("RULE_", "EOF", "mismatched", "no viable", "extraneous",
            "Couldn't", "For input string", "Invalid escape", "String literal");

    private static SegLanguageServices services;

    @BeforeAll
    static void withCatalog() {
        FixtureContext.current = ProjectContext.of(CATALOG, VersionHistory.NONE, ProjectFacts.NONE);
        services = SegLanguageServices.create(uri -> FixtureContext.current);
    }

    @AfterAll
    static void reset() {
        FixtureContext.current = ProjectContext.EMPTY;
    }

    private static XtextResource parse(String text) {
        SegProject project = services.newProject();
        return project.put(URI.createURI("memory:/messages/m.seg"), text);
    }

    private static List<Issue> issues(String text) {
        List<Issue> issues = services.validate(parse(text), CancelIndicator.NullImpl);
        for (Issue issue : issues) {
            for (String internal : INTERNALS) {
                assertFalse(issue.getMessage().contains(internal), () -> "grammar internals in: " + issue.getMessage());
            }
        }
        return issues;
    }

    /** The only error of the text. */
    private static Issue error(String text) {
        List<Issue> errors = issues(text).stream().filter(i -> i.getSeverity() == Severity.ERROR).toList();
        assertEquals(1, errors.size(), () -> "one error in " + text + ", got " + errors);
        return errors.get(0);
    }

    // ------------------------------------------------------------------ syntax

    /** Each common token (a number, a quoted text, a name, the end of the file, a keyword) and rule, in words. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            segment S { owner "o" where count "signup" >= }               | a number is missing after '>='
            segment S { version owner "o" where did "signup" }            | a number is missing after 'version'
            segment S { owner "o" where did }                             | expected an event (its name in quotes, e.g. "purchase", or any event) after 'did', not '}'
            segment S { owner "o" where did "signup" within 7 days after first } | a quoted text is missing after 'first'
            segment { owner "o" where did "signup" }                      | a name is missing after 'segment'
            segment 3 { owner "o" where did "signup" }                    | expected a name after 'segment', not '3'
            segment S { owner "o" where (did "signup" }                   | ')' is missing after "signup"
            segment S { owner "o" where did "signup"                      | '}' is missing at the end of the file, after "signup"
            segmnt S { owner "o" where did "signup" }                     | 'segmnt' does not start a definition: a file holds package, import, segment, metric, hypothesis, experiment and playbook
            segment S { owner "o" where did "signup" } }                  | '}' does not start a definition: a file holds package, import, segment, metric, hypothesis, experiment and playbook
            segment S { owner "o" where did "signup") }                   | ')' is not expected after "signup"; expected '}'
            segment S { owner "o" where }                                 | expected a condition after 'where', not '}'
            segment S { owner "o" where did "signup" and }                | expected a condition after 'and', not '}'
            segment S { owner "o" where did "signup" within 3 months }    | expected a time unit (hours, days or weeks) after '3', not 'months'
            segment S { owner "o" where user.country = }                  | expected a value (a quoted text, a number, true, false or date "2026-01-31") after '=', not '}'
            segment S { owner "o" where user.country == "US" }            | write one '=' to compare: == is not an operator of the language
            segment S { owner "o" where did "signup }                     | a quoted text is not closed: add its closing quote
            segment S { owner "o" where did "signup" } /* no end          | a comment is not closed: end it with */
            segment S { version 99999999999 owner "o" where did "signup" } | the number 99999999999 is too large here: at most 2,147,483,647
            """)
    void syntaxErrorsAreWords(String text, String message) {
        Issue error = error(text);
        assertEquals(message, error.getMessage());
        assertTrue(error.getCode().startsWith(Diagnostic.SYNTAX_DIAGNOSTIC), error.getCode());
    }

    /** The lexer's errors inside a token (an unfinished keyword), and a stray character. */
    @Test
    void lexerErrorsAreWords() {
        List<String> messages = issues("segment S { owner \"o\" where distinct-dys \"signup\" >= 3 }").stream()
                .map(Issue::getMessage).toList();
        assertEquals("unexpected character 'y': expected 'a'", messages.get(0), () -> messages.toString());
        // a control character is shown by its code, not as itself
        assertEquals("'\\u0000' does not start a definition: a file holds package, import, segment, metric, "
                + "hypothesis, experiment and playbook",
                issues("segment S { owner \"o\" where did \"signup\" }\u0000").get(0).getMessage());
    }

    /** The error stays where the problem is: on the token after which something is missing. */
    @Test
    void aSyntaxErrorIsOnItsLine() {
        Issue error = error("segment S {\n    owner \"o\"\n    where count \"signup\" >=\n}\n");
        assertEquals("a number is missing after '>='", error.getMessage());
        assertEquals(4, error.getLineNumber());
    }

    // ------------------------------------------------------------------ references

    @Test
    void anUnresolvedReferenceSuggestsTheClosestName() {
        String definitions = """
                segment Active { owner "o" where did "signup" }
                metric Conversion { owner "o" conversion did "purchase" within 14 days after signup }
                metric Revenue { owner "o" sum "purchase".amount }
                """;
        Issue segment = error(definitions + "segment S { owner \"o\" where in segment Actve }");
        assertEquals("unknown segment 'Actve': did you mean 'Active'?", segment.getMessage());
        assertEquals(List.of("Actve", "Active"), List.of(segment.getData()));
        assertEquals(4, segment.getLineNumber());

        Issue metric = error(definitions + "hypothesis H { owner \"o\" success Conversoin increases by 2 % }");
        assertEquals("unknown metric 'Conversoin': did you mean 'Conversion'?", metric.getMessage());

        Issue otherKind = error(definitions + "segment S { owner \"o\" where in segment Revenue }");
        assertEquals("'Revenue' is a metric, not a segment", otherKind.getMessage());

        Issue none = error(definitions + "playbook P { owner \"o\" segments Nothing }");
        assertEquals("unknown segment 'Nothing': no segment of this name in the project (one in another package "
                + "needs an import or its qualified name)", none.getMessage());
    }

    @Test
    void aPropertyOfAnotherEventIsNamedAsSuch() {
        Issue sum = error("segment S { owner \"o\" where sum \"purchase\".duration_s > 3 }");
        assertEquals("'duration_s' is a property of 'session_ended', not of 'purchase'", sum.getMessage());
        assertEquals(SegIssueCodes.UNKNOWN_PROPERTY, sum.getCode());
        assertEquals(List.of("duration_s"), List.of(sum.getData()), "no quick fix: the event is what to change");

        Issue filter = error("segment S { owner \"o\" where did \"session_ended\" [currency = \"USD\"] }");
        assertEquals("'currency' is a property of 'purchase' and 'refund', not of 'session_ended'", filter.getMessage());

        // a close property of the event itself is still offered
        Issue close = error("segment S { owner \"o\" where sum \"session_ended\".duration > 3 }");
        assertEquals("'duration' is a property of 'page_viewed', not of 'session_ended': did you mean 'duration_s'?",
                close.getMessage());
        assertEquals(List.of("duration", "duration_s"), List.of(close.getData()));

        // a property no event has keeps the plain "did you mean"
        assertEquals("unknown property of 'purchase' 'amout': did you mean 'amount'?",
                error("segment S { owner \"o\" where sum \"purchase\".amout > 3 }").getMessage());
    }

    // ------------------------------------------------------------------ escapes

    @Test
    void aBackslashThatStartsNoEscapeIsAnErrorAtItsPlace() {
        String text = "segment S { owner \"o\\q\" where did \"signup\" }";
        Issue error = error(text);
        assertEquals("'\\q' is not an escape: in a quoted text a backslash starts one of "
                + "\\\" \\' \\\\ \\n \\t \\r \\b \\f \\uXXXX; write \\\\ for a backslash itself", error.getMessage());
        assertEquals(text.indexOf('\\') + 1, error.getColumn());
        assertEquals(2, error.getLength());
        assertTrue(error.getCode().startsWith(Diagnostic.SYNTAX_DIAGNOSTIC), error.getCode());

        Issue unicode = error("segment S { owner \"caf\\u00e\" where did \"signup\" }");
        assertTrue(unicode.getMessage().startsWith("'\\u"), unicode.getMessage());
    }

    /** Every escape of the language reference, in double and single quotes, means what the reference says. */
    @Test
    void escapesAndSingleQuotes() {
        assertEquals(List.of("tab\there", "line\nbreak", "it's", "say \"hi\"", "back\\slash", "caf\u00e9", "\r\b\f", "single"),
                events("did \"tab\\there\" or did \"line\\nbreak\" or did 'it\\'s' or did \"say \\\"hi\\\"\" "
                        + "or did \"back\\\\slash\" or did \"caf\\u00e9\" or did \"\\r\\b\\f\" or did 'single'"));
        // the reference's examples: the other quote needs no escape, a text may span lines, \\ is a backslash
        assertEquals(List.of("say \"hi\"", "it's", "two\nlines", "C:\\data"),
                events("did 'say \"hi\"' or did \"it's\" or did \"two\nlines\" or did \"C:\\\\data\""));
        assertTrue(error("segment S { owner \"\\x41\" where did \"signup\" }").getMessage().startsWith("'\\x' is not an escape"));
    }

    private static List<String> events(String condition) {
        XtextResource resource = parse("segment S { owner \"o\" where " + condition + " }");
        assertEquals(List.of(), resource.getErrors());
        Segment segment = (Segment) ((SegFile) resource.getContents().get(0)).getDefinitions().get(0);
        return org.eclipse.xtext.EcoreUtil2.getAllContentsOfType(segment, DidCondition.class).stream()
                .map(did -> did.getEvent().getEvent()).toList();
    }

    // ------------------------------------------------------------------ fixtures

    private static CatalogEvent event(String name, CatalogProperty... properties) {
        Map<String, CatalogProperty> byName = new java.util.HashMap<>();
        for (CatalogProperty property : properties) {
            byName.put(property.name(), property);
        }
        return new CatalogEvent(name, byName);
    }

    private static CatalogProperty text(String name) {
        return new CatalogProperty(name, ValueType.TEXT, false);
    }

    private static CatalogProperty number(String name) {
        return new CatalogProperty(name, ValueType.NUMBER, false);
    }
}
