package io.sextant.cli.internal.commands;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonGenerator;

import io.sextant.cli.internal.Command;
import io.sextant.cli.internal.Console;
import io.sextant.cli.internal.ExitCodes;
import io.sextant.cli.internal.Option;
import io.sextant.cli.internal.ParsedArguments;
import io.sextant.cli.internal.Positional;
import io.sextant.cli.internal.ProjectAccess;
import io.sextant.cli.internal.UserError;
import io.sextant.cli.internal.output.RunOutput;
import io.sextant.model.AnalysisRun;
import io.sextant.model.Result;
import io.sextant.project.SextantProject;

/** {@code sextant results <run-id> --project <dir>}: a stored run's results as CSV or JSON. */
public final class ResultsCommand implements Command {

    @Override
    public String name() {
        return "results";
    }

    @Override
    public String summary() {
        return "print a stored run's results as CSV or JSON";
    }

    @Override
    public String description() {
        return """
                Prints the results of a run stored in the project's repository (its id is printed by sextant run).
                --format csv (the default) prints each result as a CSV table with a header line: a table's
                columns, a series' x,y (and lower,upper when it has an interval), a matrix's row label and one
                column per column label. A run with several results prints each after a line "# result: <name>"
                and a blank line between them; --result picks one, printed alone. --format json prints the run:
                its status, parameters, inputs and every result. Numbers are plain (no separators, a dot as
                decimal point); a missing value is empty in CSV and null in JSON.
                """;
    }

    @Override
    public List<Positional> positionals() {
        return List.of(new Positional("run-id", "the number of a stored run, as sextant run prints it"));
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.project(),
                Option.value("format", "csv|json", "the output format (default: csv)"),
                Option.value("result", "name", "only the result of this name (CSV and JSON)"));
    }

    @Override
    public int run(ParsedArguments arguments, Console console) throws Exception {
        String format = arguments.value("format").orElse("csv").strip().toLowerCase(Locale.ROOT);
        if (!format.equals("csv") && !format.equals("json")) {
            throw new UserError("--format: '" + arguments.value("format").get() + "' is not a format; use csv or json");
        }
        long id = runId(arguments.positional("run-id"));
        try (SextantProject project = ProjectAccess.open(arguments, console)) {
            if (!java.nio.file.Files.exists(io.sextant.store.Repository.locationIn(project.folder()))) {
                throw new UserError("the project " + project.folder().getFileName() + " has no stored runs yet;"
                        + " sextant run stores them");
            }
            Optional<AnalysisRun> stored = project.repository().runs().run(id);
            if (stored.isEmpty()) {
                throw new UserError("there is no run " + id + " in " + project.folder().getFileName() + latest(project));
            }
            AnalysisRun run = stored.get();
            List<Result> results = List.copyOf(run.getResults());
            Optional<String> only = arguments.value("result");
            if (only.isPresent()) {
                results = results.stream().filter(r -> r.getName().equals(only.get())).toList();
                if (results.isEmpty()) {
                    throw new UserError("run " + id + " has no result '" + only.get() + "'; its results: "
                            + (run.getResults().isEmpty() ? "none" : String.join(", ",
                                    run.getResults().stream().map(Result::getName).toList())));
                }
                run.getResults().retainAll(results);
            }
            if (format.equals("json")) {
                JsonGenerator json = RunOutput.json(console.out());
                RunOutput.writeRun(json, run);
                json.writeRaw('\n');
                json.flush();
            } else {
                if (results.isEmpty()) {
                    console.note("run " + id + " (" + run.getStatus().getLiteral() + ") has no results"
                            + (run.getError() == null ? "" : ": " + run.getError().strip().lines().findFirst().orElse("")));
                }
                boolean several = results.size() > 1;
                for (int i = 0; i < results.size(); i++) {
                    if (several) {
                        console.out().print((i > 0 ? "\n" : "") + "# result: " + results.get(i).getName() + "\n");
                    }
                    RunOutput.writeCsv(console.out(), results.get(i));
                }
            }
            console.out().flush();
            return ExitCodes.OK;
        }
    }

    private static long runId(String text) throws UserError {
        try {
            long id = Long.parseLong(text.strip());
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // told below
        }
        throw new UserError("<run-id>: '" + text + "' is not a run number; sextant run prints the numbers of the runs it stores");
    }

    private static String latest(SextantProject project) throws io.sextant.project.ProjectException {
        List<AnalysisRun> recent = project.repository().runs().recent(5);
        return recent.isEmpty() ? "; it has no stored runs yet"
                : "; the latest: " + String.join(", ", recent.stream().map(r -> r.getId() + " (" + r.getAnalysisId() + ")").toList());
    }
}
