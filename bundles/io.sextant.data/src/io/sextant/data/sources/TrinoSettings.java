package io.sextant.data.sources;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

import io.sextant.data.EventDataSource;

/**
 * A project's Trino data source: where the events are ({@code catalog.schema.table} on a server) and which columns
 * hold what. Kept in {@code <project>/.sextant/datasource.properties}; the password is never in it (the command
 * line reads {@link #PASSWORD_VARIABLE}, the IDE its secure storage).
 *
 * @param url              the server, {@code http://host:port} or {@code https://host:port} (TLS)
 * @param user             the user Trino runs the queries as
 * @param catalog          the catalog of the tables (e.g. {@code lake})
 * @param schema           the schema of the tables
 * @param eventsTable      the events table, one row per event
 * @param usersTable       the users table (one row per user), or null: then the users are those with events
 * @param userIdColumn     the events' user id column (text)
 * @param eventNameColumn  the events' event name column (text)
 * @param timeColumn       the events' time column (a timestamp, UTC)
 * @param propertyPrefix   the columns of the events table that are properties: those whose name starts with it,
 *                         named by the rest (the lake export writes {@code p_<name>}); empty: every column not
 *                         mapped above and not ignored
 * @param ignoredColumns   columns of the events table that are no properties (e.g. a partition column {@code day})
 * @param usersIdColumn    the users table's user id column
 * @param signupColumn     the users table's signup time column, or null
 * @param attributePrefix  like {@code propertyPrefix}, for the users table's attributes (the lake's {@code a_})
 * @param staging          the {@code catalog.schema} where a run stages segment members in tables it drops when
 *                         it ends (Trino has no temporary tables): by default the {@code memory} connector's
 *                         {@code memory.default}
 */
public record TrinoSettings(String url, String user, String catalog, String schema, String eventsTable,
        String usersTable, String userIdColumn, String eventNameColumn, String timeColumn, String propertyPrefix,
        List<String> ignoredColumns, String usersIdColumn, String signupColumn, String attributePrefix,
        String staging) {

    /** The file, inside the project's {@code .sextant} folder. */
    public static final String FILE = "datasource.properties";
    /** The environment variable the command line reads the password from. */
    public static final String PASSWORD_VARIABLE = "SEXTANT_TRINO_PASSWORD";
    /** The kind written into the file. */
    public static final String KIND = "trino";
    public static final String DEFAULT_STAGING = "memory.default";

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_$@-]*");

    public TrinoSettings {
        ignoredColumns = List.copyOf(ignoredColumns);
        propertyPrefix = propertyPrefix == null ? "" : propertyPrefix;
        attributePrefix = attributePrefix == null ? "" : attributePrefix;
        userIdColumn = orDefault(userIdColumn, "user_id");
        eventNameColumn = orDefault(eventNameColumn, "event_name");
        timeColumn = orDefault(timeColumn, "event_time");
        usersIdColumn = orDefault(usersIdColumn, "user_id");
        staging = orDefault(staging, DEFAULT_STAGING);
        usersTable = blankToNull(usersTable);
        signupColumn = blankToNull(signupColumn);
    }

    /** A mistake in the settings, one line naming the setting. */
    public static final class SettingsException extends Exception {
        private static final long serialVersionUID = 1L;

        public SettingsException(String message) {
            super(message);
        }
    }

    /**
     * Checks what can be checked without the server: every required setting given, the URL http or https with a
     * host, names that are SQL identifiers, the staging {@code catalog.schema}. One line naming the setting.
     */
    public TrinoSettings validated() throws SettingsException {
        if (url == null || url.isBlank()) {
            throw new SettingsException("url: the Trino server is missing (e.g. https://trino.example.com:8443)");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new SettingsException("url: '" + url + "' is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new SettingsException("url: '" + url + "' is not http://host:port or https://host:port (TLS)");
        }
        if (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/")) {
            throw new SettingsException("url: '" + url + "' has a path; give the server only (catalog and schema are"
                    + " settings of their own)");
        }
        requireName("user", user);
        requireName("catalog", catalog);
        requireName("schema", schema);
        requireName("events-table", eventsTable);
        requireName("user-id-column", userIdColumn);
        requireName("event-name-column", eventNameColumn);
        requireName("time-column", timeColumn);
        if (usersTable != null) {
            requireName("users-table", usersTable);
            requireName("users-id-column", usersIdColumn);
            if (signupColumn != null) {
                requireName("signup-column", signupColumn);
            }
        }
        for (String ignored : ignoredColumns) {
            requireName("ignore-columns", ignored);
        }
        String[] parts = staging.split("\\.", -1);
        if (parts.length != 2 || !NAME.matcher(parts[0]).matches() || !NAME.matcher(parts[1]).matches()) {
            throw new SettingsException("staging: '" + staging + "' is not catalog.schema (e.g. memory.default)");
        }
        return this;
    }

    private static void requireName(String setting, String value) throws SettingsException {
        if (value == null || value.isBlank()) {
            throw new SettingsException(setting + ": missing");
        }
        if (!setting.equals("user") && !NAME.matcher(value).matches()) {
            throw new SettingsException(setting + ": '" + value + "' is not a plain SQL name (letters, digits, _)");
        }
    }

    /** Whether the URL asks for TLS. */
    public boolean tls() {
        return url.strip().toLowerCase(Locale.ROOT).startsWith("https:");
    }

    /** The JDBC URL of the server, with the catalog and schema as the session's defaults. */
    public String jdbcUrl() {
        URI uri = URI.create(url.strip());
        int port = uri.getPort() > 0 ? uri.getPort() : tls() ? 443 : 80;
        return "jdbc:trino://" + uri.getHost() + ":" + port + "/" + catalog + "/" + schema;
    }

    /** The stored file of a project. */
    public static Path file(Path projectFolder) {
        return projectFolder.resolve(EventDataSource.PROJECT_FOLDER).resolve(FILE);
    }

    /** The project's settings, if it has a Trino data source. */
    public static Optional<TrinoSettings> load(Path projectFolder) throws SettingsException {
        Path file = file(projectFolder);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(reader);
        } catch (IOException e) {
            throw new SettingsException(file + ": cannot be read: " + e.getMessage());
        }
        String kind = p.getProperty("kind", "");
        if (!KIND.equals(kind)) {
            throw new SettingsException(file + ": kind '" + kind + "' is not a data source kind Sextant knows (trino)");
        }
        List<String> ignored = new ArrayList<>();
        for (String column : p.getProperty("events.ignore", "").split(",")) {
            if (!column.isBlank()) {
                ignored.add(column.strip());
            }
        }
        try {
            return Optional.of(new TrinoSettings(p.getProperty("url"), p.getProperty("user"), p.getProperty("catalog"),
                    p.getProperty("schema"), p.getProperty("events.table"), p.getProperty("users.table"),
                    p.getProperty("events.user_id"), p.getProperty("events.event_name"), p.getProperty("events.time"),
                    p.getProperty("events.property_prefix"), ignored, p.getProperty("users.user_id"),
                    p.getProperty("users.signup_time"), p.getProperty("users.attribute_prefix"),
                    p.getProperty("staging")).validated());
        } catch (SettingsException e) {
            throw new SettingsException(file.getFileName() + ": " + e.getMessage());
        }
    }

    /** The settings as the file holds them, in a fixed order (no secret). */
    public Map<String, String> asProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("kind", KIND);
        p.put("url", url);
        p.put("user", user);
        p.put("catalog", catalog);
        p.put("schema", schema);
        p.put("events.table", eventsTable);
        p.put("events.user_id", userIdColumn);
        p.put("events.event_name", eventNameColumn);
        p.put("events.time", timeColumn);
        p.put("events.property_prefix", propertyPrefix);
        p.put("events.ignore", String.join(",", ignoredColumns));
        p.put("users.table", usersTable == null ? "" : usersTable);
        p.put("users.user_id", usersIdColumn);
        p.put("users.signup_time", signupColumn == null ? "" : signupColumn);
        p.put("users.attribute_prefix", attributePrefix);
        p.put("staging", staging);
        return p;
    }

    /** Writes the settings into the project (atomically: a temporary file moved into place). */
    public void save(Path projectFolder) throws IOException {
        Path file = file(projectFolder);
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling("." + FILE + ".tmp");
        try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
            writer.write("# Sextant data source: the project's events are read on a Trino server (no secret here;"
                    + " the command line reads the password from " + PASSWORD_VARIABLE + ")\n");
            for (Map.Entry<String, String> e : asProperties().entrySet()) {
                Properties one = new Properties();
                one.setProperty(e.getKey(), e.getValue());
                java.io.StringWriter line = new java.io.StringWriter();
                one.store(line, null);
                // Properties.store writes a date comment first: keep only the key=value line
                for (String l : line.toString().split("\n")) {
                    if (!l.startsWith("#")) {
                        writer.write(l.strip() + "\n");
                    }
                }
            }
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Removes the project's settings; the project reads its embedded store again. Whether there were any. */
    public static boolean clear(Path projectFolder) throws IOException {
        return Files.deleteIfExists(file(projectFolder));
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
