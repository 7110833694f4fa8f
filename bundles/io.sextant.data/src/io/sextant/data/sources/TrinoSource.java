package io.sextant.data.sources;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.sextant.data.EventDataSource;
import io.sextant.data.catalog.DataCatalog;
import io.sextant.data.catalog.EventSummary;
import io.sextant.data.catalog.PropertySummary;
import io.sextant.data.catalog.internal.PiiHeuristics;

/**
 * What Sextant asks of a Trino data source besides the engine's queries: the check that its settings fit the
 * server ({@link #check}) and the catalog derived from the events where they are ({@link #deriveCatalog}).
 * Failures are one line that names the setting: {@link #describe}.
 */
public final class TrinoSource {

    private TrinoSource() {
    }

    /** A Trino source that does not answer as its settings say; the message is one line naming the setting. */
    public static final class TrinoSourceException extends Exception {
        private static final long serialVersionUID = 1L;

        public TrinoSourceException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The result of {@link #check}: the layout and the events table's row count and time range. */
    public record Check(TrinoLayout layout, long events, LocalDateTime first, LocalDateTime last) {
        public String describe() {
            return "trino " + layout.eventsTableName() + ": " + events + " events" + (first == null ? ""
                    : " from " + first + " to " + last) + ", " + layout.properties().size() + " properties"
                    + (layout.usersTableName() == null ? "" : ", users in " + layout.usersTableName() + " with "
                            + layout.attributes().size() + " attributes")
                    + (layout.skipped().isEmpty() ? "" : "; columns of no Sextant type left out: "
                            + String.join(", ", layout.skipped()));
        }
    }

    /** The layout of the source's tables, checked against its settings. */
    public static TrinoLayout layout(EventDataSource source) throws TrinoSourceException {
        TrinoSettings settings = settings(source);
        try (Connection connection = source.open()) {
            return TrinoLayout.read(connection, settings);
        } catch (SQLException e) {
            throw new TrinoSourceException(describe(settings, e), e);
        }
    }

    /**
     * Connects, checks the tables and columns the settings name, and runs a test query over the mapped columns
     * (count and time range of the events). Writes nothing.
     */
    public static Check check(EventDataSource source) throws TrinoSourceException {
        TrinoSettings settings = settings(source);
        try (Connection connection = source.open()) {
            TrinoLayout layout = TrinoLayout.read(connection, settings);
            String events = layout.eventsSql() == null ? layout.eventsTableName() : "(" + layout.eventsSql() + ")";
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT count(*), min(event_time), max(event_time)"
                            + " FROM " + events + " AS e")) {
                rows.next();
                return new Check(layout, rows.getLong(1), rows.getObject(2, LocalDateTime.class),
                        rows.getObject(3, LocalDateTime.class));
            }
        } catch (SQLException e) {
            throw new TrinoSourceException(describe(settings, e), e);
        }
    }

    /**
     * Makes the Trino source of {@code settings} the project's: checks it on the server first ({@link #check}) and
     * writes the settings only when the check passed, forgetting a catalog kept for other settings. A failure is
     * one line naming the setting, and the project is left as it was.
     */
    public static Check checkAndSave(java.nio.file.Path projectFolder, TrinoSettings settings, String password)
            throws TrinoSourceException {
        Check check = check(EventDataSource.trino(settings, password));
        try {
            settings.save(projectFolder);
            TrinoCatalogCache.clear(projectFolder);
        } catch (java.io.IOException e) {
            throw new TrinoSourceException("cannot write " + TrinoSettings.file(projectFolder) + ": " + e.getMessage(), e);
        }
        return check;
    }

    /**
     * The catalog derived on the server: per event its volume, users (approx_distinct), first and last seen, and
     * per property the events with a value and its distinct values (approximate); the user attributes likewise.
     * Two queries, each one scan. PII flags by the property's name (values are not sampled from a lake).
     */
    public static DataCatalog deriveCatalog(EventDataSource source) throws TrinoSourceException {
        TrinoSettings settings = settings(source);
        try (Connection connection = source.open()) {
            TrinoLayout layout = TrinoLayout.read(connection, settings);
            List<TrinoLayout.Column> properties = new ArrayList<>(layout.properties().values());
            List<String> names = new ArrayList<>(layout.properties().keySet());
            StringBuilder select = new StringBuilder("SELECT event_name, count(*), approx_distinct(user_id),"
                    + " min(event_time), max(event_time)");
            for (TrinoLayout.Column column : properties) {
                String c = TrinoLayout.quote(column.name());
                select.append(", count(").append(c).append("), approx_distinct(").append(c).append(')');
            }
            String events = layout.eventsSql() == null ? layout.eventsTableName() : "(" + layout.eventsSql() + ")";
            select.append(" FROM ").append(events).append(" AS e GROUP BY event_name ORDER BY event_name");
            List<EventSummary> summaries = new ArrayList<>();
            try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(select.toString())) {
                while (rows.next()) {
                    List<PropertySummary> present = new ArrayList<>();
                    for (int i = 0; i < properties.size(); i++) {
                        long count = rows.getLong(6 + 2 * i);
                        if (count > 0) {
                            present.add(new PropertySummary(names.get(i), properties.get(i).type(), count,
                                    rows.getLong(7 + 2 * i), PiiHeuristics.byName(names.get(i)) != null,
                                    PiiHeuristics.byName(names.get(i)), null));
                        }
                    }
                    summaries.add(new EventSummary(rows.getString(1), rows.getLong(2), rows.getLong(3),
                            instant(rows.getObject(4, LocalDateTime.class)), instant(rows.getObject(5, LocalDateTime.class)),
                            present));
                }
            }
            List<PropertySummary> attributes = new ArrayList<>();
            if (layout.usersTableName() != null) {
                // the signup time is an attribute as in the embedded catalog (user.signup_time)
                String signup = settings.signupColumn() == null ? "CAST(NULL AS timestamp(6))"
                        : TrinoLayout.quote(settings.signupColumn());
                StringBuilder users = new StringBuilder("SELECT count(" + signup + "), approx_distinct(" + signup + ")");
                for (TrinoLayout.Column column : layout.attributes().values()) {
                    String c = TrinoLayout.quote(column.name());
                    users.append(", count(").append(c).append("), approx_distinct(").append(c).append(')');
                }
                users.append(" FROM ").append(layout.usersTableName());
                try (Statement statement = connection.createStatement();
                        ResultSet rows = statement.executeQuery(users.toString())) {
                    rows.next();
                    if (settings.signupColumn() != null) {
                        attributes.add(new PropertySummary("signup_time", io.sextant.dsl.context.ValueType.TIMESTAMP,
                                rows.getLong(1), rows.getLong(2), false, null, null));
                    }
                    int i = 0;
                    for (Map.Entry<String, TrinoLayout.Column> attribute : layout.attributes().entrySet()) {
                        String reason = PiiHeuristics.byName(attribute.getKey());
                        attributes.add(new PropertySummary(attribute.getKey(), attribute.getValue().type(),
                                rows.getLong(3 + 2 * i), rows.getLong(4 + 2 * i), reason != null, reason, null));
                        i++;
                    }
                }
            }
            return new DataCatalog(summaries, attributes, Instant.now());
        } catch (SQLException e) {
            throw new TrinoSourceException(describe(settings, e), e);
        }
    }

    /** The events per day (UTC) of the source, for the day analyses are run as of by default. */
    public static java.util.TreeMap<java.time.LocalDate, Long> dailyVolumes(EventDataSource source)
            throws TrinoSourceException {
        TrinoSettings settings = settings(source);
        java.util.TreeMap<java.time.LocalDate, Long> volumes = new java.util.TreeMap<>();
        try (Connection connection = source.open()) {
            TrinoLayout layout = TrinoLayout.read(connection, settings);
            String events = layout.eventsSql() == null ? layout.eventsTableName() : "(" + layout.eventsSql() + ")";
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT CAST(event_time AS date), count(*) FROM " + events
                            + " AS e GROUP BY 1")) {
                while (rows.next()) {
                    volumes.put(rows.getObject(1, java.time.LocalDate.class), rows.getLong(2));
                }
            }
        } catch (SQLException e) {
            throw new TrinoSourceException(describe(settings, e), e);
        }
        return volumes;
    }

    private static Instant instant(LocalDateTime time) {
        return time == null ? null : time.toInstant(ZoneOffset.UTC);
    }

    private static TrinoSettings settings(EventDataSource source) {
        return source.trinoSettings().orElseThrow(() -> new IllegalArgumentException(source + " is not a Trino source"));
    }

    /**
     * One line for a failure of a Trino source, naming the setting it comes from where that can be told: the
     * server unreachable (url), refused credentials (user/password), TLS, a missing catalog, schema, table or
     * column (from {@link TrinoLayout}), a query the cluster killed.
     */
    public static String describe(TrinoSettings settings, SQLException e) {
        if (e instanceof TrinoLayout.LayoutException) {
            return e.getMessage();
        }
        String text = messages(e);
        String lower = text.toLowerCase(Locale.ROOT);
        if (has(e, ConnectException.class) || has(e, UnknownHostException.class) || lower.contains("connection refused")
                || lower.contains("failed to connect") || lower.contains("unknownhost")) {
            return "url: cannot reach the Trino server at " + settings.url() + ": " + firstLine(rootMessage(e));
        }
        if (lower.contains("authentication") || lower.contains("401") || lower.contains("unauthorized")) {
            return "user/password: the Trino server at " + settings.url() + " refused user '" + settings.user()
                    + "' (" + firstLine(rootMessage(e)) + "); the password comes from " + TrinoSettings.PASSWORD_VARIABLE;
        }
        if (lower.contains("ssl") || lower.contains("tls") || lower.contains("certificate")) {
            return "url: TLS with the Trino server at " + settings.url() + " failed: " + firstLine(rootMessage(e));
        }
        if (lower.contains("exceeded") || lower.contains("killed") || lower.contains("resource")) {
            return "the Trino cluster stopped the query: " + firstLine(e.getMessage());
        }
        return "trino " + settings.url() + ": " + firstLine(e.getMessage());
    }

    private static boolean has(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String messages(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            text.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append(' ');
        }
        return text.toString();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        String line = message.strip().split("\\R", 2)[0];
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
