package io.sextant.cli.internal.commands;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.sextant.analysis.AnalysisDescriptor;
import io.sextant.analysis.AnalysisRegistry;
import io.sextant.analysis.AnalysisRequest;
import io.sextant.analysis.AnalysisRunner;
import io.sextant.cli.internal.Command;
import io.sextant.cli.internal.Console;
import io.sextant.cli.internal.ExitCodes;
import io.sextant.cli.internal.Option;
import io.sextant.cli.internal.ParsedArguments;
import io.sextant.cli.internal.Positional;
import io.sextant.cli.internal.ProjectAccess;
import io.sextant.cli.internal.UserError;
import io.sextant.dsl.SegDefinitions;
import io.sextant.dsl.seg.Playbook;
import io.sextant.model.AnalysisRun;
import io.sextant.model.RunStatus;
import io.sextant.project.Playbooks;
import io.sextant.project.ProjectDefinitions;
import io.sextant.project.SextantProject;

/**
 * {@code sextant run <playbook|analysis> --project <dir>}: runs a playbook's analyses, or one analysis, and
 * stores the runs in the project's repository.
 */
public final class RunCommand implements Command {

    @Override
    public String name() {
        return "run";
    }

    @Override
    public String summary() {
        return "run a playbook's analyses, or one analysis, and store the runs";
    }

    @Override
    public String description() {
        return """
                Runs every analysis of a playbook (a playbook definition of the project's .seg files), or one
                analysis given by its id with --param values, over the project's data as of a date, and stores
                each run in the project's repository with its results and provenance. Every analysis of a playbook
                is checked before any runs. Prints one line per run: its id, the analysis and its status (with
                the cause of a failure). The exit code is 1 when a run failed or was cancelled.
                """;
    }

    @Override
    public List<Positional> positionals() {
        return List.of(new Positional("name", "a playbook of the project, or an analysis id such as segment-value"));
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.project(),
                Option.value("as-of", "date", "the day the analyses answer for, YYYY-MM-DD (default: the last day of the data)"),
                Option.repeatable("param", "name=value", "a parameter of the analysis (not for a playbook, whose lines set them)"),
                Option.user(),
                Option.flag("json", "print the runs with their results as JSON instead (as sextant results --format json)"));
    }

    /** {@code run <analysis> --help}: the analysis' parameters after the command's help. */
    @Override
    public String moreHelp(List<String> arguments) {
        AnalysisRegistry registry = AnalysisRegistry.read();
        for (String argument : arguments) {
            if (argument.startsWith("-")) {
                break;
            }
            java.util.Optional<AnalysisDescriptor> analysis = registry.descriptor(argument);
            if (analysis.isPresent()) {
                return "The analysis " + AnalysesCommand.describe(analysis.get());
            }
            return "'" + argument + "' is not an installed analysis (it may be a playbook); analyses: "
                    + String.join(", ", registry.all().stream().map(AnalysisDescriptor::id).toList())
                    + " (sextant analyses lists their parameters)\n";
        }
        return "";
    }

    @Override
    public int run(ParsedArguments arguments, Console console) throws Exception {
        Map<String, String> parameters = parameters(arguments.values("param"));
        arguments.date("as-of"); // a bad date is named before anything is opened
        String name = arguments.positional("name");
        try (SextantProject project = ProjectAccess.open(arguments, console)) {
            ProjectAccess.requireData(project);
            ProjectDefinitions definitions = ProjectAccess.validDefinitions(project);
            AnalysisRegistry registry = AnalysisRegistry.read();
            LocalDate asOf = ProjectAccess.asOf(arguments, project);
            boolean isPlaybook = definitions.lookup().find(name).stream().anyMatch(Playbook.class::isInstance);
            List<AnalysisRun> runs;
            if (isPlaybook) {
                Playbook playbook = definitions.find(name, Playbook.class, "playbook");
                if (!parameters.isEmpty()) {
                    throw new UserError("--param is for a single analysis; the playbook " + playbook.getName()
                            + " sets its analyses' parameters in its .seg file");
                }
                List<Playbooks.Step> steps = Playbooks.steps(playbook, asOf, definitions.lookup(), registry);
                AnalysisRunner runner = project.analysisRunner();
                note(arguments, console, "playbook " + SegDefinitions.qualifiedName(playbook) + ": " + steps.size()
                        + " analyses as of " + asOf);
                runs = Playbooks.run(steps, runner, console.progress());
            } else if (registry.descriptor(name).isPresent()) {
                AnalysisRunner runner = project.analysisRunner();
                note(arguments, console, "analysis " + name + " as of " + asOf);
                runs = List.of(runner.run(new AnalysisRequest(name, parameters, asOf, definitions.lookup()), console.progress()));
            } else {
                List<String> playbooks = definitions.all().stream().filter(Playbook.class::isInstance)
                        .map(SegDefinitions::qualifiedName).sorted().toList();
                throw new UserError("no playbook or analysis '" + name + "' in " + project.folder().getFileName()
                        + "; playbooks: " + (playbooks.isEmpty() ? "none" : String.join(", ", playbooks))
                        + "; analyses: " + String.join(", ", registry.all().stream().map(AnalysisDescriptor::id).toList()));
            }
            if (arguments.flag("json")) {
                return json(runs, console);
            }
            return report(runs, console);
        }
    }

    /** The first line of a run: on stdout, or on stderr when stdout carries JSON. */
    private static void note(ParsedArguments arguments, Console console, String line) {
        if (arguments.flag("json")) {
            console.note(line);
        } else {
            console.out().println(line);
        }
    }

    private static int json(List<AnalysisRun> runs, Console console) throws java.io.IOException {
        com.fasterxml.jackson.core.JsonGenerator json = io.sextant.cli.internal.output.RunOutput.json(console.out());
        json.writeStartArray();
        for (AnalysisRun run : runs) {
            io.sextant.cli.internal.output.RunOutput.writeRun(json, run);
        }
        json.writeEndArray();
        json.writeRaw('\n');
        json.flush();
        console.out().flush();
        long failed = runs.stream().filter(r -> r.getStatus() != RunStatus.SUCCEEDED).count();
        if (failed > 0) {
            console.note(failed + " of " + runs.size() + " runs did not succeed");
            return ExitCodes.USER_ERROR;
        }
        return ExitCodes.OK;
    }

    private static int report(List<AnalysisRun> runs, Console console) {
        long failed = 0;
        for (AnalysisRun run : runs) {
            boolean succeeded = run.getStatus() == RunStatus.SUCCEEDED;
            failed += succeeded ? 0 : 1;
            console.out().println("run " + run.getId() + " " + run.getAnalysisId() + " " + run.getStatus().getLiteral()
                    + (succeeded ? " (" + run.getResults().size() + (run.getResults().size() == 1 ? " result)" : " results)")
                            : run.getError() == null ? "" : ": " + run.getError().strip().replaceAll("\\s*\\R\\s*", "; ")));
        }
        console.out().flush();
        if (failed > 0) {
            console.note(failed + " of " + runs.size() + " runs did not succeed");
            return ExitCodes.USER_ERROR;
        }
        return ExitCodes.OK;
    }

    private static Map<String, String> parameters(List<String> given) throws UserError {
        Map<String, String> parameters = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (String text : given) {
            int equals = text.indexOf('=');
            if (equals <= 0) {
                throw new UserError("--param: '" + text + "' is not name=value, e.g. --param metric=Revenue");
            }
            String name = text.substring(0, equals).strip();
            if (names.contains(name)) {
                throw new UserError("--param: " + name + " is given twice");
            }
            names.add(name);
            parameters.put(name, text.substring(equals + 1).strip());
        }
        return parameters;
    }
}
