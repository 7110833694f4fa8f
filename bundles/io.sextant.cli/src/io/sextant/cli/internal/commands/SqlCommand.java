package io.sextant.cli.internal.commands;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

import io.sextant.cli.internal.Command;
import io.sextant.cli.internal.Console;
import io.sextant.cli.internal.ExitCodes;
import io.sextant.cli.internal.Option;
import io.sextant.cli.internal.ParsedArguments;
import io.sextant.cli.internal.Positional;
import io.sextant.cli.internal.ProjectAccess;
import io.sextant.cli.internal.UserError;
import io.sextant.data.Dialect;
import io.sextant.data.Dialects;
import io.sextant.data.EventDataSource;
import io.sextant.dsl.SegDefinitions;
import io.sextant.dsl.seg.Definition;
import io.sextant.dsl.seg.Metric;
import io.sextant.dsl.seg.Segment;
import io.sextant.engine.Engine;
import io.sextant.engine.SqlExplanation;
import io.sextant.project.ProjectDefinitions;
import io.sextant.project.SextantProject;

/** {@code sextant sql <definition> --project <dir>}: the SQL the engine runs for a segment or metric. */
public final class SqlCommand implements Command {

    @Override
    public String name() {
        return "sql";
    }

    @Override
    public String summary() {
        return "print the SQL of a segment or metric, for H2, DuckDB or PostgreSQL";
    }

    @Override
    public String description() {
        return """
                Prints the SQL the engine runs for a segment (its members) or a metric (its value per user) as of a
                date, with the values written in so that it can be pasted into a SQL console. --bind prints it with
                parameter markers (what is executed) followed by the values. The SQL is written for the columns of
                the project's imported data, so the project must have data; --dialect writes it for another
                engine holding the same tables.
                """;
    }

    @Override
    public List<Positional> positionals() {
        return List.of(new Positional("definition", "a segment or metric: its name, or its qualified name when several share it"));
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.project(),
                Option.value("dialect", "h2|duckdb|postgresql|trino", "the SQL dialect (default: the project's source, duckdb)"),
                Option.value("as-of", "date", "the day the answer is for, YYYY-MM-DD (default: the last day of the data)"),
                Option.flag("bind", "print parameter markers and the values apart"));
    }

    @Override
    public int run(ParsedArguments arguments, Console console) throws Exception {
        Dialect dialect = dialect(arguments);
        arguments.date("as-of"); // a bad date is named before anything is opened
        try (SextantProject project = ProjectAccess.open(arguments, console)) {
            ProjectAccess.requireData(project);
            ProjectDefinitions definitions = ProjectAccess.validDefinitions(project);
            Definition definition = definitions.find(arguments.positional("definition"), Definition.class, "definition");
            if (!(definition instanceof Segment) && !(definition instanceof Metric)) {
                throw new UserError(SegDefinitions.qualifiedName(definition) + " is a " + definition.eClass().getName().toLowerCase(Locale.ROOT)
                        + "; only segments and metrics have SQL");
            }
            EventDataSource source = project.source();
            if (dialect != null && dialect != source.dialect()) {
                // the project's own tables, read through its own engine, with the SQL written for the other one
                source = source.renderingAs(dialect);
            }
            LocalDate asOf = ProjectAccess.asOf(arguments, project);
            SqlExplanation sql = Engine.on(source).explain(definition, asOf);
            if (!arguments.flag("bind")) {
                refuseUnwritableDates(sql); // before anything is printed: a refusal writes nothing on stdout
            }
            console.out().println("-- " + sql.definition() + ", " + sql.dialect() + ", as of " + asOf);
            if (arguments.flag("bind")) {
                console.out().println(sql.sql().strip());
                for (int i = 0; i < sql.parameters().size(); i++) {
                    console.out().println("-- " + (i + 1) + ": " + sql.parameters().get(i));
                }
            } else {
                console.out().println(sql.sqlWithValues().strip());
            }
            return ExitCodes.OK;
        }
    }

    /**
     * SQL literals cannot write a date before year 1 the way the engine binds it (the printed SQL dropped the
     * sign and answered for a date two thousand years later): such SQL is refused, pointing at --bind, which
     * prints the values apart exactly as they are bound.
     */
    static void refuseUnwritableDates(SqlExplanation sql) throws UserError {
        for (Object value : sql.parameters()) {
            int year = value instanceof java.time.LocalDate date ? date.getYear()
                    : value instanceof java.time.LocalDateTime time ? time.getYear()
                    : value instanceof java.time.OffsetDateTime time ? time.getYear()
                    : value instanceof java.sql.Timestamp time ? time.toLocalDateTime().getYear()
                    : value instanceof java.sql.Date date ? date.toLocalDate().getYear() : 1;
            if (year < 1 || year > 9999) {
                throw new UserError("the SQL of " + sql.definition() + " has the time " + value + ", outside the years 1"
                        + " to 9999 that SQL literals write; sextant sql --bind prints it with the values apart, as"
                        + " they are bound");
            }
        }
    }

    private static Dialect dialect(ParsedArguments arguments) throws UserError {
        if (arguments.value("dialect").isEmpty()) {
            return null;
        }
        try {
            return Dialects.byName(arguments.value("dialect").get().strip());
        } catch (IllegalArgumentException e) {
            throw new UserError("--dialect: " + e.getMessage());
        }
    }
}
