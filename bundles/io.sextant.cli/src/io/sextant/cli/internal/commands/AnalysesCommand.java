package io.sextant.cli.internal.commands;

import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;

import io.sextant.analysis.AnalysisDescriptor;
import io.sextant.analysis.AnalysisRegistry;
import io.sextant.analysis.ParameterDescriptor;
import io.sextant.cli.internal.Command;
import io.sextant.cli.internal.Console;
import io.sextant.cli.internal.ExitCodes;
import io.sextant.cli.internal.Option;
import io.sextant.cli.internal.ParsedArguments;
import io.sextant.cli.internal.Positional;
import io.sextant.cli.internal.output.RunOutput;

/** {@code sextant analyses}: every installed analysis with its parameters. */
public final class AnalysesCommand implements Command {

    @Override
    public String name() {
        return "analyses";
    }

    @Override
    public String summary() {
        return "list the installed analyses with their parameters, types and defaults";
    }

    @Override
    public String description() {
        return """
                Lists every analysis installed (built in or contributed by a plug-in): its id, as sextant run and
                playbooks name it, its name and category, and each parameter with its type, whether it is
                required, its default and, for a choice, the values allowed. sextant run <analysis> --help shows
                one analysis the same way. Needs no project.
                """;
    }

    @Override
    public List<Positional> positionals() {
        return List.of();
    }

    @Override
    public List<Option> options() {
        return List.of(Option.flag("json", "print a JSON array instead: [{\"id\", \"name\", \"category\", \"description\", "
                + "\"contributor\", \"requiredEvents\", \"parameters\": [{\"name\", \"type\", \"required\", \"default\", "
                + "\"choices\", \"description\"}]}]"));
    }

    @Override
    public int run(ParsedArguments arguments, Console console) throws Exception {
        List<AnalysisDescriptor> analyses = AnalysisRegistry.read().all();
        if (arguments.flag("json")) {
            JsonGenerator json = RunOutput.json(console.out());
            json.writeStartArray();
            for (AnalysisDescriptor analysis : analyses) {
                writeJson(json, analysis);
            }
            json.writeEndArray();
            json.writeRaw('\n');
            json.flush();
        } else {
            for (int i = 0; i < analyses.size(); i++) {
                console.out().print((i > 0 ? "\n" : "") + describe(analyses.get(i)));
            }
        }
        console.out().flush();
        return ExitCodes.OK;
    }

    /** An analysis as text: its id and name, then one line per parameter. */
    public static String describe(AnalysisDescriptor analysis) {
        StringBuilder text = new StringBuilder();
        text.append(analysis.id()).append(" - ").append(analysis.name());
        if (analysis.category() != null && !analysis.category().isBlank()) {
            text.append(" (").append(analysis.category()).append(')');
        }
        text.append('\n');
        if (analysis.description() != null && !analysis.description().isBlank()) {
            text.append("  ").append(analysis.description().strip().replaceAll("\\s*\\R\\s*", " ")).append('\n');
        }
        if (analysis.parameters().isEmpty()) {
            text.append("  no parameters\n");
        }
        int width = analysis.parameters().stream().mapToInt(p -> p.name().length()).max().orElse(0) + 2;
        for (ParameterDescriptor parameter : analysis.parameters()) {
            text.append("  --param ").append(parameter.name()).append("=")
                    .append(" ".repeat(Math.max(1, width - parameter.name().length())))
                    .append(parameter.type().schemaName())
                    .append(parameter.required() ? ", required" : ", optional")
                    .append(parameter.defaultValue() == null ? "" : ", default " + parameter.defaultValue())
                    .append(parameter.choices().isEmpty() ? "" : ", one of " + String.join("|", parameter.choices()))
                    .append(parameter.description() == null || parameter.description().isBlank() ? ""
                            : ": " + parameter.description().strip())
                    .append('\n');
        }
        return text.toString();
    }

    private static void writeJson(JsonGenerator json, AnalysisDescriptor analysis) throws java.io.IOException {
        json.writeStartObject();
        json.writeStringField("id", analysis.id());
        json.writeStringField("name", analysis.name());
        json.writeStringField("category", analysis.category());
        json.writeStringField("description", analysis.description() == null ? null : analysis.description().strip());
        json.writeStringField("contributor", analysis.contributor());
        json.writeArrayFieldStart("requiredEvents");
        for (String event : analysis.requiredEvents()) {
            json.writeString(event);
        }
        json.writeEndArray();
        json.writeArrayFieldStart("parameters");
        for (ParameterDescriptor parameter : analysis.parameters()) {
            json.writeStartObject();
            json.writeStringField("name", parameter.name());
            json.writeStringField("type", parameter.type().schemaName());
            json.writeBooleanField("required", parameter.required());
            json.writeStringField("default", parameter.defaultValue());
            json.writeArrayFieldStart("choices");
            for (String choice : parameter.choices()) {
                json.writeString(choice);
            }
            json.writeEndArray();
            json.writeStringField("description", parameter.description());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }
}
