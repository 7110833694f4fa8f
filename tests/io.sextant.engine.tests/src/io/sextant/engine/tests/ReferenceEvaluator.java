package io.sextant.engine.tests;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.sextant.dsl.seg.AggregateCondition;
import io.sextant.dsl.seg.AggregateMetric;
import io.sextant.dsl.seg.And;
import io.sextant.dsl.seg.AttributeCondition;
import io.sextant.dsl.seg.BooleanLiteral;
import io.sextant.dsl.seg.ComparisonOperator;
import io.sextant.dsl.seg.Condition;
import io.sextant.dsl.seg.ConversionMetric;
import io.sextant.dsl.seg.CostToServeMetric;
import io.sextant.dsl.seg.DateLiteral;
import io.sextant.dsl.seg.DidCondition;
import io.sextant.dsl.seg.EventCost;
import io.sextant.dsl.seg.EventFilter;
import io.sextant.dsl.seg.FirstCondition;
import io.sextant.dsl.seg.FirstEventAnchor;
import io.sextant.dsl.seg.LaterWindow;
import io.sextant.dsl.seg.LifetimeValueMetric;
import io.sextant.dsl.seg.Literal;
import io.sextant.dsl.seg.MembershipCondition;
import io.sextant.dsl.seg.Metric;
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
import io.sextant.engine.tests.EventFixture.Event;
import io.sextant.engine.tests.EventFixture.User;

/**
 * The language reference, evaluated plainly in Java over the fixture's rows, user by user: the answer the
 * engine's SQL must give on every dialect. It reads the parsed definitions directly (not the engine's logical
 * plan), so a mistake in the engine's planning shows too. Used only by tests.
 */
public final class ReferenceEvaluator {

    /** A user's window: [start, end); null start means from the beginning of time. Empty when none. */
    private record Interval(LocalDateTime start, LocalDateTime end) {
        static final Interval NONE = new Interval(LocalDateTime.MIN, LocalDateTime.MIN);

        boolean contains(LocalDateTime time) {
            return (start == null || !time.isBefore(start)) && time.isBefore(end);
        }
    }

    private final LocalDateTime asOf;
    private final List<User> users = new ArrayList<>();
    private final Map<String, List<Event>> eventsByUser = new HashMap<>();
    private final Map<Segment, Set<String>> members = new HashMap<>();

    public ReferenceEvaluator(EventFixture data, LocalDate asOfDate) {
        this.asOf = asOfDate.plusDays(1).atStartOfDay();
        for (User user : data.users) {
            // the users of an analysis: those who signed up before T, or whose signup is unknown
            if (user.signup() == null || user.signup().isBefore(asOf)) {
                users.add(user);
            }
        }
        for (Event event : data.events) {
            if (event.time().isBefore(asOf)) { // nothing at or after T counts
                eventsByUser.computeIfAbsent(event.user(), u -> new ArrayList<>()).add(event);
            }
        }
    }

    // ------------------------------------------------------------------ segments

    public Set<String> members(Segment segment) {
        Set<String> known = members.get(segment);
        if (known != null) {
            return known;
        }
        Set<String> result = new LinkedHashSet<>();
        for (User user : users) {
            if (holds(segment.getCondition(), user)) {
                result.add(user.id());
            }
        }
        members.put(segment, result);
        return result;
    }

    private boolean holds(Condition condition, User user) {
        if (condition instanceof Or or) {
            return or.getOperands().stream().anyMatch(operand -> holds(operand, user));
        }
        if (condition instanceof And and) {
            return and.getOperands().stream().allMatch(operand -> holds(operand, user));
        }
        if (condition instanceof Not not) {
            return !holds(not.getOperand(), user);
        }
        if (condition instanceof AttributeCondition attribute) {
            Object value = EventFixture.attribute(user, attribute.getAttribute());
            if (attribute.isIsNull()) {
                return attribute.isNegated() ? value != null : value == null;
            }
            if (attribute.getValue() != null) {
                return compare(value, attribute.getOp(), literal(attribute.getValue()));
            }
            return in(value, attribute.getValues());
        }
        if (condition instanceof AggregateCondition aggregate) {
            BigDecimal value = aggregate(aggregate.getAggregate(), aggregate.getEvent(), aggregate.getProperty(),
                    interval(aggregate.getWindow(), user), user);
            return compare(value, aggregate.getOp(), aggregate.getValue());
        }
        if (condition instanceof DidCondition did) {
            Interval window = interval(did.getWindow(), user);
            return events(user).stream().anyMatch(e -> window.contains(e.time()) && matches(e, did.getEvent()));
        }
        if (condition instanceof SequenceCondition sequence) {
            long hours = hours(sequence.getWindow().getLength(), sequence.getWindow().getUnit());
            for (Event first : events(user)) {
                if (matches(first, sequence.getSteps().get(0))
                        && continues(user, sequence.getSteps(), 1, first.time(), first.time().plusHours(hours))) {
                    return true;
                }
            }
            return false;
        }
        if (condition instanceof MembershipCondition membership) {
            return members(membership.getSegment()).contains(user.id());
        }
        if (condition instanceof FirstCondition first) {
            LocalDateTime time = events(user).stream().filter(e -> matches(e, first.getEvent())).map(Event::time)
                    .min(LocalDateTime::compareTo).orElse(null);
            if (time == null) {
                return false;
            }
            if (first.getLater() != null) {
                LaterWindow later = first.getLater();
                LocalDateTime anchor = anchor(later.getAnchor(), user);
                return anchor != null
                        && !time.isBefore(anchor.plusHours(hours(later.getLength(), later.getUnit())));
            }
            return interval(first.getWindow(), user).contains(time);
        }
        throw new IllegalArgumentException("unknown condition " + condition);
    }

    /** Whether steps from {@code step} on can follow an event at {@code after}, each strictly later, all before {@code end}. */
    private boolean continues(User user, List<EventFilter> steps, int step, LocalDateTime after, LocalDateTime end) {
        if (step == steps.size()) {
            return true;
        }
        for (Event next : events(user)) {
            if (next.time().isAfter(after) && next.time().isBefore(end) && matches(next, steps.get(step))
                    && continues(user, steps, step + 1, next.time(), end)) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ metrics

    /** The metric's value per user (null: no value); for a ratio, the numerator. */
    public Map<String, BigDecimal> metric(Metric metric) {
        Map<String, BigDecimal> values = new LinkedHashMap<>();
        for (User user : users) {
            values.put(user.id(), value(metric, user, false));
        }
        return values;
    }

    /** For a ratio metric, the denominator per user. */
    public Map<String, BigDecimal> denominators(Metric metric) {
        Map<String, BigDecimal> values = new LinkedHashMap<>();
        for (User user : users) {
            values.put(user.id(), value(metric, user, true));
        }
        return values;
    }

    private BigDecimal value(Metric metric, User user, boolean denominator) {
        var definition = metric.getDefinition();
        if (definition instanceof RatioMetric ratio) {
            return value(denominator ? ratio.getDenominator() : ratio.getNumerator(), user, false);
        }
        if (definition instanceof AggregateMetric aggregate) {
            return aggregate(aggregate.getAggregate(), aggregate.getEvent(), aggregate.getProperty(),
                    interval(aggregate.getWindow(), user), user);
        }
        if (definition instanceof LifetimeValueMetric lifetime) {
            Interval window = user.signup() == null ? Interval.NONE
                    : cut(user.signup(), user.signup().plusHours(hours(lifetime.getLength(), lifetime.getUnit())));
            return aggregate(io.sextant.dsl.seg.Aggregate.SUM, lifetime.getEvent(), lifetime.getProperty(), window, user);
        }
        if (definition instanceof RetentionMetric retention) {
            LocalDateTime anchor = anchor(retention.getAnchor(), user);
            if (anchor == null) {
                return null;
            }
            LocalDateTime from = anchor.plusDays(retention.getDay());
            LocalDateTime to = anchor.plusDays(retention.getDay() + 1L);
            if (to.isAfter(asOf)) {
                return null; // day N has not ended
            }
            boolean active = events(user).stream().anyMatch(e -> !e.time().isBefore(from) && e.time().isBefore(to)
                    && (retention.getActive() == null || matches(e, retention.getActive())));
            return active ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        if (definition instanceof ConversionMetric conversion) {
            Window window = conversion.getWindow();
            if (window.getAnchor() != null) {
                LocalDateTime anchor = anchor(window.getAnchor(), user);
                LocalDateTime end = window.getDirection() == WindowDirection.BEFORE ? anchor
                        : anchor == null ? null : anchor.plusHours(hours(window.getLength(), window.getUnit()));
                if (anchor == null || end.isAfter(asOf)) {
                    return null; // the window has not ended (or there is none)
                }
            }
            Interval interval = interval(window, user);
            boolean did = events(user).stream().anyMatch(e -> interval.contains(e.time()) && matches(e, conversion.getEvent()));
            return did ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        if (definition instanceof CostToServeMetric cost) {
            Interval interval = interval(cost.getWindow(), user);
            BigDecimal total = BigDecimal.ZERO;
            for (EventCost each : cost.getCosts()) {
                long count = events(user).stream()
                        .filter(e -> interval.contains(e.time()) && e.name().equals(each.getEvent())).count();
                total = total.add(each.getAmount().multiply(BigDecimal.valueOf(count)));
            }
            return total;
        }
        throw new IllegalArgumentException("unknown metric " + metric.getName());
    }

    // ------------------------------------------------------------------ aggregates, windows, matching

    private BigDecimal aggregate(io.sextant.dsl.seg.Aggregate kind, EventFilter filter, String property, Interval window,
            User user) {
        List<Event> matching = events(user).stream().filter(e -> window.contains(e.time()) && matches(e, filter)).toList();
        switch (kind) {
            case COUNT:
                return BigDecimal.valueOf(matching.size());
            case DISTINCT_DAYS:
                Set<LocalDate> days = new HashSet<>();
                matching.forEach(e -> days.add(e.time().toLocalDate()));
                return BigDecimal.valueOf(days.size());
            default:
                break;
        }
        List<BigDecimal> values = new ArrayList<>();
        for (Event event : matching) {
            Object value = event.properties().get(property);
            if (value != null) {
                values.add((BigDecimal) value);
            }
        }
        switch (kind) {
            case SUM:
                return values.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            case AVG:
                return values.isEmpty() ? null
                        : values.stream().reduce(BigDecimal.ZERO, BigDecimal::add)
                                .divide(BigDecimal.valueOf(values.size()), MathContext.DECIMAL128);
            case MIN:
                return values.stream().min(BigDecimal::compareTo).orElse(null);
            case MAX:
                return values.stream().max(BigDecimal::compareTo).orElse(null);
            default:
                throw new IllegalArgumentException(kind.toString());
        }
    }

    private Interval interval(Window window, User user) {
        if (window == null) {
            return new Interval(null, asOf);
        }
        long hours = hours(window.getLength(), window.getUnit());
        if (window.getAnchor() == null) {
            return new Interval(asOf.minusHours(hours), asOf);
        }
        LocalDateTime anchor = anchor(window.getAnchor(), user);
        if (anchor == null) {
            return Interval.NONE;
        }
        if (window.getDirection() == WindowDirection.BEFORE) {
            return cut(anchor.minusHours(hours), anchor);
        }
        return cut(anchor, anchor.plusHours(hours));
    }

    private Interval cut(LocalDateTime start, LocalDateTime end) {
        return new Interval(start, end.isAfter(asOf) ? asOf : end);
    }

    private LocalDateTime anchor(io.sextant.dsl.seg.Anchor anchor, User user) {
        if (anchor instanceof FirstEventAnchor first) {
            return events(user).stream()
                    .filter(e -> e.name().equals(first.getEvent()) && passes(e, first.getFilters())).map(Event::time)
                    .min(LocalDateTime::compareTo).orElse(null);
        }
        return user.signup();
    }

    private static long hours(BigDecimal length, TimeUnit unit) {
        long perUnit = switch (unit) {
            case HOURS -> 1;
            case DAYS -> 24;
            case WEEKS -> 168;
        };
        return length.longValueExact() * perUnit;
    }

    private List<Event> events(User user) {
        return eventsByUser.getOrDefault(user.id(), List.of());
    }

    private boolean matches(Event event, EventFilter filter) {
        if (!filter.isAnyEvent() && !event.name().equals(filter.getEvent())) {
            return false;
        }
        return passes(event, filter.getFilters());
    }

    private boolean passes(Event event, List<PropertyFilter> filters) {
        for (PropertyFilter test : filters) {
            Object value = event.properties().get(test.getProperty());
            boolean passes = test.getValue() != null ? compare(value, test.getOp(), literal(test.getValue()))
                    : in(value, test.getValues());
            if (!passes) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ values

    private boolean in(Object value, List<Literal> values) {
        return values.stream().anyMatch(v -> compare(value, ComparisonOperator.EQ, literal(v)));
    }

    /** A comparison; false whenever either side is missing. */
    @SuppressWarnings({ "unchecked", "rawtypes" })
    private static boolean compare(Object left, ComparisonOperator op, Object right) {
        if (left == null || right == null) {
            return false;
        }
        int order = ((Comparable) left).compareTo(right);
        if (left instanceof String text) {
            order = codePointOrder(text, (String) right);
        }
        return switch (op) {
            case EQ -> order == 0;
            case NE -> order != 0;
            case LT -> order < 0;
            case LE -> order <= 0;
            case GT -> order > 0;
            case GE -> order >= 0;
        };
    }

    /** Texts order by their characters' code points (the language's order, independent of any locale). */
    private static int codePointOrder(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static Object literal(Literal literal) {
        if (literal instanceof StringLiteral text) {
            return text.getValue();
        }
        if (literal instanceof NumberLiteral number) {
            return number.getValue();
        }
        if (literal instanceof BooleanLiteral bool) {
            return bool.isValue();
        }
        if (literal instanceof DateLiteral date) {
            String text = date.getValue();
            return text.contains("T") ? LocalDateTime.parse(text) : LocalDate.parse(text).atStartOfDay();
        }
        throw new IllegalArgumentException("unknown literal " + literal);
    }
}
