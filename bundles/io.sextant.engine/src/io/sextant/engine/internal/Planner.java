package io.sextant.engine.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;

import io.sextant.dsl.SegDefinitions;
import io.sextant.dsl.context.ValueType;
import io.sextant.dsl.seg.AggregateCondition;
import io.sextant.dsl.seg.AggregateMetric;
import io.sextant.dsl.seg.And;
import io.sextant.dsl.seg.AttributeCondition;
import io.sextant.dsl.seg.BooleanLiteral;
import io.sextant.dsl.seg.ConversionMetric;
import io.sextant.dsl.seg.CostToServeMetric;
import io.sextant.dsl.seg.DateLiteral;
import io.sextant.dsl.seg.Definition;
import io.sextant.dsl.seg.DidCondition;
import io.sextant.dsl.seg.EventCost;
import io.sextant.dsl.seg.EventFilter;
import io.sextant.dsl.seg.Experiment;
import io.sextant.dsl.seg.FirstCondition;
import io.sextant.dsl.seg.FirstEventAnchor;
import io.sextant.dsl.seg.LaterWindow;
import io.sextant.dsl.seg.LifetimeValueMetric;
import io.sextant.dsl.seg.Literal;
import io.sextant.dsl.seg.MembershipCondition;
import io.sextant.dsl.seg.Metric;
import io.sextant.dsl.seg.MetricDefinition;
import io.sextant.dsl.seg.Not;
import io.sextant.dsl.seg.NumberLiteral;
import io.sextant.dsl.seg.Or;
import io.sextant.dsl.seg.PropertyFilter;
import io.sextant.dsl.seg.RatioMetric;
import io.sextant.dsl.seg.RetentionMetric;
import io.sextant.dsl.seg.Segment;
import io.sextant.dsl.seg.SequenceCondition;
import io.sextant.dsl.seg.StringLiteral;
import io.sextant.dsl.seg.TimeUnit;
import io.sextant.dsl.seg.Window;
import io.sextant.dsl.seg.WindowDirection;
import io.sextant.engine.EngineException;
import io.sextant.engine.internal.LogicalPlan.AggregateKind;
import io.sextant.engine.internal.LogicalPlan.Column;
import io.sextant.engine.internal.LogicalPlan.Condition;
import io.sextant.engine.internal.LogicalPlan.EventMatch;
import io.sextant.engine.internal.LogicalPlan.MetricPlan;
import io.sextant.engine.internal.LogicalPlan.Operator;
import io.sextant.engine.internal.LogicalPlan.SegmentPlan;
import io.sextant.engine.internal.LogicalPlan.ValueTest;

/**
 * Turns parsed definitions into logical plans: resolves references, properties and attributes against the
 * data layout, types literals, and reduces windows to hours. A definition the validator would reject (unknown
 * property, type mismatch, unresolved reference, cycle) is refused here too, with its file and line, because
 * the engine may be handed definitions nobody validated (a stored version, the command line).
 */
public final class Planner {

    private final DataLayout layout;
    private final Map<Segment, SegmentPlan> segments = new HashMap<>();
    private final Set<Segment> planning = new LinkedHashSet<>();

    public Planner(DataLayout layout) {
        this.layout = layout;
    }

    public SegmentPlan segment(Segment segment) throws EngineException {
        SegmentPlan known = segments.get(segment);
        if (known != null) {
            return known;
        }
        if (!planning.add(segment)) {
            throw new EngineException(where(segment) + ": segment " + segment.getName()
                    + " contains itself through 'in segment'");
        }
        if (segment.getCondition() == null) {
            throw new EngineException(where(segment) + ": segment " + segment.getName() + " has no condition");
        }
        SegmentPlan plan = new SegmentPlan(SegDefinitions.qualifiedName(segment), condition(segment.getCondition()));
        planning.remove(segment);
        segments.put(segment, plan);
        return plan;
    }

    public MetricPlan metric(Metric metric) throws EngineException {
        return metric(metric, new LinkedHashSet<>());
    }

    private MetricPlan metric(Metric metric, Set<Metric> enclosing) throws EngineException {
        if (!enclosing.add(metric)) {
            throw new EngineException(where(metric) + ": metric " + metric.getName() + " is built from itself");
        }
        MetricDefinition definition = metric.getDefinition();
        MetricPlan plan;
        if (definition instanceof AggregateMetric aggregate) {
            AggregateKind kind = kind(aggregate.getAggregate());
            plan = new LogicalPlan.AggregateMetric(kind, match(aggregate.getEvent()),
                    aggregatedProperty(aggregate, kind, aggregate.getProperty()), window(aggregate.getWindow()));
        } else if (definition instanceof RetentionMetric retention) {
            if (retention.getDay() < 1) {
                throw new EngineException(where(retention) + ": retention is measured from day 1 on");
            }
            plan = new LogicalPlan.Retention(retention.getDay(), anchor(retention.getAnchor()),
                    retention.getActive() == null ? null : match(retention.getActive()));
        } else if (definition instanceof ConversionMetric conversion) {
            plan = new LogicalPlan.Conversion(match(conversion.getEvent()), window(conversion.getWindow()));
        } else if (definition instanceof LifetimeValueMetric value) {
            plan = new LogicalPlan.AggregateMetric(AggregateKind.SUM, match(value.getEvent()),
                    aggregatedProperty(value, AggregateKind.SUM, value.getProperty()),
                    new LogicalPlan.AfterAnchor(new LogicalPlan.Signup(),
                            hours(value, value.getLength(), value.getUnit())));
        } else if (definition instanceof CostToServeMetric cost) {
            Map<String, BigDecimal> costs = new LinkedHashMap<>();
            for (EventCost each : cost.getCosts()) {
                // an event listed twice costs the sum of its two prices, as the reference's sum says
                costs.merge(each.getEvent(), each.getAmount(), BigDecimal::add);
            }
            plan = new LogicalPlan.CostToServe(window(cost.getWindow()), costs);
        } else if (definition instanceof RatioMetric ratio) {
            if (ratio.getNumerator() == null || ratio.getNumerator().eIsProxy() || ratio.getDenominator() == null
                    || ratio.getDenominator().eIsProxy()) {
                throw new EngineException(where(ratio) + ": the ratio names a metric that does not exist");
            }
            plan = new LogicalPlan.Ratio(metric(ratio.getNumerator(), new LinkedHashSet<>(enclosing)),
                    metric(ratio.getDenominator(), new LinkedHashSet<>(enclosing)));
        } else {
            throw new EngineException(where(metric) + ": metric " + metric.getName() + " has no definition");
        }
        return plan;
    }

    // ------------------------------------------------------------------ conditions

    /** The operands of an 'and' or 'or' chain (one node however long the chain), in their written order. */
    private List<Condition> conditions(List<io.sextant.dsl.seg.Condition> operands) throws EngineException {
        List<Condition> planned = new ArrayList<>(operands.size());
        for (io.sextant.dsl.seg.Condition operand : operands) {
            planned.add(condition(operand));
        }
        return planned;
    }

    private Condition condition(io.sextant.dsl.seg.Condition condition) throws EngineException {
        if (condition instanceof Or or) {
            return new LogicalPlan.Or(conditions(or.getOperands()));
        }
        if (condition instanceof And and) {
            return new LogicalPlan.And(conditions(and.getOperands()));
        }
        if (condition instanceof Not not) {
            return new LogicalPlan.Not(condition(not.getOperand()));
        }
        if (condition instanceof AttributeCondition attribute) {
            return attribute(attribute);
        }
        if (condition instanceof AggregateCondition aggregate) {
            AggregateKind kind = kind(aggregate.getAggregate());
            return new LogicalPlan.Aggregate(kind, match(aggregate.getEvent()),
                    aggregatedProperty(aggregate, kind, aggregate.getProperty()), window(aggregate.getWindow()),
                    operator(aggregate.getOp()), aggregate.getValue());
        }
        if (condition instanceof DidCondition did) {
            return new LogicalPlan.Aggregate(AggregateKind.COUNT, match(did.getEvent()), null, window(did.getWindow()),
                    Operator.GE, BigDecimal.ONE);
        }
        if (condition instanceof SequenceCondition sequence) {
            List<EventMatch> steps = new ArrayList<>();
            for (EventFilter step : sequence.getSteps()) {
                steps.add(match(step));
            }
            return new LogicalPlan.Sequence(steps,
                    hours(sequence.getWindow(), sequence.getWindow().getLength(), sequence.getWindow().getUnit()));
        }
        if (condition instanceof MembershipCondition membership) {
            Segment target = membership.getSegment();
            if (target == null || target.eIsProxy()) {
                throw new EngineException(where(membership) + ": 'in segment' names a segment that does not exist");
            }
            return new LogicalPlan.Membership(segment(target));
        }
        if (condition instanceof FirstCondition first) {
            if (first.getLater() != null) {
                LaterWindow later = first.getLater();
                return new LogicalPlan.First(match(first.getEvent()), new LogicalPlan.LaterThan(
                        anchor(later.getAnchor()), hours(later, later.getLength(), later.getUnit())));
            }
            if (first.getWindow() == null) {
                throw new EngineException(where(first) + ": 'first' needs a window, e.g. first \"purchase\" within 14 days after signup");
            }
            return new LogicalPlan.First(match(first.getEvent()), window(first.getWindow()));
        }
        throw new EngineException(where(condition) + ": this condition is incomplete");
    }

    private Condition attribute(AttributeCondition attribute) throws EngineException {
        String name = attribute.getAttribute();
        Column column = layout.userAttribute(name).orElseThrow(() -> new EngineException(
                where(attribute) + ": the data has no user attribute '" + name + "'; known: "
                        + String.join(", ", layout.userAttributes().keySet())));
        if (attribute.isIsNull()) {
            return new LogicalPlan.AttributeNull(column, !attribute.isNegated());
        }
        return new LogicalPlan.AttributeTest(test(attribute, column, attribute.getOp(), attribute.getValue(),
                attribute.getValues(), "user attribute " + name));
    }

    private ValueTest test(EObject where, Column column, io.sextant.dsl.seg.ComparisonOperator op, Literal value,
            List<Literal> values, String what) throws EngineException {
        if (value != null) {
            Operator operator = operator(op);
            if (column.type() == ValueType.BOOLEAN && operator != Operator.EQ && operator != Operator.NE) {
                throw new EngineException(where(where) + ": " + what + " is true or false, which have no order");
            }
            return new LogicalPlan.Compare(column, operator, literal(value, column, what));
        }
        List<Object> typed = new ArrayList<>();
        for (Literal each : values) {
            typed.add(literal(each, column, what));
        }
        if (typed.isEmpty()) {
            throw new EngineException(where(where) + ": 'in' needs at least one value");
        }
        return new LogicalPlan.InList(column, typed);
    }

    /** The literal as the Java value bound for a column of this type; a literal of another type is refused. */
    private Object literal(Literal literal, Column column, String what) throws EngineException {
        ValueType type = column.type();
        Object value;
        ValueType given;
        if (literal instanceof StringLiteral text) {
            value = text.getValue();
            given = ValueType.TEXT;
        } else if (literal instanceof NumberLiteral number) {
            value = number.getValue();
            given = ValueType.NUMBER;
        } else if (literal instanceof BooleanLiteral bool) {
            value = bool.isValue();
            given = ValueType.BOOLEAN;
        } else if (literal instanceof DateLiteral date) {
            value = instant(date);
            given = ValueType.TIMESTAMP;
        } else {
            throw new EngineException(where(literal) + ": this value is incomplete");
        }
        if (given != type) {
            throw new EngineException(where(literal) + ": " + what + " holds " + describe(type) + ", not "
                    + describe(given));
        }
        return value;
    }

    private static String describe(ValueType type) {
        return switch (type) {
            case TEXT -> "text";
            case NUMBER -> "numbers";
            case BOOLEAN -> "true/false";
            case TIMESTAMP -> "dates";
        };
    }

    private static LocalDateTime instant(DateLiteral date) throws EngineException {
        String text = date.getValue();
        try {
            return text.contains("T") ? LocalDateTime.parse(text) : LocalDate.parse(text).atStartOfDay();
        } catch (DateTimeParseException e) {
            throw new EngineException(where(date) + ": '" + text
                    + "' is not a date (write date \"2026-01-31\" or date \"2026-01-31T08:30:00\")");
        }
    }

    // ------------------------------------------------------------------ events and windows

    /** The assignment clause of an experiment: its event, the event's filters and the variant's property. */
    public LogicalPlan.Assignment assignment(Experiment experiment) throws EngineException {
        if (experiment.getAssignmentEvent() == null || experiment.getAssignmentProperty() == null) {
            throw new EngineException(where(experiment) + ": experiment " + experiment.getName()
                    + " has no assignment clause (write assignment \"event\".property)");
        }
        List<ValueTest> tests = new ArrayList<>();
        for (PropertyFilter property : experiment.getAssignmentFilters()) {
            Column column = eventProperty(property, property.getProperty());
            tests.add(test(property, column, property.getOp(), property.getValue(), property.getValues(),
                    "property " + property.getProperty()));
        }
        Column variant = eventProperty(experiment, experiment.getAssignmentProperty());
        return new LogicalPlan.Assignment(new EventMatch(experiment.getAssignmentEvent(), tests), variant);
    }

    private EventMatch match(EventFilter filter) throws EngineException {
        if (filter == null || (filter.getEvent() == null && !filter.isAnyEvent())) {
            throw new EngineException("an event filter is incomplete");
        }
        List<ValueTest> tests = new ArrayList<>();
        for (PropertyFilter property : filter.getFilters()) {
            Column column = eventProperty(property, property.getProperty());
            tests.add(test(property, column, property.getOp(), property.getValue(), property.getValues(),
                    "property " + property.getProperty()));
        }
        return new EventMatch(filter.isAnyEvent() ? null : filter.getEvent(), tests);
    }

    private Column eventProperty(EObject where, String name) throws EngineException {
        return layout.eventProperty(name).orElseThrow(() -> new EngineException(where(where)
                + ": the data has no event property '" + name + "'; known: "
                + String.join(", ", layout.eventProperties().keySet())));
    }

    private Column aggregatedProperty(EObject where, AggregateKind kind, String property) throws EngineException {
        boolean needsProperty = kind != AggregateKind.COUNT && kind != AggregateKind.DISTINCT_DAYS;
        if (!needsProperty) {
            if (property != null) {
                throw new EngineException(where(where) + ": " + keyword(kind) + " takes no property");
            }
            return null;
        }
        if (property == null) {
            throw new EngineException(where(where) + ": " + keyword(kind) + " needs a numeric property, e.g. "
                    + keyword(kind) + " \"purchase\".amount");
        }
        Column column = eventProperty(where, property);
        if (column.type() != ValueType.NUMBER) {
            throw new EngineException(where(where) + ": " + keyword(kind) + " needs a numeric property; " + property
                    + " holds " + describe(column.type()));
        }
        return column;
    }

    private static String keyword(AggregateKind kind) {
        return kind == AggregateKind.DISTINCT_DAYS ? "distinct-days" : kind.name().toLowerCase(java.util.Locale.ROOT);
    }

    private LogicalPlan.Window window(Window window) throws EngineException {
        if (window == null) {
            return new LogicalPlan.AllBefore();
        }
        long hours = hours(window, window.getLength(), window.getUnit());
        if (window.getAnchor() == null) {
            return new LogicalPlan.Trailing(hours);
        }
        if (window.getDirection() == WindowDirection.BEFORE) {
            return new LogicalPlan.BeforeAnchor(anchor(window.getAnchor()), hours);
        }
        return new LogicalPlan.AfterAnchor(anchor(window.getAnchor()), hours);
    }

    private LogicalPlan.Anchor anchor(io.sextant.dsl.seg.Anchor anchor) throws EngineException {
        if (anchor instanceof FirstEventAnchor first) {
            List<ValueTest> tests = new ArrayList<>();
            for (PropertyFilter property : first.getFilters()) {
                Column column = eventProperty(property, property.getProperty());
                tests.add(test(property, column, property.getOp(), property.getValue(), property.getValues(),
                        "property " + property.getProperty()));
            }
            return new LogicalPlan.FirstEvent(first.getEvent(), tests);
        }
        return new LogicalPlan.Signup();
    }

    /** A window length in hours; windows are whole numbers of units longer than zero. */
    private static long hours(EObject where, BigDecimal length, TimeUnit unit) throws EngineException {
        if (length == null || length.signum() <= 0 || length.stripTrailingZeros().scale() > 0) {
            throw new EngineException(where(where) + ": a window is a whole number of " + unit.getLiteral()
                    + " longer than zero, not " + (length == null ? "nothing" : length.toPlainString()));
        }
        long perUnit = switch (unit) {
            case HOURS -> 1;
            case DAYS -> 24;
            case WEEKS -> 168;
        };
        return length.longValueExact() * perUnit;
    }

    private static AggregateKind kind(io.sextant.dsl.seg.Aggregate aggregate) {
        return AggregateKind.valueOf(aggregate.name());
    }

    private static Operator operator(io.sextant.dsl.seg.ComparisonOperator op) {
        return Operator.valueOf(op.name());
    }

    // ------------------------------------------------------------------ names and places

    /** "file.seg:12", the place of an element for messages. */
    public static String where(EObject element) {
        if (element == null) {
            return "?";
        }
        String file = element.eResource() == null ? "?" : element.eResource().getURI().lastSegment();
        INode node = NodeModelUtils.findActualNodeFor(element);
        return node == null ? file : file + ":" + node.getStartLine();
    }

}
