package io.sextant.cli.internal.commands;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import io.sextant.cli.internal.Command;
import io.sextant.cli.internal.Console;
import io.sextant.cli.internal.ExitCodes;
import io.sextant.cli.internal.Option;
import io.sextant.cli.internal.ParsedArguments;
import io.sextant.cli.internal.Positional;
import io.sextant.cli.internal.ProjectAccess;
import io.sextant.cli.internal.UserError;
import io.sextant.project.ProjectDefinitions;
import io.sextant.project.ProjectProblem;
import io.sextant.project.SextantProject;

/** {@code sextant validate <dir>}: every problem of the project's .seg files. */
public final class ValidateCommand implements Command {

    @Override
    public String name() {
        return "validate";
    }

    @Override
    public String summary() {
        return "check every .seg file of a project; exit code 1 when there are errors";
    }

    @Override
    public String description() {
        return """
                Parses and validates every .seg file under <dir> together (references across files, the event
                catalog when data has been imported, the repository's published versions), and prints each problem
                on stdout as file:line:col: severity: message, with the file relative to <dir>. A count goes to
                stderr. The exit code is 1 when there is an error (warnings alone give 0). Creates nothing in the
                project.
                """;
    }

    @Override
    public List<Positional> positionals() {
        return List.of(new Positional("dir", "the project folder"));
    }

    @Override
    public List<Option> options() {
        return List.of(Option.flag("json", "print one JSON object instead: {\"files\", \"errors\", \"warnings\", \"problems\": "
                + "[{\"file\", \"line\", \"column\", \"severity\", \"message\"}]}"));
    }

    @Override
    public int run(ParsedArguments arguments, Console console) throws Exception {
        try (SextantProject project = ProjectAccess.open(arguments.positional("dir"), arguments, console)) {
            ProjectDefinitions definitions = project.definitions();
            if (definitions.files().isEmpty()) {
                throw new UserError("no .seg files in " + arguments.positional("dir") + "; is it a Sextant project folder?");
            }
            List<ProjectProblem> problems = definitions.problems();
            long errors = count(problems, ProjectProblem.Severity.ERROR);
            long warnings = count(problems, ProjectProblem.Severity.WARNING);
            if (arguments.flag("json")) {
                writeJson(console.out(), definitions.files().size(), errors, warnings, problems);
            } else {
                problems.forEach(console.out()::println);
            }
            console.out().flush();
            String counts = errors + (errors == 1 ? " error, " : " errors, ") + warnings
                    + (warnings == 1 ? " warning" : " warnings") + " in " + definitions.files().size() + " .seg files";
            console.note(counts + (errors > 0 ? "" : ": valid"));
            return errors > 0 ? ExitCodes.USER_ERROR : ExitCodes.OK;
        }
    }

    private static long count(List<ProjectProblem> problems, ProjectProblem.Severity severity) {
        return problems.stream().filter(p -> p.severity() == severity).count();
    }

    private static void writeJson(OutputStream out, int files, long errors, long warnings, List<ProjectProblem> problems)
            throws IOException {
        JsonGenerator json = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        json.useDefaultPrettyPrinter();
        json.writeStartObject();
        json.writeNumberField("files", files);
        json.writeNumberField("errors", errors);
        json.writeNumberField("warnings", warnings);
        json.writeArrayFieldStart("problems");
        for (ProjectProblem problem : problems) {
            json.writeStartObject();
            json.writeStringField("file", problem.file().toString().replace('\\', '/'));
            json.writeNumberField("line", problem.line());
            json.writeNumberField("column", problem.column());
            json.writeStringField("severity", problem.severity().label());
            json.writeStringField("message", problem.message());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
        json.writeRaw('\n');
        json.flush();
    }
}
