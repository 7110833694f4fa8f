package io.sextant.engine.internal;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import io.sextant.dsl.context.ValueType;

/**
 * The meaning of segments and metrics as the language reference states it, independent of any SQL: names are
 * resolved, property references point at their typed columns, literals are typed Java values (String,
 * BigDecimal, LocalDateTime, Boolean) and windows are exact durations in hours. The SQL compiler turns a plan
 * into a query for one dialect.
 */
public final class LogicalPlan {

    private LogicalPlan() {
    }

    /** A column of the events or users table: a base column (unquoted) or a property column (quoted). */
    public record Column(String name, ValueType type, boolean quoted) {
    }

    public enum Operator {
        EQ, NE, LT, LE, GT, GE
    }

    public enum AggregateKind {
        COUNT, SUM, AVG, MIN, MAX, DISTINCT_DAYS
    }

    // ------------------------------------------------------------------ windows

    /** Where a window starts (or ends): the user's signup, or their first event of a name before T. */
    public sealed interface Anchor permits Signup, FirstEvent {
    }

    public record Signup() implements Anchor {
    }

    /** The time of the user's first event of this name before T whose properties pass every test. */
    public record FirstEvent(String event, List<ValueTest> tests) implements Anchor {
        public FirstEvent(String event) {
            this(event, List.of());
        }

        public EventMatch match() {
            return new EventMatch(event, tests);
        }
    }

    /** The events a window admits; every window also ends at the as-of instant T. */
    public sealed interface Window permits AllBefore, Trailing, AfterAnchor, BeforeAnchor, LaterThan {
    }

    /** No window: every event before T. */
    public record AllBefore() implements Window {
    }

    /** [T - hours, T). */
    public record Trailing(long hours) implements Window {
    }

    /** [anchor, anchor + hours), cut at T; no anchor, no window. */
    public record AfterAnchor(Anchor anchor, long hours) implements Window {
    }

    /** [anchor - hours, anchor), cut at T; no anchor, no window. */
    public record BeforeAnchor(Anchor anchor, long hours) implements Window {
    }

    /** [anchor + hours, T): at least {@code hours} after the anchor; no anchor, no window. */
    public record LaterThan(Anchor anchor, long hours) implements Window {
    }

    // ------------------------------------------------------------------ events

    /** A test of one property of an event (or attribute of a user): compare with a value, or membership in a list. */
    public sealed interface ValueTest permits Compare, InList {
        Column column();
    }

    public record Compare(Column column, Operator operator, Object value) implements ValueTest {
    }

    public record InList(Column column, List<Object> values) implements ValueTest {
    }

    /** Events of one name whose properties pass every test. */
    /** An experiment's assignment: the events that assign (name and filters) and the property naming the variant. */
    public record Assignment(EventMatch match, Column variant) {
    }

    /** Events of one name (of any name when {@code event} is null) whose properties pass every test. */
    public record EventMatch(String event, List<ValueTest> tests) {
    }

    // ------------------------------------------------------------------ conditions

    public sealed interface Condition
            permits AttributeTest, AttributeNull, Aggregate, Sequence, Membership, First, And, Or, Not {
    }

    /** user.a op v, user.a in (...): false when the attribute is null. */
    public record AttributeTest(ValueTest test) implements Condition {
    }

    /** user.a is null / is not null. */
    public record AttributeNull(Column column, boolean isNull) implements Condition {
    }

    /** An aggregate of matching events in a window compared with a number; {@code did} is count >= 1. */
    public record Aggregate(AggregateKind kind, EventMatch match, Column property, Window window, Operator operator,
            BigDecimal value) implements Condition {
    }

    /** Events matching the steps in this order, strictly increasing times, the last less than {@code hours} after the first. */
    public record Sequence(List<EventMatch> steps, long hours) implements Condition {
    }

    public record Membership(SegmentPlan segment) implements Condition {
    }

    /** The user's first event matching {@code match} before T lies in the window (false without one). */
    public record First(EventMatch match, Window window) implements Condition {
    }

    public record And(List<Condition> operands) implements Condition {
    }

    public record Or(List<Condition> operands) implements Condition {
    }

    public record Not(Condition operand) implements Condition {
    }

    /** A segment: its qualified name (for messages and table names) and its condition. */
    public record SegmentPlan(String name, Condition condition) {
    }

    // ------------------------------------------------------------------ metrics

    public sealed interface MetricPlan permits AggregateMetric, Retention, Conversion, CostToServe, Ratio {
    }

    /** An aggregate per user (lifetime value is a sum after signup). */
    public record AggregateMetric(AggregateKind kind, EventMatch match, Column property, Window window)
            implements MetricPlan {
    }

    /** 1 if active in [anchor + day days, anchor + day + 1 days), else 0; null until that day has ended. */
    public record Retention(int day, Anchor anchor, EventMatch active) implements MetricPlan {
    }

    /** 1 if a matching event lies in the window, else 0; null until the window has ended. */
    public record Conversion(EventMatch match, Window window) implements MetricPlan {
    }

    /** The sum over the listed events of their number in the window times their cost. */
    public record CostToServe(Window window, Map<String, BigDecimal> costs) implements MetricPlan {
    }

    /** A ratio of sums over a group of users: both parts are computed per user. */
    public record Ratio(MetricPlan numerator, MetricPlan denominator) implements MetricPlan {
    }
}
