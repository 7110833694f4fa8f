package io.sextant.dsl.validation;

import static io.sextant.dsl.validation.SegIssueCodes.*;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.Keyword;
import org.eclipse.xtext.naming.IQualifiedNameProvider;
import org.eclipse.xtext.naming.QualifiedName;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.IEObjectDescription;
import org.eclipse.xtext.resource.IResourceDescriptions;
import org.eclipse.xtext.resource.impl.ResourceDescriptionsProvider;
import org.eclipse.xtext.validation.Check;
import org.eclipse.xtext.validation.ComposedChecks;

import com.google.inject.Inject;

import io.sextant.dsl.seg.Aggregate;
import io.sextant.dsl.seg.AggregateCondition;
import io.sextant.dsl.seg.AggregateMetric;
import io.sextant.dsl.seg.DateLiteral;
import io.sextant.dsl.seg.Definition;
import io.sextant.dsl.seg.EventFilter;
import io.sextant.dsl.seg.Experiment;
import io.sextant.dsl.seg.FirstCondition;
import io.sextant.dsl.seg.FirstEventAnchor;
import io.sextant.dsl.seg.Hypothesis;
import io.sextant.dsl.seg.LaterWindow;
import io.sextant.dsl.seg.LifetimeValueMetric;
import io.sextant.dsl.seg.MembershipCondition;
import io.sextant.dsl.seg.Metric;
import io.sextant.dsl.seg.RatioMetric;
import io.sextant.dsl.seg.RetentionMetric;
import io.sextant.dsl.seg.SegFile;
import io.sextant.dsl.seg.SegPackage.Literals;
import io.sextant.dsl.seg.Segment;
import io.sextant.dsl.seg.SequenceWindow;
import io.sextant.dsl.seg.Variant;
import io.sextant.dsl.seg.Window;

/**
 * The structural rules of the .seg language; the rules that need the project's catalog, versions and facts
 * are in {@link SegContextValidator}. Each rule has an issue code ({@link SegIssueCodes}) and a message
 * that says how to fix it; the issue data carries what a quick fix needs.
 */
@ComposedChecks(validators = SegContextValidator.class)
public class SegValidator extends AbstractSegValidator {

    private static final String PREFIX = "io.sextant.dsl.";

    /** Clauses a definition may have once (clauses come in any order, so the grammar cannot say it). */
    private static final Set<String> SINGLE_CLAUSES = Set.of("version", "owner", "description",
            "hypothesis", "population", "variants", "assignment", "primary", "guardrails", "alpha", "power",
            "minimum", "covariate", "title", "audience", "segments", "experiments", "hypotheses");

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    @Inject
    private IQualifiedNameProvider names;

    @Inject
    private ResourceDescriptionsProvider index;

    /** Every definition has an owner: someone answers for it in review. */
    @Check
    public void checkOwner(Definition definition) {
        if (definition.getOwner() == null || definition.getOwner().isBlank()) {
            error(kind(definition) + " '" + definition.getName() + "' has no owner: add owner \"name@company.com\"",
                    definition, Literals.DEFINITION__NAME, MISSING_OWNER, definition.getName());
        }
    }

    /**
     * Qualified names are unique in the project: within the file (every definition that shares a name is
     * marked), and across files through the index of all files.
     */
    @Check
    public void checkUniqueNames(Definition definition) {
        QualifiedName name = names.getFullyQualifiedName(definition);
        if (name == null || definition.eResource() == null) {
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, Long> inThisFile = (Map<String, Long>) getContext().computeIfAbsent(PREFIX + "namesInFile",
                key -> file(definition).getDefinitions().stream().filter(d -> d.getName() != null)
                        .collect(Collectors.groupingBy(Definition::getName, Collectors.counting())));
        if (inThisFile.getOrDefault(definition.getName(), 0L) > 1) {
            error("another definition in this file is also named " + definition.getName() + ": rename one of them",
                    definition, Literals.DEFINITION__NAME, DUPLICATE_NAME);
            return;
        }
        for (IEObjectDescription other : definitionsByName(definition).getOrDefault(name, List.of())) {
            if (!isIn(other, definition.eResource())) {
                error("another definition is also named " + name + ", in " + other.getEObjectURI().lastSegment()
                        + ": rename one of them", definition, Literals.DEFINITION__NAME, DUPLICATE_NAME);
                return;
            }
        }
    }

    /**
     * The definitions of the project by qualified name, from the index of all files: read once per
     * validation run, then every definition is one map lookup.
     */
    @SuppressWarnings("unchecked")
    private Map<QualifiedName, List<IEObjectDescription>> definitionsByName(Definition definition) {
        return (Map<QualifiedName, List<IEObjectDescription>>) getContext().computeIfAbsent(PREFIX + "definitionsByName",
                key -> {
                    Map<QualifiedName, List<IEObjectDescription>> byName = new HashMap<>();
                    IResourceDescriptions all = index.getResourceDescriptions(definition.eResource());
                    for (IEObjectDescription described : all.getExportedObjectsByType(Literals.DEFINITION)) {
                        byName.computeIfAbsent(described.getName(), n -> new ArrayList<>()).add(described);
                    }
                    return byName;
                });
    }

    /**
     * Whether the indexed definition is in the resource: a live index holds the object itself; a stored
     * one holds a proxy, compared by URI.
     */
    private static boolean isIn(IEObjectDescription described, Resource resource) {
        EObject object = described.getEObjectOrProxy();
        return object.eIsProxy() ? described.getEObjectURI().trimFragment().equals(resource.getURI())
                : object.eResource() == resource;
    }

    @Check
    public void checkClausesOnce(Definition definition) {
        ICompositeNode node = NodeModelUtils.findActualNodeFor(definition);
        if (node != null) {
            countClauses(node, definition, new HashMap<>());
        }
    }

    /** Counts clause keywords among the definition's own tokens; the nodes of nested objects are not entered. */
    private void countClauses(ICompositeNode node, Definition definition, Map<String, Integer> seen) {
        for (INode child : node.getChildren()) {
            if (child instanceof ICompositeNode composite) {
                if (composite.getSemanticElement() == definition) {
                    countClauses(composite, definition, seen); // a fragment such as HeaderClause
                }
            } else if (child.getGrammarElement() instanceof Keyword keyword
                    && SINGLE_CLAUSES.contains(keyword.getValue())
                    && seen.merge(keyword.getValue(), 1, Integer::sum) == 2) {
                getMessageAcceptor().acceptError("'" + keyword.getValue() + "' is given twice in "
                        + definition.getName() + ": keep one", definition, child.getOffset(), child.getLength(),
                        DUPLICATE_CLAUSE);
            }
        }
    }

    @Check
    public void checkVariants(Experiment experiment) {
        List<Variant> variants = experiment.getVariants();
        Set<String> variantNames = new HashSet<>();
        for (Variant variant : variants) {
            if (!variantNames.add(variant.getName())) {
                error("variant '" + variant.getName() + "' is listed twice: give each variant its own name", variant,
                        Literals.VARIANT__NAME, DUPLICATE_NAME);
            }
        }
        if (variants.size() < 2) {
            error("experiment '" + experiment.getName() + "' needs at least two variants, e.g. variants { control 50 %, treatment 50 % }",
                    experiment, Literals.DEFINITION__NAME, TOO_FEW_VARIANTS);
            return;
        }
        BigDecimal total = variants.stream().map(Variant::getAllocation).reduce(BigDecimal.ZERO, BigDecimal::add);
        if (total.compareTo(HUNDRED) != 0) {
            error("variant allocations add up to " + total.stripTrailingZeros().toPlainString()
                    + "%, not 100%: change them so they sum to 100",
                    experiment, Literals.EXPERIMENT__VARIANTS, ALLOCATION_NOT_100, total.toPlainString());
        }
    }

    @Check
    public void checkPrimaryMetric(Experiment experiment) {
        if (experiment.getPrimary() == null) {
            error("experiment '" + experiment.getName() + "' has no primary metric: add primary <metric>",
                    experiment, Literals.DEFINITION__NAME, MISSING_PRIMARY_METRIC);
        }
    }

    @Check
    public void checkProbabilities(Experiment experiment) {
        checkOpenUnitInterval(experiment.getAlpha(), "alpha", "0.05", experiment, Literals.EXPERIMENT__ALPHA);
        checkOpenUnitInterval(experiment.getPower(), "power", "0.8", experiment, Literals.EXPERIMENT__POWER);
    }

    private void checkOpenUnitInterval(BigDecimal value, String what, String example, EObject owner,
            EStructuralFeature feature) {
        if (value != null && (value.signum() <= 0 || value.compareTo(BigDecimal.ONE) >= 0)) {
            error(what + " must be between 0 and 1 (exclusive), e.g. " + what + " " + example, owner, feature,
                    PROBABILITY_OUT_OF_RANGE);
        }
    }

    @Check
    public void checkAggregate(AggregateCondition condition) {
        checkPropertyPresence(condition.getAggregate(), condition.getEvent(), condition.getProperty(), condition,
                Literals.AGGREGATE_CONDITION__PROPERTY);
    }

    @Check
    public void checkAggregate(AggregateMetric metric) {
        checkPropertyPresence(metric.getAggregate(), metric.getEvent(), metric.getProperty(), metric,
                Literals.AGGREGATE_METRIC__PROPERTY);
    }

    /** Whether the aggregate is over a property (sum, avg, min, max) rather than over events (count, distinct-days). */
    static boolean aggregatesProperty(Aggregate aggregate) {
        return aggregate != Aggregate.COUNT && aggregate != Aggregate.DISTINCT_DAYS;
    }

    private void checkPropertyPresence(Aggregate aggregate, EventFilter event, String property, EObject owner,
            EStructuralFeature feature) {
        if (aggregatesProperty(aggregate) && property == null) {
            error(aggregate.getLiteral() + " needs a numeric property of the event, e.g. " + aggregate.getLiteral()
                    + " " + (event == null || event.isAnyEvent() ? "any event" : "\"" + event.getEvent() + "\"")
                    + ".amount", owner, null, AGGREGATE_NEEDS_PROPERTY);
        } else if (!aggregatesProperty(aggregate) && property != null) {
            error(aggregate.getLiteral() + " counts events and takes no property: remove '." + property + "'", owner,
                    feature, AGGREGATE_NEEDS_PROPERTY);
        }
    }

    @Check
    public void checkDate(DateLiteral date) {
        try {
            if (date.getValue().length() <= 10) {
                LocalDate.parse(date.getValue());
            } else {
                LocalDateTime.parse(date.getValue());
            }
        } catch (DateTimeParseException e) {
            error("'" + date.getValue() + "' is not a date: write date \"2026-01-31\" or date \"2026-01-31T08:00:00\" (UTC)",
                    date, Literals.DATE_LITERAL__VALUE, INVALID_DATE);
        }
    }

    @Check
    public void checkSuccessMeasure(Hypothesis hypothesis) {
        if (hypothesis.getSuccess() == null) {
            error("hypothesis '" + hypothesis.getName()
                    + "' has no success measure: add success <metric> increases by <minimum effect>",
                    hypothesis, Literals.DEFINITION__NAME, MISSING_SUCCESS_MEASURE);
        }
    }

    @Check
    public void checkWindow(Window window) {
        checkPositiveLength(window.getLength(), window, Literals.WINDOW__LENGTH);
        checkWindowRange(window.getLength(), window.getUnit(), window, Literals.WINDOW__LENGTH);
    }

    @Check
    public void checkWindow(LaterWindow window) {
        checkPositiveLength(window.getLength(), window, Literals.LATER_WINDOW__LENGTH);
        checkWindowRange(window.getLength(), window.getUnit(), window, Literals.LATER_WINDOW__LENGTH);
    }

    /**
     * A first occurrence measured from the first occurrence of the same event (no filters on either) is always
     * at its own anchor: the condition would be true (within) or false (at least, before) for every user.
     */
    @Check
    public void checkFirstAnchor(FirstCondition first) {
        io.sextant.dsl.seg.Anchor anchor = first.getLater() != null ? first.getLater().getAnchor()
                : first.getWindow() == null ? null : first.getWindow().getAnchor();
        if (anchor instanceof FirstEventAnchor other && first.getEvent() != null && !first.getEvent().isAnyEvent()
                && first.getEvent().getFilters().isEmpty() && other.getFilters().isEmpty()
                && other.getEvent() != null && other.getEvent().equals(first.getEvent().getEvent())) {
            warning("the first \"" + other.getEvent() + "\" is measured from itself: this says only whether the user has one;"
                    + " write did \"" + other.getEvent() + "\" instead, or anchor it elsewhere (signup)", anchor, null,
                    FIRST_FROM_ITSELF);
        }
    }

    @Check
    public void checkWindow(SequenceWindow window) {
        checkPositiveLength(window.getLength(), window, Literals.SEQUENCE_WINDOW__LENGTH);
        checkWindowRange(window.getLength(), window.getUnit(), window, Literals.SEQUENCE_WINDOW__LENGTH);
    }

    /** The longest time window: a hundred years, far beyond any product's data, far below what dates can hold. */
    public static final long MAX_WINDOW_DAYS = 36_525;

    /**
     * The largest number a definition may write (a count, a sum, a threshold): what a double and the engines'
     * integers hold exactly; larger ones overflowed in the engine.
     */
    public static final BigDecimal MAX_NUMBER = new BigDecimal("1000000000000000");

    private void checkWindowRange(BigDecimal length, io.sextant.dsl.seg.TimeUnit unit, EObject owner,
            EStructuralFeature feature) {
        if (length == null || length.signum() <= 0 || unit == null) {
            return;
        }
        BigDecimal hoursPerUnit = BigDecimal.valueOf(switch (unit) {
            case HOURS -> 1;
            case DAYS -> 24;
            case WEEKS -> 24 * 7;
        });
        if (length.multiply(hoursPerUnit).compareTo(BigDecimal.valueOf(MAX_WINDOW_DAYS * 24)) > 0) {
            error("a time window is at most 100 years (" + MAX_WINDOW_DAYS + " days, " + MAX_WINDOW_DAYS / 7
                    + " weeks); " + length.toPlainString() + " " + unit.getLiteral() + " is longer", owner, feature,
                    IMPOSSIBLE_WINDOW);
        }
    }

    /** Every number written in a definition is within ±{@link #MAX_NUMBER}, and no int overflowed in parsing. */
    @Check
    public void checkNumberRange(EObject object) {
        for (org.eclipse.emf.ecore.EAttribute attribute : object.eClass().getEAllAttributes()) {
            if (attribute.isMany() || !object.eIsSet(attribute)) {
                continue;
            }
            Object value = object.eGet(attribute);
            if (value instanceof BigDecimal number && number.abs().compareTo(MAX_NUMBER) > 0) {
                error("the number " + number.toPlainString() + " is out of range: numbers are at most "
                        + "1,000,000,000,000,000 (10^15) in size", object, attribute, NUMBER_OUT_OF_RANGE);
            }
        }
    }

    @Check
    public void checkHorizon(LifetimeValueMetric metric) {
        checkPositiveLength(metric.getLength(), metric, Literals.LIFETIME_VALUE_METRIC__LENGTH);
        checkWindowRange(metric.getLength(), metric.getUnit(), metric, Literals.LIFETIME_VALUE_METRIC__LENGTH);
    }

    @Check
    public void checkRetentionDay(RetentionMetric metric) {
        if (metric.getDay() < 1) {
            error("retention is measured on day 1 or later after the anchor, not on day " + metric.getDay(), metric,
                    Literals.RETENTION_METRIC__DAY, IMPOSSIBLE_WINDOW);
        }
    }

    private void checkPositiveLength(BigDecimal length, EObject owner, EStructuralFeature feature) {
        if (length != null && length.signum() <= 0) {
            error("a time window must be longer than zero, not " + length.toPlainString(), owner, feature,
                    IMPOSSIBLE_WINDOW);
        } else if (length != null && length.stripTrailingZeros().scale() > 0) {
            error("a time window is a whole number of units, not " + length.toPlainString(), owner, feature,
                    IMPOSSIBLE_WINDOW);
        }
    }

    /** A segment may not contain itself through "in segment", directly or through other segments. */
    @Check
    public void checkSegmentCycle(Segment segment) {
        List<String> cycle = cycles(Segment.class, SEGMENT_CYCLES, segment,
                s -> EcoreUtil2.getAllContentsOfType(s, MembershipCondition.class).stream()
                        .map(MembershipCondition::getSegment).filter(t -> t != null && !t.eIsProxy()).toList());
        if (cycle != null) {
            error("segment '" + segment.getName() + "' refers to itself: " + String.join(" → ", cycle)
                    + "; remove one of these 'in segment' conditions", segment, Literals.DEFINITION__NAME,
                    CYCLIC_REFERENCE);
        }
    }

    /** A ratio metric may not be built from itself. */
    @Check
    public void checkRatioCycle(Metric metric) {
        if (!(metric.getDefinition() instanceof RatioMetric)) {
            return;
        }
        List<String> cycle = cycles(Metric.class, METRIC_CYCLES, metric, m -> m.getDefinition() instanceof RatioMetric ratio
                ? Stream.of(ratio.getNumerator(), ratio.getDenominator())
                        .filter(t -> t != null && !t.eIsProxy()).toList()
                : List.of());
        if (cycle != null) {
            error("metric '" + metric.getName() + "' is defined through itself: " + String.join(" → ", cycle),
                    metric, Literals.DEFINITION__NAME, CYCLIC_REFERENCE);
        }
    }

    private static final String SEGMENT_CYCLES = PREFIX + "segmentCycles";
    private static final String METRIC_CYCLES = PREFIX + "metricCycles";

    /**
     * The cycle through the definition (start → ... → start), or null. One finder per validation run follows
     * the references of the definitions validated (and what they reach) once, so a file of a thousand
     * segments costs one walk, and a keystroke that validates two definitions only walks from those two.
     */
    @SuppressWarnings("unchecked")
    private <T extends Definition> List<String> cycles(Class<T> type, String key, T definition,
            Function<T, List<T>> references) {
        ReferenceCycles<T> cycles = (ReferenceCycles<T>) getContext().computeIfAbsent(key,
                k -> new ReferenceCycles<>(references));
        return cycles.cycleThrough(definition);
    }

    private static SegFile file(Definition definition) {
        return (SegFile) definition.eContainer();
    }

    private static String kind(Definition definition) {
        return definition.eClass().getName().toLowerCase();
    }
}
