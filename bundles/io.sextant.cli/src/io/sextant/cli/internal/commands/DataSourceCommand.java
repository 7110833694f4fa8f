package io.sextant.cli.internal.commands;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.sextant.cli.internal.Command;
import io.sextant.cli.internal.Console;
import io.sextant.cli.internal.ExitCodes;
import io.sextant.cli.internal.Option;
import io.sextant.cli.internal.ParsedArguments;
import io.sextant.cli.internal.Positional;
import io.sextant.cli.internal.UserError;
import io.sextant.data.EventDataSource;
import io.sextant.data.sources.TrinoCatalogCache;
import io.sextant.data.sources.TrinoSettings;
import io.sextant.data.sources.TrinoSource;

/**
 * {@code sextant datasource trino|show|clear --project <p> ...}: the project's data source settings. With
 * {@code trino} the project's events are those of a table on a Trino server, and every command that reads events
 * (validate, sql, run, report, catalog, size, members) reads them there.
 */
public final class DataSourceCommand implements Command {

    @Override
    public String name() {
        return "datasource";
    }

    @Override
    public String summary() {
        return "set, show or clear the project's data source (its events on a Trino server instead of its own store)";
    }

    @Override
    public String description() {
        return """
                trino: writes .sextant/datasource.properties so that the project's definitions and analyses run on a
                Trino server, where the events are (nothing is copied): the server URL (https for TLS), the user,
                catalog, schema, events table (one row per event) and optionally a users table, and which columns
                hold the user id, event name and time; the other columns of a usable type (varchar, numbers,
                boolean, timestamp) are properties, named without --property-prefix (the lake export writes p_...).
                The password is never written: it is read from $SEXTANT_TRINO_PASSWORD. With --test the settings
                are first checked on the server (tables, columns and types, and a test query); a failure is one
                line naming the setting, and nothing is written. Runs stage segment members in tables of
                --staging (default memory.default; Trino has no temporary tables) and drop them at their end.
                show: prints the settings. clear: removes them (the project reads its own store again).
                """;
    }

    @Override
    public List<Positional> positionals() {
        return List.of(new Positional("action", "trino (write the settings), show or clear"));
    }

    @Override
    public List<Option> options() {
        return List.of(Option.project(),
                Option.value("url", "url", "trino: the server, http://host:port or https://host:port (TLS)"),
                Option.value("user", "name", "trino: the user queries run as"),
                Option.value("catalog", "name", "trino: the catalog of the tables"),
                Option.value("schema", "name", "trino: the schema of the tables"),
                Option.value("events-table", "name", "trino: the events table"),
                Option.value("users-table", "name", "trino: the users table (default: none; users are those with events)"),
                Option.value("user-id-column", "column", "trino: the events' user id column (default user_id)"),
                Option.value("event-name-column", "column", "trino: the events' event name column (default event_name)"),
                Option.value("time-column", "column", "trino: the events' time column, UTC (default event_time)"),
                Option.value("property-prefix", "prefix", "trino: only columns starting with it are properties, named"
                        + " without it (default: every other column)"),
                Option.value("ignore-columns", "a,b", "trino: columns of the events table that are no properties"),
                Option.value("users-id-column", "column", "trino: the users table's user id column (default user_id)"),
                Option.value("signup-column", "column", "trino: the users table's signup time column (default:"
                        + " signup_time when there is a users table)"),
                Option.value("attribute-prefix", "prefix", "trino: only columns of the users table starting with it"
                        + " are attributes"),
                Option.value("staging", "catalog.schema", "trino: where runs stage members (default memory.default)"),
                Option.flag("test", "trino: check the settings on the server before writing them"));
    }

    @Override
    public int run(ParsedArguments arguments, Console console) throws Exception {
        Path project = Path.of(arguments.required("project"));
        if (!Files.isDirectory(project)) {
            throw new UserError("no project folder " + project + "; make one with sextant init " + project);
        }
        String action = arguments.positional("action");
        switch (action) {
            case "show" -> {
                Optional<TrinoSettings> settings = load(project);
                if (settings.isEmpty()) {
                    console.out().println("embedded " + EventDataSource.embeddedFile(project.toAbsolutePath()));
                } else {
                    for (Map.Entry<String, String> e : settings.get().asProperties().entrySet()) {
                        console.out().println(e.getKey() + "=" + e.getValue());
                    }
                }
                return ExitCodes.OK;
            }
            case "clear" -> {
                boolean had = TrinoSettings.clear(project);
                TrinoCatalogCache.clear(project);
                console.out().println(had ? "cleared: the project reads its own store again"
                        : "the project had no data source settings; it reads its own store");
                return ExitCodes.OK;
            }
            case "trino" -> {
                return trino(project, arguments, console);
            }
            default -> throw new UserError("datasource: unknown action '" + action + "'; known: trino, show, clear");
        }
    }

    private int trino(Path project, ParsedArguments arguments, Console console) throws Exception {
        for (String option : List.of("url", "user", "catalog", "schema", "events-table")) {
            if (arguments.value(option).isEmpty()) {
                throw new UserError("--" + option + " is required for a Trino data source");
            }
        }
        List<String> ignored = new ArrayList<>();
        for (String column : arguments.value("ignore-columns").orElse("").split(",")) {
            if (!column.isBlank()) {
                ignored.add(column.strip());
            }
        }
        Optional<String> usersTable = arguments.value("users-table");
        TrinoSettings settings;
        try {
            settings = new TrinoSettings(arguments.value("url").get(), arguments.value("user").get(),
                    arguments.value("catalog").get(), arguments.value("schema").get(),
                    arguments.value("events-table").get(), usersTable.orElse(null),
                    arguments.value("user-id-column").orElse(null), arguments.value("event-name-column").orElse(null),
                    arguments.value("time-column").orElse(null), arguments.value("property-prefix").orElse(null), ignored,
                    arguments.value("users-id-column").orElse(null),
                    arguments.value("signup-column").orElse(usersTable.isPresent() ? "signup_time" : null),
                    arguments.value("attribute-prefix").orElse(null), arguments.value("staging").orElse(null))
                    .validated();
        } catch (TrinoSettings.SettingsException e) {
            throw new UserError(option(e.getMessage()));
        }
        if (arguments.flag("test")) {
            try {
                console.note(TrinoSource.checkAndSave(project, settings,
                        console.environment().get(TrinoSettings.PASSWORD_VARIABLE)).describe());
            } catch (TrinoSource.TrinoSourceException e) {
                throw new UserError(option(e.getMessage()) + "; nothing was written");
            }
        } else {
            settings.save(project);
            TrinoCatalogCache.clear(project); // derived again for these settings on first use
        }
        console.out().println("data source: trino " + settings.url() + " " + settings.catalog() + "."
                + settings.schema() + "." + settings.eventsTable() + " (written to " + TrinoSettings.file(project) + ")");
        return ExitCodes.OK;
    }

    /** A message that starts with a setting's name, written as the option that gives it: "--catalog: ...". */
    private static String option(String message) {
        int colon = message.indexOf(':');
        String head = colon < 0 ? "" : message.substring(0, colon);
        return head.matches("[a-z]+(-[a-z]+)*(/[a-z]+)?") ? "--" + message : message;
    }

    private static Optional<TrinoSettings> load(Path project) throws UserError {
        try {
            return TrinoSettings.load(project.toAbsolutePath());
        } catch (TrinoSettings.SettingsException e) {
            throw new UserError(e.getMessage());
        }
    }
}
