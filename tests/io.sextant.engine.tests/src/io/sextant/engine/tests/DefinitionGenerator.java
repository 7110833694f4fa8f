package io.sextant.engine.tests;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.sextant.dsl.context.ValueType;

/**
 * Random segment and metric definitions, as .seg text, over the fixture's events, properties and attributes:
 * every condition (attribute comparisons, in, is null, every aggregate with every window kind, did and not did,
 * sequences of two and three steps, in segment, and/or/not), every metric kind, event filters with every
 * operator and literal type. Seeded, so a failure is reproduced by the seed.
 */
public final class DefinitionGenerator {

    /** Texts compared with: the fixture's values (some look like SQL) and a few it does not have. */
    private static final List<String> TEXT_VALUES = new ArrayList<>();
    static {
        TEXT_VALUES.addAll(EventFixture.TEXTS);
        TEXT_VALUES.addAll(EventFixture.FEATURES);
        TEXT_VALUES.addAll(List.of("pro", "free", "team", "USD", "EUR", "", "zz"));
    }

    private final Random random;
    /** Whether the forms added later (first occurrence, any event, windows before an anchor) are generated too. */
    private final boolean newForms;
    /** Put before every definition's name, so that two generated files can share a project. */
    private final String prefix;
    private final List<String> plainMetrics = new ArrayList<>();
    private final List<String> segments = new ArrayList<>();
    private final List<String> metrics = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();

    public DefinitionGenerator(long seed) {
        this(seed, false, "");
    }

    /**
     * With {@code newForms}, also {@code first E <window>}, {@code first E at least N units after A},
     * {@code any event} (with and without filters) and windows {@code before signup} / {@code before first "e"},
     * and anchors {@code first "e" [filters]}. Without it the same seed gives the same file as before they existed.
     */
    public DefinitionGenerator(long seed, boolean newForms, String prefix) {
        this.random = new Random(seed);
        this.newForms = newForms;
        this.prefix = prefix;
    }

    /** A file of {@code segmentCount} segments and {@code metricCount} metrics. */
    public String file(int segmentCount, int metricCount) {
        for (int i = 0; i < segmentCount; i++) {
            String name = prefix + "S" + i;
            text.append("segment ").append(name).append(" {\n    owner \"tests\"\n    where ")
                    .append(condition(1 + random.nextInt(3))).append("\n}\n\n");
            segments.add(name);
        }
        for (int i = 0; i < metricCount; i++) {
            String name = prefix + "M" + i;
            text.append("metric ").append(name).append(" {\n    owner \"tests\"\n    ").append(metric())
                    .append("\n}\n\n");
            metrics.add(name);
            if (!text.substring(text.lastIndexOf("metric " + name)).contains("ratio ")) {
                plainMetrics.add(name);
            }
        }
        return text.toString();
    }

    // ------------------------------------------------------------------ conditions

    private String condition(int depth) {
        if (depth > 0 && random.nextInt(3) > 0) {
            return switch (random.nextInt(4)) {
                case 0 -> "(" + condition(depth - 1) + " or " + condition(depth - 1) + ")";
                case 1 -> "not " + atomOrGroup(depth - 1);
                default -> condition(depth - 1) + " and " + condition(depth - 1);
            };
        }
        return atom();
    }

    private String atomOrGroup(int depth) {
        return depth > 0 && random.nextBoolean() ? "(" + condition(depth) + ")" : atom();
    }

    private String atom() {
        if (newForms && random.nextInt(3) == 0) {
            return firstCondition();
        }
        int kind = random.nextInt(segments.isEmpty() ? 11 : 12);
        return switch (kind) {
            case 0, 1 -> attribute();
            case 2, 3, 4, 5 -> aggregate();
            case 6, 7 -> "did " + eventFilter() + optionalWindow();
            case 8 -> "not did " + eventFilter() + optionalWindow();
            case 9, 10 -> sequence();
            default -> "in segment " + segments.get(random.nextInt(segments.size()));
        };
    }

    private String attribute() {
        List<String> names = new ArrayList<>(EventFixture.ATTRIBUTES.keySet());
        names.add("signup_time");
        String name = names.get(random.nextInt(names.size()));
        ValueType type = "signup_time".equals(name) ? ValueType.TIMESTAMP : EventFixture.ATTRIBUTES.get(name);
        return "user." + name + " " + test(type);
    }

    /** A comparison, an in-list or a null test of a value of this type. */
    private String test(ValueType type) {
        int kind = random.nextInt(10);
        if (kind == 0) {
            return random.nextBoolean() ? "is null" : "is not null";
        }
        if (kind <= 2 && type != ValueType.BOOLEAN) {
            int n = 1 + random.nextInt(3);
            List<String> values = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                values.add(literal(type));
            }
            return "in (" + String.join(", ", values) + ")";
        }
        String op = type == ValueType.BOOLEAN ? pick("=", "!=") : pick("=", "!=", "<", "<=", ">", ">=");
        return op + " " + literal(type);
    }

    /** A property filter: like {@link #test} without the null tests, which event filters do not have. */
    private String propertyTest(ValueType type) {
        String test;
        do {
            test = test(type);
        } while (test.startsWith("is"));
        return test;
    }

    private String literal(ValueType type) {
        return switch (type) {
            case TEXT -> quote(TEXT_VALUES.get(random.nextInt(TEXT_VALUES.size())));
            case NUMBER -> number();
            case BOOLEAN -> pick("true", "false");
            case TIMESTAMP -> "date \"" + pick("2026-01-15", "2026-02-01", "2026-03-01T12:00:00", "2026-03-25",
                    "2026-03-31", "2026-04-01", "2025-12-31T23:00:00") + "\"";
        };
    }

    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }


    private String number() {
        return switch (random.nextInt(5)) {
            case 0 -> String.valueOf(random.nextInt(5));
            case 1 -> String.valueOf(random.nextInt(200) - 10);
            case 2 -> BigDecimal.valueOf(random.nextInt(20000) - 1000, 2).toPlainString();
            case 3 -> "0.5";
            default -> String.valueOf(random.nextInt(40));
        };
    }

    private String aggregate() {
        String kind = pick("count", "count", "sum", "avg", "min", "max", "distinct-days");
        boolean numeric = !kind.equals("count") && !kind.equals("distinct-days");
        String event = numeric ? pick("purchase", "purchase", "api_call") : null;
        String filter = numeric ? eventFilter(event) : eventFilter();
        String property = numeric ? "." + ("api_call".equals(event) ? "items" : pick("amount", "amount", "items")) : "";
        String value = switch (kind) {
            case "count", "distinct-days" -> String.valueOf(random.nextInt(6));
            default -> number();
        };
        return kind + " " + filter + property + optionalWindow() + " " + pick("=", "!=", "<", "<=", ">", ">=") + " "
                + value;
    }

    private String sequence() {
        int steps = 2 + random.nextInt(2);
        List<String> filters = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            filters.add(eventFilter());
        }
        return String.join(" then ", filters) + " within " + length();
    }

    private String eventFilter() {
        if (newForms && random.nextInt(4) == 0) {
            return eventFilter(null);
        }
        return eventFilter(pick(EventFixture.EVENTS.toArray(String[]::new)));
    }

    /** first E in a window, or at least N units after an anchor. */
    private String firstCondition() {
        String event = eventFilter();
        if (random.nextInt(4) == 0) {
            return "first " + event + " at least " + length() + " after " + anchor();
        }
        return "first " + event + window();
    }

    /** signup, or the first event of a name (sometimes with filters). */
    private String anchor() {
        if (random.nextBoolean()) {
            return "signup";
        }
        String event = pick("signed_up", "purchase", "feature_viewed");
        String filters = "";
        if (random.nextInt(3) == 0) {
            filters = " [amount " + propertyTest(ValueType.NUMBER) + "]";
            if ("feature_viewed".equals(event)) {
                filters = " [feature " + propertyTest(ValueType.TEXT) + "]";
            }
        }
        return "first \"" + event + "\"" + filters;
    }

    /** An event filter of the event (any event when null). */
    private String eventFilter(String event) {
        String name = event == null ? "any event" : quote(event);
        if (random.nextInt(3) > 0) {
            return name;
        }
        List<String> tests = new ArrayList<>();
        List<Map.Entry<String, ValueType>> properties = new ArrayList<>(EventFixture.PROPERTIES.entrySet());
        int n = 1 + random.nextInt(2);
        for (int i = 0; i < n; i++) {
            Map.Entry<String, ValueType> property = properties.get(random.nextInt(properties.size()));
            tests.add(property.getKey() + " " + propertyTest(property.getValue()));
        }
        return name + " [" + String.join(", ", tests) + "]";
    }

    private String optionalWindow() {
        if (newForms && random.nextInt(3) == 0) {
            return switch (random.nextInt(3)) {
                case 0 -> " within " + length() + " before signup";
                case 1 -> " within " + length() + " before " + anchor();
                default -> " within " + length() + " after " + anchor();
            };
        }
        return switch (random.nextInt(5)) {
            case 0 -> "";
            case 1 -> " within " + length();
            case 2, 3 -> " within " + length() + " after signup";
            default -> " within " + length() + " after first \"" + pick("signed_up", "purchase", "feature_viewed") + "\"";
        };
    }

    private String window() {
        String window = optionalWindow();
        return window.isEmpty() ? " within " + length() : window;
    }

    private String length() {
        return switch (random.nextInt(3)) {
            case 0 -> (1 + random.nextInt(48)) + " hours";
            case 1 -> (1 + random.nextInt(30)) + " days";
            default -> (1 + random.nextInt(4)) + " weeks";
        };
    }

    // ------------------------------------------------------------------ metrics

    private String metric() {
        int kind = random.nextInt(plainMetrics.size() < 2 ? 7 : 8);
        return switch (kind) {
            case 0, 1 -> {
                String aggregate = pick("count", "sum", "avg", "min", "max", "distinct-days");
                boolean numeric = !aggregate.equals("count") && !aggregate.equals("distinct-days");
                yield aggregate + " " + (numeric ? eventFilter("purchase") + "." + pick("amount", "items") : eventFilter())
                        + optionalWindow();
            }
            case 2 -> "retention on day " + (1 + random.nextInt(10)) + " after "
                    + pick("signup", "first \"signed_up\"", "first \"purchase\"")
                    + (random.nextBoolean() ? " active means " + eventFilter() : "");
            case 3 -> "conversion did " + eventFilter() + window();
            case 4 -> "lifetime value " + eventFilter("purchase") + ".amount over " + length();
            case 5, 6 -> {
                List<String> costs = new ArrayList<>();
                int n = 1 + random.nextInt(3);
                for (int i = 0; i < n; i++) {
                    costs.add("\"" + pick("api_call", "page_viewed", "export_created", "purchase", "task_completed")
                            + "\" costs " + pick("0.002", "0.5", "1", "0.0125", "3"));
                }
                yield "cost to serve" + (random.nextBoolean() ? window() : "") + " { " + String.join(", ", costs) + " }";
            }
            // the parts of a ratio are plain metrics: a ratio of ratios has no meaning in the reference
            default -> "ratio " + plainMetrics.get(random.nextInt(plainMetrics.size())) + " / "
                    + plainMetrics.get(random.nextInt(plainMetrics.size()));
        };
    }

    private String pick(String... values) {
        return values[random.nextInt(values.length)];
    }
}
