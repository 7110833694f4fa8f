package io.sextant.cli.internal.commands;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.sextant.cli.internal.Command;
import io.sextant.cli.internal.Console;
import io.sextant.cli.internal.ExitCodes;
import io.sextant.cli.internal.Option;
import io.sextant.cli.internal.ParsedArguments;
import io.sextant.cli.internal.Positional;
import io.sextant.cli.internal.UserError;
import io.sextant.data.sources.StoreConversion;

/** {@code sextant convert <dir>}: moves a project's events from its H2 file into the default DuckDB store. */
public final class ConvertCommand implements Command {

    @Override
    public String name() {
        return "convert";
    }

    @Override
    public String summary() {
        return "move a project's events from its H2 file into DuckDB, the default store (verified, H2 file kept)";
    }

    @Override
    public String description() {
        return """
                Copies every table of the project's H2 event store (.sextant/events.mv.db, made before DuckDB was
                the default) into a new DuckDB file, compares the row counts and a checksum of every row between
                the two, and only then puts the DuckDB file in place (.sextant/events.duckdb) and moves the H2 file
                into .sextant/h2-backup/. A failure or a mismatch leaves the H2 store as it was and removes the
                partial copy; an interrupted conversion leaves its partial copy in .sextant/converting/, which the
                next one removes. Definitions, versions and runs (the repository) are not touched.
                """;
    }

    @Override
    public List<Positional> positionals() {
        return List.of(new Positional("dir", "the project folder"));
    }

    @Override
    public List<Option> options() {
        return List.of();
    }

    @Override
    public int run(ParsedArguments arguments, Console console) throws Exception {
        Path folder = Path.of(arguments.positional("dir"));
        if (!Files.isDirectory(folder)) {
            throw new UserError(folder + ": no such project folder");
        }
        try {
            StoreConversion.Result result = new StoreConversion(folder).convert(console.progress());
            console.out().println(result.describe());
            return ExitCodes.OK;
        } catch (StoreConversion.ConversionException e) {
            throw new UserError(e.getMessage());
        }
    }
}
