package io.sextant.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.eclipse.xtext.testing.validation.ValidationTestHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.inject.Inject;
import com.google.inject.Provider;

import io.sextant.dsl.seg.AggregateCondition;
import io.sextant.dsl.seg.Aggregate;
import io.sextant.dsl.seg.And;
import io.sextant.dsl.seg.AttributeCondition;
import io.sextant.dsl.seg.Condition;
import io.sextant.dsl.seg.CostToServeMetric;
import io.sextant.dsl.seg.DidCondition;
import io.sextant.dsl.seg.Experiment;
import io.sextant.dsl.seg.FirstCondition;
import io.sextant.dsl.seg.FirstEventAnchor;
import io.sextant.dsl.seg.WindowDirection;
import io.sextant.dsl.seg.MembershipCondition;
import io.sextant.dsl.seg.Metric;
import io.sextant.dsl.seg.Not;
import io.sextant.dsl.seg.Playbook;
import io.sextant.dsl.seg.RatioMetric;
import io.sextant.dsl.seg.SegFile;
import io.sextant.dsl.seg.Segment;
import io.sextant.dsl.seg.SequenceCondition;
import io.sextant.dsl.seg.SignupAnchor;
import io.sextant.dsl.seg.TimeUnit;

@ExtendWith(InjectionExtension.class)
@InjectWith(SegInjectorProvider.class)
class SegParsingTest {

    @Inject
    private ParseHelper<SegFile> parser;

    @Inject
    private Provider<XtextResourceSet> resourceSets;

    @Inject
    private ValidationTestHelper validation;

    @Test
    void examplesParseAndResolveWithoutErrors() throws Exception {
        List<SegFile> files = Examples.parseAll(parser, resourceSets.get());
        for (SegFile file : files) {
            Resource resource = file.eResource();
            assertEquals(List.of(), resource.getErrors(), () -> "syntax errors in " + resource.getURI());
            EcoreUtil.resolveAll(resource);
            validation.assertNoErrors(file);
        }
        assertEquals(7, files.get(0).getDefinitions().size());
        assertEquals(10, files.get(1).getDefinitions().size());
    }

    @Test
    void segmentConditionKeepsItsWrittenStructure() throws Exception {
        Segment power = (Segment) definition(Examples.parseAll(parser, resourceSets.get()).get(1), "PowerUsers");
        assertEquals(3, power.getVersion());
        assertEquals("ana@acme.example", power.getOwner());

        List<Condition> parts = conjuncts(power.getCondition());
        assertEquals(List.of("AggregateCondition", "Or", "SequenceCondition", "Not", "MembershipCondition",
                "AttributeCondition", "AggregateCondition"),
                parts.stream().map(c -> c.eClass().getName()).collect(Collectors.toList()));

        AggregateCondition viewed = (AggregateCondition) parts.get(0);
        assertEquals(Aggregate.COUNT, viewed.getAggregate());
        assertEquals("feature_viewed", viewed.getEvent().getEvent());
        assertEquals(new BigDecimal("7"), viewed.getWindow().getLength());
        assertEquals(TimeUnit.DAYS, viewed.getWindow().getUnit());
        assertInstanceOf(SignupAnchor.class, viewed.getWindow().getAnchor());

        SequenceCondition sequence = (SequenceCondition) parts.get(2);
        assertEquals(List.of("signup", "feature_viewed", "upgrade"),
                sequence.getSteps().stream().map(s -> s.getEvent()).toList());
        assertEquals("surface", sequence.getSteps().get(1).getFilters().get(0).getProperty());

        Not absence = (Not) parts.get(3);
        assertEquals("churn_survey", ((DidCondition) absence.getOperand()).getEvent().getEvent());

        MembershipCondition member = (MembershipCondition) parts.get(4);
        assertFalse(member.getSegment().eIsProxy(), "the referenced segment resolves across files");
        assertEquals("ActiveUsers", member.getSegment().getName());

        AttributeCondition since = (AttributeCondition) parts.get(5);
        assertEquals("signup_date", since.getAttribute());

        AggregateCondition spend = (AggregateCondition) parts.get(6);
        assertEquals(Aggregate.AVG, spend.getAggregate());
        assertEquals("amount", spend.getProperty());
        assertEquals(TimeUnit.WEEKS, spend.getWindow().getUnit());
        assertEquals("checkout_started", ((FirstEventAnchor) spend.getWindow().getAnchor()).getEvent());
        assertEquals(new BigDecimal("12.5"), spend.getValue());
    }

    @Test
    void firstOccurrencesAnyEventAndWindowsBeforeAnAnchor() throws Exception {
        SegFile file = parser.parse("""
                segment S {
                    owner "o"
                    where first "purchase" [amount > 10] within 14 days after signup
                        and first "purchase" at least 30 days after first "trial_started" [plan = "pro"]
                        and distinct-days any event within 28 days >= 10
                        and did any event [platform = "ios"] within 7 days before signup
                        and count "page_viewed" within 2 weeks before first "purchase" >= 3
                        and did "upgrade" within 7 days after signup
                }
                """);
        assertEquals(List.of(), file.eResource().getErrors());
        List<Condition> parts = conjuncts(((Segment) file.getDefinitions().get(0)).getCondition());

        FirstCondition within = (FirstCondition) parts.get(0);
        assertEquals("purchase", within.getEvent().getEvent());
        assertEquals("amount", within.getEvent().getFilters().get(0).getProperty());
        assertEquals(WindowDirection.AFTER, within.getWindow().getDirection());
        assertInstanceOf(SignupAnchor.class, within.getWindow().getAnchor());

        FirstCondition late = (FirstCondition) parts.get(1);
        assertEquals(null, late.getWindow());
        assertEquals(new BigDecimal("30"), late.getLater().getLength());
        FirstEventAnchor trial = (FirstEventAnchor) late.getLater().getAnchor();
        assertEquals("trial_started", trial.getEvent());
        assertEquals("plan", trial.getFilters().get(0).getProperty());

        AggregateCondition days = (AggregateCondition) parts.get(2);
        assertTrue(days.getEvent().isAnyEvent());
        assertEquals(null, days.getEvent().getEvent());

        DidCondition before = (DidCondition) parts.get(3);
        assertTrue(before.getEvent().isAnyEvent());
        assertEquals("platform", before.getEvent().getFilters().get(0).getProperty());
        assertEquals(WindowDirection.BEFORE, before.getWindow().getDirection());

        AggregateCondition views = (AggregateCondition) parts.get(4);
        assertEquals(WindowDirection.BEFORE, views.getWindow().getDirection());
        assertEquals("purchase", ((FirstEventAnchor) views.getWindow().getAnchor()).getEvent());
        assertEquals(WindowDirection.AFTER, ((DidCondition) parts.get(5)).getWindow().getDirection());

        // the new words are still property names in a filter
        SegFile words = parser.parse("segment W { owner \"o\" where did \"x\" [event = \"a\", first = 1, any = true, before = 2] }");
        assertEquals(List.of(), words.eResource().getErrors());
    }

    @Test
    void anAssignmentMayFilterItsEvent() throws Exception {
        SegFile file = parser.parse("""
                experiment Tour {
                    owner "o"
                    variants { control 50 %, tour 50 % }
                    assignment "experiment_assigned" [experiment = "onboarding_tour", source in ("web", "ios")].variant
                }
                """);
        assertEquals(List.of(), file.eResource().getErrors());
        Experiment tour = (Experiment) file.getDefinitions().get(0);
        assertEquals("experiment_assigned", tour.getAssignmentEvent());
        assertEquals("variant", tour.getAssignmentProperty());
        assertEquals(List.of("experiment", "source"), tour.getAssignmentFilters().stream().map(f -> f.getProperty()).toList());
        assertEquals("onboarding_tour", ((io.sextant.dsl.seg.StringLiteral) tour.getAssignmentFilters().get(0).getValue()).getValue());
        assertEquals(2, tour.getAssignmentFilters().get(1).getValues().size());
        // an escaped word is the property of that name, as anywhere else
        Experiment escaped = (Experiment) parser.parse(
                "experiment T { owner \"o\" assignment \"a\" [^version = 2, ^experiment = \"x\"].v }").getDefinitions().get(0);
        assertEquals(List.of("version", "experiment"), escaped.getAssignmentFilters().stream().map(f -> f.getProperty()).toList());
        // without a filter, as before
        Experiment plain = (Experiment) parser.parse("experiment T { owner \"o\" assignment \"a\".v }").getDefinitions().get(0);
        assertEquals(List.of(), plain.getAssignmentFilters());
        assertEquals("v", plain.getAssignmentProperty());
    }

    @Test
    void numbersAreExactDecimals() throws Exception {
        SegFile growth = Examples.parseAll(parser, resourceSets.get()).get(1);
        Experiment tour = (Experiment) definition(growth, "GuidedTour");
        assertEquals(new BigDecimal("0.05"), tour.getAlpha());
        assertEquals(new BigDecimal("0.8"), tour.getPower());
        assertTrue(tour.isRelativeEffect());
        assertEquals(List.of(new BigDecimal("50"), new BigDecimal("50")),
                tour.getVariants().stream().map(v -> v.getAllocation()).toList());
        CostToServeMetric cost = (CostToServeMetric) ((Metric) definition(growth, "CostToServe")).getDefinition();
        assertEquals(new BigDecimal("0.002"), cost.getCosts().get(0).getAmount());
    }

    @Test
    void referencesResolveThroughImportsAndQualifiedNames() throws Exception {
        XtextResourceSet project = resourceSets.get();
        List<SegFile> files = Examples.parseAll(parser, project);
        RatioMetric ratio = (RatioMetric) ((Metric) definition(files.get(1), "RevenuePerSession")).getDefinition();
        assertSame(definition(files.get(0), "Revenue"), ratio.getNumerator());

        SegFile qualified = parser.parse("""
                package acme.other
                segment UsesQualifiedName {
                    owner "ana@acme.example"
                    where in segment acme.core.ActiveUsers
                }
                """, URI.createURI("memory:/project/other.seg"), project);
        validation.assertNoErrors(qualified);

        SegFile withoutImport = parser.parse("""
                package acme.other
                segment MissesTheImport {
                    owner "ana@acme.example"
                    where in segment ActiveUsers
                }
                """, URI.createURI("memory:/project/missing.seg"), project);
        validation.assertError(withoutImport, io.sextant.dsl.seg.SegPackage.Literals.MEMBERSHIP_CONDITION,
                org.eclipse.xtext.diagnostics.Diagnostic.LINKING_DIAGNOSTIC, "ActiveUsers");
    }

    @Test
    void aBrokenLineGivesADiagnosticAndTheRestStillParses() throws Exception {
        SegFile file = parser.parse("""
                package acme.broken
                segment First {
                    owner "ana@acme.example"
                    where count "login" within 7 days >=
                }
                segment Second {
                    owner "ana@acme.example"
                    where did "login"
                }
                """);
        List<Resource.Diagnostic> errors = file.eResource().getErrors();
        assertFalse(errors.isEmpty(), "the incomplete comparison is a syntax error");
        assertEquals(5, errors.get(0).getLine(), () -> "error on the line after the dangling operator: " + errors);
        assertTrue(file.getDefinitions().stream().anyMatch(d -> "Second".equals(d.getName())),
                "the definition after the broken one is still parsed");
    }

    @Test
    void playbookListsItsParts() throws Exception {
        Playbook playbook = (Playbook) definition(Examples.parseAll(parser, resourceSets.get()).get(1), "Q3Growth");
        assertEquals("Q3 growth playbook", playbook.getTitle());
        assertEquals(3, playbook.getSegments().size());
        assertEquals(List.of("segment-value", "cohort-retention", "funnel"),
                playbook.getAnalyses().stream().map(a -> a.getAnalysis()).toList());
        assertEquals(List.of("period", "periods", "segment"),
                playbook.getAnalyses().get(1).getParameters().stream().map(p -> p.getName()).toList());
    }

    private static EObject definition(SegFile file, String name) {
        return file.getDefinitions().stream().filter(d -> name.equals(d.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no definition " + name));
    }

    /** The operands of a chain of 'and's, left to right. */
    private static List<Condition> conjuncts(Condition condition) {
        List<Condition> parts = new ArrayList<>();
        if (condition instanceof And and) {
            parts.addAll(and.getOperands());
        } else {
            parts.add(condition);
        }
        return parts;
    }
}
