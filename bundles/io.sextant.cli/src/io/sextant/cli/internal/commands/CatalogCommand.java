package io.sextant.cli.internal.commands;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonGenerator;

import io.sextant.cli.internal.Command;
import io.sextant.cli.internal.Console;
import io.sextant.cli.internal.ExitCodes;
import io.sextant.cli.internal.Option;
import io.sextant.cli.internal.ParsedArguments;
import io.sextant.cli.internal.Positional;
import io.sextant.cli.internal.ProjectAccess;
import io.sextant.cli.internal.output.RunOutput;
import io.sextant.data.catalog.DataCatalog;
import io.sextant.data.catalog.EventSummary;
import io.sextant.data.catalog.PropertySummary;
import io.sextant.project.SextantProject;

/** {@code sextant catalog --project <dir>}: the events and properties of the imported data. */
public final class CatalogCommand implements Command {

    @Override
    public String name() {
        return "catalog";
    }

    @Override
    public String summary() {
        return "list the imported events, their properties and the user attributes, as text or JSON";
    }

    @Override
    public String description() {
        return """
                Prints the catalog of the project's imported data: each event with its volume, its users and the
                time of its first and last occurrence, and each of its properties with its type, how many events
                carry a value, its number of distinct values and whether it is personal data (PII); then the user
                attributes the same way. --json prints it as one JSON object with plain numbers. Reads only.
                On a project whose data source is Trino (sextant datasource), the catalog is derived on the server
                (distinct counts approximate) and kept in the project; --refresh derives it again.
                """;
    }

    @Override
    public List<Positional> positionals() {
        return List.of();
    }

    @Override
    public List<Option> options() {
        return List.of(Option.project(),
                Option.flag("refresh", "derive the catalog of a Trino data source again (it is kept in the project)"),
                Option.flag("json", "print one JSON object instead: {\"events\": [{\"name\", \"volume\", \"users\", "
                        + "\"firstSeen\", \"lastSeen\", \"properties\": [{\"name\", \"type\", \"present\", \"distinct\", "
                        + "\"pii\"}]}], \"userAttributes\": [...]}"));
    }

    @Override
    public int run(ParsedArguments arguments, Console console) throws Exception {
        try (SextantProject project = ProjectAccess.open(arguments, console)) {
            ProjectAccess.requireData(project);
            if (arguments.flag("refresh") && project.source().trinoSettings().isEmpty()) {
                throw new io.sextant.cli.internal.UserError("--refresh: the project " + project.folder().getFileName()
                        + " keeps its events in its own store, whose catalog each import derives; --refresh is for a"
                        + " Trino data source");
            }
            if (arguments.flag("refresh")) {
                project.trinoCatalog(true);
            }
            DataCatalog catalog = project.catalog().orElseThrow(() -> new io.sextant.cli.internal.UserError(
                    "the project " + project.folder().getFileName() + " has no events in its data"));
            if (arguments.flag("json")) {
                writeJson(console, catalog);
            } else {
                writeText(console.out(), catalog);
            }
            console.out().flush();
            return ExitCodes.OK;
        }
    }

    private static void writeText(PrintStream out, DataCatalog catalog) {
        out.println("Events (" + catalog.eventSummaries().size() + "):");
        for (EventSummary event : catalog.eventSummaries().values()) {
            out.printf(Locale.ROOT, "  %s: %,d events, %,d users, %s to %s%n", event.name(), event.volume(), event.users(),
                    event.firstSeen(), event.lastSeen());
            properties(out, event.properties(), "    ");
        }
        out.println("User attributes (" + catalog.attributeSummaries().size() + "):");
        properties(out, List.copyOf(catalog.attributeSummaries().values()), "  ");
    }

    private static void properties(PrintStream out, List<PropertySummary> properties, String indent) {
        for (PropertySummary property : properties) {
            out.printf(Locale.ROOT, "%s%s %s: %,d with a value, %,d distinct%s%n", indent, property.name(),
                    property.type().name().toLowerCase(Locale.ROOT), property.present(), property.cardinality(),
                    property.pii() ? ", PII" + (property.piiReason() == null ? "" : " (" + property.piiReason() + ")") : "");
        }
    }

    private static void writeJson(Console console, DataCatalog catalog) throws IOException {
        JsonGenerator json = RunOutput.json(console.out());
        json.writeStartObject();
        json.writeStringField("derivedAt", catalog.derivedAt() == null ? null : catalog.derivedAt().toString());
        json.writeArrayFieldStart("events");
        for (EventSummary event : catalog.eventSummaries().values()) {
            json.writeStartObject();
            json.writeStringField("name", event.name());
            json.writeNumberField("volume", event.volume());
            json.writeNumberField("users", event.users());
            json.writeStringField("firstSeen", event.firstSeen() == null ? null : event.firstSeen().toString());
            json.writeStringField("lastSeen", event.lastSeen() == null ? null : event.lastSeen().toString());
            json.writeArrayFieldStart("properties");
            for (PropertySummary property : event.properties()) {
                property(json, property);
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("userAttributes");
        for (PropertySummary property : catalog.attributeSummaries().values()) {
            property(json, property);
        }
        json.writeEndArray();
        json.writeEndObject();
        json.writeRaw('\n');
        json.flush();
    }

    private static void property(JsonGenerator json, PropertySummary property) throws IOException {
        json.writeStartObject();
        json.writeStringField("name", property.name());
        json.writeStringField("type", property.type().name().toLowerCase(Locale.ROOT));
        json.writeNumberField("present", property.present());
        json.writeNumberField("distinct", property.cardinality());
        json.writeBooleanField("pii", property.pii());
        json.writeEndObject();
    }
}
