package io.sextant.dsl.tests;

import static io.sextant.dsl.validation.SegIssueCodes.AGGREGATE_NEEDS_PROPERTY;
import static io.sextant.dsl.validation.SegIssueCodes.INVALID_DATE;
import static io.sextant.dsl.validation.SegIssueCodes.PII_IN_CONDITION;
import static io.sextant.dsl.validation.SegIssueCodes.PUBLISHED_VERSION_CHANGED;
import static io.sextant.dsl.validation.SegIssueCodes.TYPE_MISMATCH;
import static io.sextant.dsl.validation.SegIssueCodes.UNDERPOWERED;
import static io.sextant.dsl.validation.SegIssueCodes.UNKNOWN_ATTRIBUTE;
import static io.sextant.dsl.validation.SegIssueCodes.UNKNOWN_EVENT;
import static io.sextant.dsl.validation.SegIssueCodes.UNKNOWN_PROPERTY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.eclipse.xtext.testing.validation.ValidationTestHelper;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.inject.Inject;

import io.sextant.dsl.SegDefinitions;
import io.sextant.dsl.context.CatalogEvent;
import io.sextant.dsl.context.CatalogProperty;
import io.sextant.dsl.context.EventCatalog;
import io.sextant.dsl.context.MetricBaseline;
import io.sextant.dsl.context.ProjectContext;
import io.sextant.dsl.context.ProjectFacts;
import io.sextant.dsl.context.PublishedVersion;
import io.sextant.dsl.context.ValueType;
import io.sextant.dsl.context.VersionHistory;
import io.sextant.dsl.seg.Definition;
import io.sextant.dsl.seg.SegFile;
import io.sextant.dsl.seg.SegPackage.Literals;

/** The rules that ask the project: catalog, published versions, measured facts. */
@ExtendWith(InjectionExtension.class)
@InjectWith(SegWithContextInjectorProvider.class)
class SegContextValidatorTest {

    static final EventCatalog CATALOG = EventCatalog.of(Map.of(
            "signup", event("signup"),
            "feature_viewed", event("feature_viewed", text("surface")),
            "purchase", event("purchase", number("amount"), text("currency"), new CatalogProperty("email", ValueType.TEXT, true)),
            "upgrade", event("upgrade"),
            "experiment_assigned", event("experiment_assigned", text("variant"), text("experiment"))),
            Map.of("country", text("country"), "seats", number("seats"),
                    "beta", new CatalogProperty("beta", ValueType.BOOLEAN, false),
                    "signup_date", new CatalogProperty("signup_date", ValueType.TIMESTAMP, false),
                    "email", new CatalogProperty("email", ValueType.TEXT, true)));

    @Inject
    private ParseHelper<SegFile> parser;

    @Inject
    private ValidationTestHelper validation;

    @BeforeEach
    void withCatalog() {
        FixtureContext.current = ProjectContext.of(CATALOG, VersionHistory.NONE, ProjectFacts.NONE);
    }

    @AfterEach
    void reset() {
        FixtureContext.current = ProjectContext.EMPTY;
    }

    @Test
    void unknownEventSuggestsTheClosestOne() throws Exception {
        SegFile file = segment("did \"feature_veiwed\" within 7 days");
        validation.assertError(file, Literals.EVENT_FILTER, UNKNOWN_EVENT,
                "unknown event 'feature_veiwed': did you mean 'feature_viewed'?");
        assertEquals(List.of("feature_veiwed", "feature_viewed"), List.of(only(file, UNKNOWN_EVENT).getData()));
        validation.assertError(segment("did \"zzz_unrelated\""), Literals.EVENT_FILTER, UNKNOWN_EVENT,
                "unknown event 'zzz_unrelated' (not in the project's catalog)");
        assertNoIssues(segment("did \"feature_viewed\" within 7 days"));
    }

    @Test
    void withoutACatalogEventsAreNotChecked() throws Exception {
        FixtureContext.current = ProjectContext.EMPTY;
        assertNoIssues(segment("did \"anything_at_all\" and sum \"x\".y > 1 and user.whatever = 3"));
    }

    @Test
    void unknownPropertiesAndAttributes() throws Exception {
        validation.assertError(segment("sum \"purchase\".amout within 30 days > 10"), Literals.AGGREGATE_CONDITION,
                UNKNOWN_PROPERTY, "unknown property of 'purchase' 'amout': did you mean 'amount'?");
        validation.assertError(segment("did \"purchase\" [curency = \"USD\"]"), Literals.PROPERTY_FILTER,
                UNKNOWN_PROPERTY, "did you mean 'currency'?");
        validation.assertError(segment("user.contry = \"US\""), Literals.ATTRIBUTE_CONDITION, UNKNOWN_ATTRIBUTE,
                "unknown user attribute 'contry': did you mean 'country'?");
        validation.assertError(segment("avg \"purchase\" [currency = \"USD\"].amount > 1 and \"signup\" then \"upgrad\" within 3 days"),
                Literals.EVENT_FILTER, UNKNOWN_EVENT, "did you mean 'upgrade'?");
    }

    @Test
    void theAssignmentsFiltersAreCheckedLikeAnyEventFilter() throws Exception {
        String experiment = """
                metric Conversion { owner "o" conversion did "upgrade" within 14 days after signup }
                experiment Tour {
                    owner "o"
                    variants { control 50 %, tour 50 % }
                    assignment "experiment_assigned" [FILTER].variant
                    primary Conversion
                }
                """;
        assertNoIssues(parser.parse(experiment.replace("FILTER", "experiment = \"tour\"")));
        validation.assertError(parser.parse(experiment.replace("FILTER", "experimnet = \"tour\"")),
                Literals.PROPERTY_FILTER, UNKNOWN_PROPERTY,
                "unknown property of 'experiment_assigned' 'experimnet': did you mean 'experiment'?");
        validation.assertError(parser.parse(experiment.replace("FILTER", "experiment = 4")), Literals.NUMBER_LITERAL,
                TYPE_MISMATCH, "'experiment' is text");
    }

    @Test
    void typesMustMatch() throws Exception {
        validation.assertError(segment("sum \"purchase\".currency > 10"), Literals.AGGREGATE_CONDITION, TYPE_MISMATCH,
                "sum needs a number, but 'currency' of 'purchase' is text");
        validation.assertError(segment("user.seats = \"ten\""), Literals.STRING_LITERAL, TYPE_MISMATCH,
                "'seats' is a number and cannot be compared with text: write a number such as 10");
        validation.assertError(segment("user.signup_date >= 5"), Literals.NUMBER_LITERAL, TYPE_MISMATCH,
                "'signup_date' is a date");
        validation.assertError(segment("user.beta > true"), Literals.ATTRIBUTE_CONDITION, TYPE_MISMATCH,
                "has no order");
        validation.assertError(segment("user.country in (\"US\", 4)"), Literals.NUMBER_LITERAL, TYPE_MISMATCH,
                "'country' is text");
        validation.assertError(metric("lifetime value \"purchase\".currency over 365 days"),
                Literals.LIFETIME_VALUE_METRIC, TYPE_MISMATCH, "needs a number");
        assertNoIssues(segment("user.seats >= 10 and user.beta = false and user.signup_date < date \"2026-03-01\""
                + " and max \"purchase\".amount within 4 weeks after signup > 99.5"));
    }

    @Test
    void aggregatesAndTheirProperties() throws Exception {
        validation.assertError(segment("sum \"purchase\" within 7 days > 1"), Literals.AGGREGATE_CONDITION,
                AGGREGATE_NEEDS_PROPERTY, "sum needs a numeric property of the event, e.g. sum \"purchase\".amount");
        validation.assertError(segment("count \"purchase\".amount > 1"), Literals.AGGREGATE_CONDITION,
                AGGREGATE_NEEDS_PROPERTY, "counts events and takes no property: remove '.amount'");
    }

    @Test
    void datesMustBeDates() throws Exception {
        validation.assertError(segment("user.signup_date >= date \"2026-13-45\""), Literals.DATE_LITERAL,
                INVALID_DATE, "is not a date");
        assertNoIssues(segment("user.signup_date >= date \"2026-02-28T08:30:00\""));
    }

    @Test
    void piiInConditionsIsAWarning() throws Exception {
        SegFile file = segment("user.email = \"someone@example.com\" or did \"purchase\" [email = \"x@example.com\"]");
        List<Issue> pii = validation.validate(file).stream().filter(i -> PII_IN_CONDITION.equals(i.getCode())).toList();
        assertEquals(2, pii.size(), () -> "both uses are flagged: " + pii);
        assertTrue(pii.stream().allMatch(i -> i.getSeverity() == Severity.WARNING), "PII is a warning by default");
        assertTrue(pii.get(0).getMessage().contains("identifies people (PII)"));
    }

    @Test
    void aPublishedVersionCannotChange() throws Exception {
        String published = "segment S {\n    version 1\n    owner \"o\"\n    where did \"signup\"\n}";
        String hash = SegDefinitions.contentHash(definition(parser.parse(published)));
        FixtureContext.current = ProjectContext.of(CATALOG,
                name -> name.equals("S") ? List.of(new PublishedVersion(1, hash)) : List.of(), ProjectFacts.NONE);

        assertNoIssues(parser.parse(published));
        assertNoIssues(parser.parse(published.replace("\n", "\r\n") + "   \n"));

        SegFile edited = parser.parse(published.replace("\"signup\"", "\"upgrade\""));
        validation.assertError(edited, Literals.SEGMENT, PUBLISHED_VERSION_CHANGED,
                "version 1 of S is published and cannot change: set version 2");
        assertEquals("2", only(edited, PUBLISHED_VERSION_CHANGED).getData()[0]);

        assertNoIssues(parser.parse(published.replace("\"signup\"", "\"upgrade\"").replace("version 1", "version 2")));
        validation.assertError(parser.parse("segment S { owner \"o\" where did \"upgrade\" }"), Literals.SEGMENT,
                PUBLISHED_VERSION_CHANGED, "set version 2");
    }

    @Test
    void anExperimentThatCannotReachItsPowerIsWarned() throws Exception {
        FixtureContext.current = ProjectContext.of(CATALOG, VersionHistory.NONE, new ProjectFacts() {
            @Override
            public OptionalLong lastKnownSize(String segment) {
                return segment.equals("NewUsers") ? OptionalLong.of(3000) : OptionalLong.empty();
            }

            @Override
            public Optional<MetricBaseline> baseline(String metric) {
                return metric.equals("Conversion") ? Optional.of(new MetricBaseline(0.1, 0.3)) : Optional.empty();
            }
        });
        // (1.959964 + 0.841621)^2 * 0.3^2 * (1/0.5 + 1/0.5) / (0.1 * 2%)^2 = 706,399.1 users
        SegFile small = parser.parse(experiment("2 %"));
        validation.assertWarning(small, Literals.EXPERIMENT, UNDERPOWERED,
                "experiment needs 706,400 users to detect a 2% change in Conversion with power 0.8 at alpha 0.05,"
                        + " but NewUsers had 3,000 users at its last run");
        assertEquals("706400", only(small, UNDERPOWERED).getData()[0]);
        // a 50% lift needs 1,131 users: enough
        assertNoIssues(parser.parse(experiment("50 %")));
    }

    @Test
    void firstOccurrencesAnyEventAndAnchorsAreCheckedAgainstTheCatalog() throws Exception {
        Issue unknown = only(segment("first \"purchse\" within 14 days after signup"), UNKNOWN_EVENT);
        assertEquals("unknown event 'purchse': did you mean 'purchase'?", unknown.getMessage());
        Issue anchor = only(segment("did \"upgrade\" within 7 days after first \"purchase\" [amout > 10]"),
                UNKNOWN_PROPERTY);
        assertTrue(anchor.getMessage().contains("'amout'") && anchor.getMessage().contains("did you mean 'amount'?"),
                anchor.getMessage());
        validation.assertError(segment("did \"upgrade\" within 7 days after first \"purchase\" [amount = \"ten\"]"),
                Literals.STRING_LITERAL, TYPE_MISMATCH, "'amount' is a number");
        Issue anyProperty = only(segment("did any event [surfce = \"editor\"] within 7 days"), UNKNOWN_PROPERTY);
        assertEquals("unknown property (no event has it) 'surfce': did you mean 'surface'?", anyProperty.getMessage());
        validation.assertError(segment("count any event [amount > \"x\"] within 7 days >= 1"), Literals.STRING_LITERAL,
                TYPE_MISMATCH, "'amount' is a number");
        validation.assertError(segment("sum any event.currency within 7 days > 1"), Literals.AGGREGATE_CONDITION,
                TYPE_MISMATCH, "sum needs a number, but 'currency' is text");
        assertNoIssues(segment("""
                first "purchase" [amount > 10] at least 30 days after first "feature_viewed" [surface = "editor"]
                and distinct-days any event [surface = "editor"] within 28 days >= 10
                and did any event within 7 days before signup
                and sum any event.amount within 30 days after signup > 10"""));
    }

    private static String experiment(String minimumEffect) {
        return """
                segment NewUsers { owner "o" where did "signup" within 14 days }
                metric Conversion { owner "o" conversion did "upgrade" within 14 days after signup }
                experiment Tour {
                    owner "o"
                    population NewUsers
                    variants { control 50 %, tour 50 % }
                    assignment "experiment_assigned".variant
                    primary Conversion
                    minimum effect MIN
                }
                """.replace("MIN", minimumEffect);
    }

    private SegFile segment(String condition) throws Exception {
        SegFile file = parser.parse("segment S { owner \"o\" where " + condition + " }");
        assertEquals(List.of(), file.eResource().getErrors(), () -> "syntax errors in: " + condition);
        return file;
    }

    private SegFile metric(String definition) throws Exception {
        return parser.parse("metric M { owner \"o\" " + definition + " }");
    }

    private void assertNoIssues(SegFile file) {
        List<Issue> issues = validation.validate(file);
        assertTrue(issues.isEmpty(), () -> "expected no issues, got " + issues);
    }

    private Issue only(SegFile file, String code) {
        List<Issue> matching = validation.validate(file).stream().filter(i -> code.equals(i.getCode())).toList();
        assertEquals(1, matching.size(), () -> "one " + code + " issue, got " + matching);
        return matching.get(0);
    }

    private static Definition definition(SegFile file) {
        return file.getDefinitions().get(0);
    }

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
