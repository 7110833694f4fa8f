package io.sextant.engine.tests;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.sextant.data.EventDataSource;
import io.sextant.data.EventSchema;
import io.sextant.data.internal.PropertyColumns;
import io.sextant.dsl.context.ValueType;

/**
 * Seeded event data made to find mistakes: times on whole hours and days so that window boundaries are hit
 * exactly, events at T and after it, events at the very instant of signup, equal times (which form no
 * sequence), users without a signup, users who sign up after T, events of unknown users, missing properties,
 * and texts that look like SQL. The same rows are loaded into every engine and read by the reference
 * evaluator.
 */
public final class EventFixture {

    /** The as-of date of the tests; T is 2026-04-01T00:00. */
    public static final LocalDate AS_OF = LocalDate.of(2026, 3, 31);
    public static final LocalDateTime T = AS_OF.plusDays(1).atStartOfDay();

    public static final List<String> EVENTS = List.of("signed_up", "page_viewed", "feature_viewed", "task_completed",
            "purchase", "plan_upgraded", "api_call", "x'); DROP TABLE events; --");

    /** Event properties and their types. */
    public static final Map<String, ValueType> PROPERTIES = ordered("amount", ValueType.NUMBER, "items",
            ValueType.NUMBER, "plan", ValueType.TEXT, "currency", ValueType.TEXT, "feature", ValueType.TEXT,
            "premium", ValueType.BOOLEAN, "seen_at", ValueType.TIMESTAMP);

    /** User attributes and their types (signup_time comes with every user). */
    public static final Map<String, ValueType> ATTRIBUTES = ordered("country", ValueType.TEXT, "plan", ValueType.TEXT,
            "age", ValueType.NUMBER, "vip", ValueType.BOOLEAN, "trial_end", ValueType.TIMESTAMP);

    public static final List<String> TEXTS = List.of("US", "DE", "fr", "Zoe", "pro", "free", "team", "EUR", "USD",
            "O'Brien", "a\"b", "/* c */", "; DELETE FROM users;", "-- x", "back\\slash", "é");
    public static final List<String> FEATURES = List.of("search", "export", "share", "tour", "O'Brien");

    public record User(String id, LocalDateTime signup, Map<String, Object> attributes) {
    }

    public record Event(String user, String name, LocalDateTime time, Map<String, Object> properties) {
    }

    public final List<User> users = new ArrayList<>();
    public final List<Event> events = new ArrayList<>();

    /** The data of the differential test: a few hundred users with a few dozen events each. */
    public static EventFixture generate(long seed, int userCount) {
        EventFixture fixture = new EventFixture();
        Random random = new Random(seed);
        LocalDateTime start = LocalDateTime.of(2026, 1, 1, 0, 0);
        for (int i = 0; i < userCount; i++) {
            String id = "u" + i;
            LocalDateTime signup;
            int kind = random.nextInt(20);
            if (kind == 0) {
                signup = null; // no signup time
            } else if (kind == 1) {
                signup = T.plusHours(random.nextInt(240)); // signs up after T: not a user yet
            } else if (kind < 5) {
                signup = T.minusDays(1 + random.nextInt(10)); // a window still open at T
            } else {
                signup = start.plusHours(random.nextInt(24 * 85));
            }
            Map<String, Object> attributes = new HashMap<>();
            maybe(random, attributes, "country", pick(random, TEXTS));
            maybe(random, attributes, "plan", pick(random, List.of("free", "pro", "team")));
            maybe(random, attributes, "age", BigDecimal.valueOf(16 + random.nextInt(60)));
            maybe(random, attributes, "vip", random.nextBoolean());
            maybe(random, attributes, "trial_end", start.plusDays(random.nextInt(120)));
            fixture.users.add(new User(id, signup, attributes));
            LocalDateTime base = signup != null ? signup : start.plusDays(random.nextInt(80));
            int count = random.nextInt(45);
            LocalDateTime previous = base;
            for (int e = 0; e < count; e++) {
                LocalDateTime time = switch (random.nextInt(8)) {
                    case 0 -> base; // at the instant of signup
                    case 1 -> previous; // the same instant as the event before: no sequence
                    case 2 -> base.plusDays(random.nextInt(15)); // on whole days: window ends hit exactly
                    case 3 -> T.minusHours(random.nextInt(3)); // at T and just before it
                    case 4 -> base.minusHours(1 + random.nextInt(48)); // before signup
                    default -> base.plusHours(random.nextInt(24 * 40)).plusMinutes(random.nextInt(4) * 15);
                };
                previous = time;
                // the event whose name looks like SQL is rare, as such names are
                String name = random.nextInt(40) == 0 ? EVENTS.get(EVENTS.size() - 1)
                        : EVENTS.get(random.nextInt(EVENTS.size() - 1));
                fixture.events.add(new Event(id, name, time, properties(random, name, start)));
            }
        }
        // events of a user the users table does not know: never in a segment
        fixture.events.add(new Event("ghost", "purchase", T.minusDays(2), Map.of("amount", new BigDecimal("5.00"))));
        return fixture;
    }

    private static Map<String, Object> properties(Random random, String name, LocalDateTime start) {
        Map<String, Object> properties = new HashMap<>();
        switch (name) {
            case "purchase" -> {
                maybe(random, properties, "amount", BigDecimal.valueOf(random.nextInt(20000) - 1000, 2));
                maybe(random, properties, "items", BigDecimal.valueOf(random.nextInt(6)));
                maybe(random, properties, "currency", pick(random, List.of("USD", "EUR", "O'Brien")));
                maybe(random, properties, "premium", random.nextBoolean());
            }
            case "plan_upgraded" -> maybe(random, properties, "plan", pick(random, List.of("pro", "team", "free")));
            case "feature_viewed", "page_viewed" -> {
                maybe(random, properties, "feature", pick(random, FEATURES));
                maybe(random, properties, "seen_at", start.plusDays(random.nextInt(100)));
            }
            case "api_call" -> maybe(random, properties, "items", BigDecimal.valueOf(random.nextInt(4)));
            default -> maybe(random, properties, "feature", pick(random, TEXTS));
        }
        return properties;
    }

    private static void maybe(Random random, Map<String, Object> values, String name, Object value) {
        if (random.nextInt(6) != 0) {
            values.put(name, value);
        }
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static Map<String, ValueType> ordered(Object... pairs) {
        Map<String, ValueType> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (ValueType) pairs[i + 1]);
        }
        return map;
    }

    /** Writes the fixture into an empty data source: its schema, one typed column per property, the rows. */
    public void load(EventDataSource source) throws SQLException {
        try (Connection connection = source.open()) {
            Map<String, PropertyColumns.Column> eventColumns = new LinkedHashMap<>();
            for (Map.Entry<String, ValueType> property : PROPERTIES.entrySet()) {
                PropertyColumns.add(connection, source.dialect(), EventSchema.OWNER_EVENTS, property.getKey(),
                        property.getValue(), eventColumns);
            }
            Map<String, PropertyColumns.Column> userColumns = new LinkedHashMap<>();
            for (Map.Entry<String, ValueType> attribute : ATTRIBUTES.entrySet()) {
                PropertyColumns.add(connection, source.dialect(), EventSchema.OWNER_USERS, attribute.getKey(),
                        attribute.getValue(), userColumns);
            }
            connection.setAutoCommit(false);
            insertUsers(connection, source, userColumns);
            insertEvents(connection, source, eventColumns);
            connection.commit();
        }
    }

    private void insertUsers(Connection connection, EventDataSource source, Map<String, PropertyColumns.Column> columns)
            throws SQLException {
        StringBuilder sql = new StringBuilder("INSERT INTO users (user_id, signup_time, import_id");
        for (PropertyColumns.Column column : columns.values()) {
            sql.append(", ").append(source.dialect().quote(column.columnName()));
        }
        sql.append(") VALUES (?, ?, 1").append(", ?".repeat(columns.size())).append(")");
        try (PreparedStatement insert = connection.prepareStatement(sql.toString())) {
            for (User user : users) {
                insert.setString(1, user.id());
                insert.setObject(2, user.signup());
                int i = 3;
                for (String attribute : columns.keySet()) {
                    insert.setObject(i++, user.attributes().get(attribute));
                }
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private void insertEvents(Connection connection, EventDataSource source, Map<String, PropertyColumns.Column> columns)
            throws SQLException {
        StringBuilder sql = new StringBuilder("INSERT INTO events (dedup_key, user_id, event_name, event_time, import_id");
        for (PropertyColumns.Column column : columns.values()) {
            sql.append(", ").append(source.dialect().quote(column.columnName()));
        }
        sql.append(") VALUES (?, ?, ?, ?, 1").append(", ?".repeat(columns.size())).append(")");
        Random keys = new Random(1);
        try (PreparedStatement insert = connection.prepareStatement(sql.toString())) {
            int batch = 0;
            for (Event event : events) {
                insert.setLong(1, keys.nextLong()); // the dedup key: any distinct number
                insert.setString(2, event.user());
                insert.setString(3, event.name());
                insert.setObject(4, event.time());
                int i = 5;
                for (String property : columns.keySet()) {
                    insert.setObject(i++, event.properties().get(property));
                }
                insert.addBatch();
                if (++batch % 5000 == 0) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
        }
    }

    /** The attribute of a user by the name the language uses (signup_time included). */
    public static Object attribute(User user, String name) {
        return "signup_time".equals(name) ? user.signup() : user.attributes().get(name);
    }
}
