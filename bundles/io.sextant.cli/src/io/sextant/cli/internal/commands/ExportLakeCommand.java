package io.sextant.cli.internal.commands;

import java.nio.file.Path;
import java.util.List;

import io.sextant.cli.internal.Command;
import io.sextant.cli.internal.Console;
import io.sextant.cli.internal.ExitCodes;
import io.sextant.cli.internal.Option;
import io.sextant.cli.internal.ParsedArguments;
import io.sextant.cli.internal.Positional;
import io.sextant.cli.internal.ProjectAccess;
import io.sextant.cli.internal.UserError;
import io.sextant.data.lake.LakeExport;
import io.sextant.project.SextantProject;

/** {@code sextant export-lake <dir> --project <p>}: the project's events and users as Parquet, for a lake. */
public final class ExportLakeCommand implements Command {

    @Override
    public String name() {
        return "export-lake";
    }

    @Override
    public String summary() {
        return "write the project's events (by day) and users as Parquet files with a manifest, to move to a lake";
    }

    @Override
    public String description() {
        return """
                Writes the project's events and users into <dir> (a new or empty folder) as zstd-compressed Parquet
                files that Trino, Spark or DuckDB read without Sextant: events/day=YYYY-MM-DD/*.parquet (one folder
                per day of the event time, UTC; the day is in the folder name only), users/users.parquet, and
                manifest.json (the tables, their columns with their Sextant types and property names, row counts,
                the data fingerprint and the export time). The row counts are read back from the files before the
                folder is put in place: the export is written in a hidden folder beside <dir> and renamed when
                complete, so a failed, cancelled or killed export leaves nothing. Reads the project only.
                """;
    }

    @Override
    public List<Positional> positionals() {
        return List.of(new Positional("dir", "the lake folder to write (must not exist, or be empty)"));
    }

    @Override
    public List<Option> options() {
        return List.of(Option.project());
    }

    @Override
    public int run(ParsedArguments arguments, Console console) throws Exception {
        Path folder = Path.of(arguments.positional("dir"));
        try (SextantProject project = ProjectAccess.open(arguments, console)) {
            ProjectAccess.refuseTrino(project, "export-lake");
            ProjectAccess.requireData(project);
            LakeExport.Result result = new LakeExport(project.source()).export(folder, console.progress());
            console.out().println(result.describe());
            return ExitCodes.OK;
        } catch (LakeExport.LakeExportException e) {
            throw new UserError(e.getMessage());
        }
    }
}
