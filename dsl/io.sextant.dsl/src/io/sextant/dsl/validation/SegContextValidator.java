package io.sextant.dsl.validation;

import static io.sextant.dsl.validation.SegIssueCodes.*;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.naming.IQualifiedNameProvider;
import org.eclipse.xtext.naming.QualifiedName;
import org.eclipse.xtext.validation.AbstractDeclarativeValidator;
import org.eclipse.xtext.validation.Check;
import org.eclipse.xtext.validation.EValidatorRegistrar;

import com.google.inject.Inject;

import io.sextant.dsl.SegDefinitions;

import io.sextant.dsl.context.CatalogEvent;
import io.sextant.dsl.context.CatalogProperty;
import io.sextant.dsl.context.EventCatalog;
import io.sextant.dsl.context.MetricBaseline;
import io.sextant.dsl.context.ProjectContext;
import io.sextant.dsl.context.ProjectContextProvider;
import io.sextant.dsl.context.PublishedVersion;
import io.sextant.dsl.context.ValueType;
import io.sextant.dsl.power.SampleSize;
import io.sextant.dsl.seg.Aggregate;
import io.sextant.dsl.seg.AggregateCondition;
import io.sextant.dsl.seg.AggregateMetric;
import io.sextant.dsl.seg.AttributeCondition;
import io.sextant.dsl.seg.BooleanLiteral;
import io.sextant.dsl.seg.ComparisonOperator;
import io.sextant.dsl.seg.Definition;
import io.sextant.dsl.seg.EventCost;
import io.sextant.dsl.seg.EventFilter;
import io.sextant.dsl.seg.Experiment;
import io.sextant.dsl.seg.FirstEventAnchor;
import io.sextant.dsl.seg.LifetimeValueMetric;
import io.sextant.dsl.seg.Literal;
import io.sextant.dsl.seg.NumberLiteral;
import io.sextant.dsl.seg.PropertyFilter;
import io.sextant.dsl.seg.SegPackage;
import io.sextant.dsl.seg.SegPackage.Literals;
import io.sextant.dsl.seg.StringLiteral;
import io.sextant.dsl.seg.Variant;

/**
 * The rules that need the project: the event catalog (unknown events and properties with a "did you mean",
 * type errors, PII in conditions), the published versions (a published version never changes) and the
 * measured facts (experiments that cannot reach their power). Without a catalog the catalog rules are
 * skipped; without history or facts their rules are.
 */
public class SegContextValidator extends AbstractDeclarativeValidator {

    private static final double DEFAULT_ALPHA = 0.05;
    private static final double DEFAULT_POWER = 0.8;

    @Inject
    private ProjectContextProvider contexts;

    @Inject
    private IQualifiedNameProvider names;

    @Override
    public void register(EValidatorRegistrar registrar) {
        // composed into SegValidator (@ComposedChecks); registering it again would run every check twice
    }

    @Override
    protected List<EPackage> getEPackages() {
        return List.of(SegPackage.eINSTANCE);
    }

    // ------------------------------------------------------------------ events and properties

    @Check
    public void checkEvent(EventFilter filter) {
        if (filter.isAnyEvent()) {
            checkAnyEventFilters(filter);
            return;
        }
        Optional<CatalogEvent> event = event(filter, filter.getEvent(), Literals.EVENT_FILTER__EVENT);
        checkPropertyFilters(filter.getEvent(), event, filter.getFilters());
    }

    /**
     * The filters of {@code any event}: each property must be a property of some event (an event without it
     * never passes the filter), compared with a value of its type.
     */
    private void checkAnyEventFilters(EventFilter filter) {
        for (PropertyFilter propertyFilter : filter.getFilters()) {
            anyEventProperty(propertyFilter, propertyFilter.getProperty(), Literals.PROPERTY_FILTER__PROPERTY)
                    .ifPresent(property -> {
                        checkComparison(property, propertyFilter.getOp(), propertyFilter.getValue(),
                                propertyFilter.getValues(), propertyFilter);
                        warnIfPii(property, "property '" + property.name() + "'", propertyFilter,
                                Literals.PROPERTY_FILTER__PROPERTY);
                    });
        }
    }

    /**
     * A property of {@code any event}: the property of that name of the first event (alphabetically) that has
     * one; an error when no event of the catalog has it. Empty without a catalog.
     */
    private Optional<CatalogProperty> anyEventProperty(EObject owner, String name, EStructuralFeature feature) {
        Optional<EventCatalog> catalog = catalog(owner);
        if (catalog.isEmpty() || name == null) {
            return Optional.empty();
        }
        Optional<CatalogProperty> property = catalog.get().events().values().stream()
                .sorted(Comparator.comparing(CatalogEvent::name)).map(e -> e.properties().get(name))
                .filter(p -> p != null).findFirst();
        if (property.isEmpty()) {
            java.util.Set<String> all = new java.util.TreeSet<>();
            catalog.get().events().values().forEach(e -> all.addAll(e.properties().keySet()));
            unknown("property (no event has it)", name, all, owner, feature, UNKNOWN_PROPERTY);
        }
        return property;
    }

    /** Each filter's property must be one of the event's, compared with a value of its type. */
    private void checkPropertyFilters(String eventName, Optional<CatalogEvent> event, List<PropertyFilter> filters) {
        for (PropertyFilter propertyFilter : filters) {
            event.flatMap(e -> property(propertyFilter, e, propertyFilter.getProperty(),
                    Literals.PROPERTY_FILTER__PROPERTY)).ifPresent(property -> {
                        checkComparison(property, propertyFilter.getOp(), propertyFilter.getValue(),
                                propertyFilter.getValues(), propertyFilter);
                        warnIfPii(property, "property '" + property.name() + "' of '" + eventName + "'",
                                propertyFilter, Literals.PROPERTY_FILTER__PROPERTY);
                    });
        }
    }

    @Check
    public void checkAggregate(AggregateCondition condition) {
        checkAggregatedProperty(condition.getAggregate(), condition.getEvent(), condition.getProperty(), condition,
                Literals.AGGREGATE_CONDITION__PROPERTY);
    }

    @Check
    public void checkAggregate(AggregateMetric metric) {
        checkAggregatedProperty(metric.getAggregate(), metric.getEvent(), metric.getProperty(), metric,
                Literals.AGGREGATE_METRIC__PROPERTY);
    }

    @Check
    public void checkLifetimeValue(LifetimeValueMetric metric) {
        checkAggregatedProperty(Aggregate.SUM, metric.getEvent(), metric.getProperty(), metric,
                Literals.LIFETIME_VALUE_METRIC__PROPERTY);
    }

    /** The aggregated property must be a number in the catalog (SegValidator checks it is there at all). */
    private void checkAggregatedProperty(Aggregate aggregate, EventFilter event, String property, EObject owner,
            EStructuralFeature feature) {
        if (property == null || !SegValidator.aggregatesProperty(aggregate) || event == null) {
            return;
        }
        if (event.isAnyEvent()) {
            anyEventProperty(owner, property, feature).filter(p -> p.type() != ValueType.NUMBER)
                    .ifPresent(p -> error(aggregate.getLiteral() + " needs a number, but '" + property + "' is "
                            + describe(p.type()), owner, feature, TYPE_MISMATCH));
            return;
        }
        catalog(owner).flatMap(c -> c.event(event.getEvent()))
                .flatMap(e -> property(owner, e, property, feature))
                .filter(p -> p.type() != ValueType.NUMBER)
                .ifPresent(p -> error(aggregate.getLiteral() + " needs a number, but '" + property + "' of '"
                        + event.getEvent() + "' is " + describe(p.type()), owner, feature, TYPE_MISMATCH));
    }

    @Check
    public void checkAnchor(FirstEventAnchor anchor) {
        Optional<CatalogEvent> event = event(anchor, anchor.getEvent(), Literals.FIRST_EVENT_ANCHOR__EVENT);
        checkPropertyFilters(anchor.getEvent(), event, anchor.getFilters());
    }

    @Check
    public void checkCost(EventCost cost) {
        event(cost, cost.getEvent(), Literals.EVENT_COST__EVENT);
    }

    @Check
    public void checkAssignment(Experiment experiment) {
        if (experiment.getAssignmentEvent() == null) {
            return;
        }
        Optional<CatalogEvent> event = event(experiment, experiment.getAssignmentEvent(),
                Literals.EXPERIMENT__ASSIGNMENT_EVENT);
        event.ifPresent(e -> property(experiment, e, experiment.getAssignmentProperty(),
                Literals.EXPERIMENT__ASSIGNMENT_PROPERTY));
        checkPropertyFilters(experiment.getAssignmentEvent(), event, experiment.getAssignmentFilters());
    }

    @Check
    public void checkAttribute(AttributeCondition condition) {
        catalog(condition).ifPresent(catalog -> {
            CatalogProperty attribute = catalog.userAttributes().get(condition.getAttribute());
            if (attribute == null) {
                unknown("user attribute", condition.getAttribute(), catalog.userAttributes().keySet(), condition,
                        Literals.ATTRIBUTE_CONDITION__ATTRIBUTE, UNKNOWN_ATTRIBUTE);
                return;
            }
            if (!condition.isIsNull()) {
                checkComparison(attribute, condition.getOp(), condition.getValue(), condition.getValues(), condition);
            }
            warnIfPii(attribute, "user attribute '" + attribute.name() + "'", condition,
                    Literals.ATTRIBUTE_CONDITION__ATTRIBUTE);
        });
    }

    private void checkComparison(CatalogProperty property, ComparisonOperator op, Literal value,
            Collection<Literal> values, EObject owner) {
        List<Literal> literals = value != null ? List.of(value) : List.copyOf(values);
        for (Literal literal : literals) {
            ValueType written = typeOf(literal);
            if (written != property.type()) {
                error("'" + property.name() + "' is " + describe(property.type()) + " and cannot be compared with "
                        + describe(written) + ": write " + example(property.type()), literal, null, TYPE_MISMATCH);
            }
        }
        boolean ordering = op == ComparisonOperator.LT || op == ComparisonOperator.LE || op == ComparisonOperator.GT
                || op == ComparisonOperator.GE;
        if (ordering && property.type() == ValueType.BOOLEAN) {
            error("'" + property.name() + "' is true or false and has no order: compare it with = or !=", owner,
                    null, TYPE_MISMATCH);
        }
    }

    private void warnIfPii(CatalogProperty property, String what, EObject owner, EStructuralFeature feature) {
        if (property.pii()) {
            warning(what + " identifies people (PII): segments should not select users by it", owner, feature,
                    PII_IN_CONDITION, property.name());
        }
    }

    private Optional<CatalogEvent> event(EObject owner, String name, EStructuralFeature feature) {
        Optional<EventCatalog> catalog = catalog(owner);
        if (catalog.isEmpty() || name == null) {
            return Optional.empty();
        }
        Optional<CatalogEvent> event = catalog.get().event(name);
        if (event.isEmpty()) {
            unknown("event", name, catalog.get().events().keySet(), owner, feature, UNKNOWN_EVENT);
        }
        return event;
    }

    private Optional<CatalogProperty> property(EObject owner, CatalogEvent event, String name,
            EStructuralFeature feature) {
        if (name == null) {
            return Optional.empty();
        }
        CatalogProperty property = event.properties().get(name);
        if (property == null) {
            List<String> elsewhere = eventsWithProperty(owner, name);
            if (elsewhere.isEmpty()) {
                unknown("property of '" + event.name() + "'", name, event.properties().keySet(), owner, feature,
                        UNKNOWN_PROPERTY);
            } else {
                propertyOfOtherEvents(event, name, elsewhere, owner, feature);
            }
        }
        return Optional.ofNullable(property);
    }

    /** The events of the catalog that have a property of this name, alphabetically. */
    private List<String> eventsWithProperty(EObject owner, String name) {
        return catalog(owner).map(c -> c.events().values().stream().filter(e -> e.properties().containsKey(name))
                .map(CatalogEvent::name).sorted().toList()).orElse(List.of());
    }

    /**
     * A property the event lacks but other events have: the likelier mistake is the event, so the message names
     * the events that have it ("'duration_s' is a property of 'session_ended', not of 'purchase'"), and still
     * suggests a close property of this event if there is one.
     */
    private void propertyOfOtherEvents(CatalogEvent event, String name, List<String> events, EObject owner,
            EStructuralFeature feature) {
        List<String> quoted = events.stream().limit(3).map(e -> "'" + e + "'").toList();
        String of = events.size() > 3 ? String.join(", ", quoted) + " and " + (events.size() - 3) + " other events"
                : quoted.size() == 1 ? quoted.get(0)
                        : String.join(", ", quoted.subList(0, quoted.size() - 1)) + " and " + quoted.get(quoted.size() - 1);
        Optional<String> closest = Spelling.closest(name, event.properties().keySet());
        error("'" + name + "' is a property of " + of + ", not of '" + event.name() + "'"
                + closest.map(c -> ": did you mean '" + c + "'?").orElse(""), owner, feature, UNKNOWN_PROPERTY,
                closest.map(c -> new String[] { name, c }).orElse(new String[] { name }));
    }

    /** Reports an unknown name; the closest known one, if close enough, is the message's suggestion and the quick fix's data. */
    private void unknown(String what, String name, Collection<String> known, EObject owner, EStructuralFeature feature,
            String code) {
        Optional<String> closest = Spelling.closest(name, known);
        String message = "unknown " + what + " '" + name + "'"
                + closest.map(c -> ": did you mean '" + c + "'?").orElse(" (not in the project's catalog)");
        error(message, owner, feature, code, closest.map(c -> new String[] { name, c }).orElse(new String[] { name }));
    }

    private Optional<EventCatalog> catalog(EObject object) {
        return context(object).catalog();
    }

    private ProjectContext context(EObject object) {
        return object.eResource() == null ? ProjectContext.EMPTY : contexts.contextFor(object.eResource().getURI());
    }

    // ------------------------------------------------------------------ published versions

    /** A published version is immutable: an edited definition must carry a version above every published one. */
    @Check
    public void checkPublishedVersion(Definition definition) {
        QualifiedName name = names.getFullyQualifiedName(definition);
        if (name == null) {
            return;
        }
        List<PublishedVersion> published = context(definition).versions().published(name.toString());
        String hash = published.isEmpty() ? null : SegDefinitions.contentHash(definition);
        if (hash == null) {
            return;
        }
        int written = definition.getVersion() == 0 ? 1 : definition.getVersion();
        int highest = published.stream().mapToInt(PublishedVersion::number).max().orElse(0);
        Optional<PublishedVersion> same = published.stream().filter(v -> v.number() == written).findFirst();
        if (same.isPresent() && same.get().contentHash().equals(hash)) {
            return;
        }
        if (written <= highest) {
            String next = String.valueOf(highest + 1);
            error("version " + written + " of " + name + (same.isPresent() ? " is published and cannot change"
                    : " is older than the published version " + highest) + ": set version " + next
                    + " to record this edit as a new draft", definition,
                    definition.getVersion() == 0 ? Literals.DEFINITION__NAME : Literals.DEFINITION__VERSION,
                    PUBLISHED_VERSION_CHANGED, next);
        }
    }

    // ------------------------------------------------------------------ power

    /** Warns when the population's last known size cannot give the requested power for the minimum effect. */
    @Check
    public void checkPower(Experiment experiment) {
        if (experiment.getPopulation() == null || experiment.getPrimary() == null
                || experiment.getMinimumEffect() == null || experiment.getVariants().size() < 2
                || experiment.getPopulation().eIsProxy() || experiment.getPrimary().eIsProxy()) {
            return;
        }
        ProjectContext context = context(experiment);
        QualifiedName population = names.getFullyQualifiedName(experiment.getPopulation());
        QualifiedName metric = names.getFullyQualifiedName(experiment.getPrimary());
        OptionalLong size = context.facts().lastKnownSize(population.toString());
        Optional<MetricBaseline> baseline = context.facts().baseline(metric.toString());
        if (size.isEmpty() || baseline.isEmpty() || !(baseline.get().standardDeviation() > 0)) {
            return;
        }
        BigDecimal total = experiment.getVariants().stream().map(Variant::getAllocation)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        if (total.signum() <= 0) {
            return;
        }
        double control = experiment.getVariants().get(0).getAllocation().doubleValue() / total.doubleValue();
        double treatment = experiment.getVariants().stream().skip(1).map(Variant::getAllocation)
                .min(Comparator.naturalOrder()).orElseThrow().doubleValue() / total.doubleValue();
        double effect = experiment.getMinimumEffect().doubleValue();
        double absolute = experiment.isRelativeEffect() ? baseline.get().mean() * effect / 100 : effect;
        double alpha = experiment.getAlpha() == null ? DEFAULT_ALPHA : experiment.getAlpha().doubleValue();
        double power = experiment.getPower() == null ? DEFAULT_POWER : experiment.getPower().doubleValue();
        if (!(alpha > 0 && alpha < 1 && power > 0 && power < 1 && control > 0 && treatment > 0 && absolute != 0)) {
            return; // the structural rules report these
        }
        long needed = SampleSize.requiredTotal(alpha, power, baseline.get().standardDeviation(), absolute, control,
                treatment);
        if (needed > size.getAsLong()) {
            warning(String.format(java.util.Locale.ROOT,
                    "experiment needs %,d users to detect a %s%s change in %s with power %s at alpha %s, but %s had %,d users at its last run",
                    needed, experiment.getMinimumEffect().toPlainString(), experiment.isRelativeEffect() ? "%" : "",
                    metric.getLastSegment(), BigDecimal.valueOf(power).stripTrailingZeros().toPlainString(),
                    BigDecimal.valueOf(alpha).stripTrailingZeros().toPlainString(), population.getLastSegment(),
                    size.getAsLong()), experiment, Literals.EXPERIMENT__POPULATION, UNDERPOWERED,
                    String.valueOf(needed));
        }
    }

    // ------------------------------------------------------------------ types

    private static ValueType typeOf(Literal literal) {
        if (literal instanceof StringLiteral) {
            return ValueType.TEXT;
        }
        if (literal instanceof NumberLiteral) {
            return ValueType.NUMBER;
        }
        if (literal instanceof BooleanLiteral) {
            return ValueType.BOOLEAN;
        }
        return ValueType.TIMESTAMP;
    }

    private static final Map<ValueType, String> DESCRIPTIONS = Map.of(ValueType.TEXT, "text", ValueType.NUMBER,
            "a number", ValueType.BOOLEAN, "true or false", ValueType.TIMESTAMP, "a date");

    private static final Map<ValueType, String> EXAMPLES = Map.of(ValueType.TEXT, "a quoted text such as \"pro\"",
            ValueType.NUMBER, "a number such as 10", ValueType.BOOLEAN, "true or false", ValueType.TIMESTAMP,
            "date \"2026-01-31\"");

    private static String describe(ValueType type) {
        return DESCRIPTIONS.get(type);
    }

    private static String example(ValueType type) {
        return EXAMPLES.get(type);
    }
}
