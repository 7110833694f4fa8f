package io.sextant.cli.internal.commands;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.sextant.cli.internal.Command;
import io.sextant.cli.internal.Console;
import io.sextant.cli.internal.ExitCodes;
import io.sextant.cli.internal.Option;
import io.sextant.cli.internal.ParsedArguments;
import io.sextant.cli.internal.Positional;
import io.sextant.cli.internal.ProjectAccess;
import io.sextant.cli.internal.UserError;
import io.sextant.data.EventDataSource;
import io.sextant.data.imports.DataImporter;
import io.sextant.data.imports.ImportKind;
import io.sextant.data.imports.ImportMapping;
import io.sextant.data.imports.ImportSummary;
import io.sextant.data.imports.MappingStore;
import io.sextant.data.imports.QuarantinedRow;
import io.sextant.project.SextantProject;

/** {@code sextant import <file> --project <dir>}: imports an events or users file into the project's source. */
public final class ImportCommand implements Command {

    /** How many quarantined rows the summary shows; all are kept in the source's quarantine table. */
    private static final int SHOWN_QUARANTINED = 10;

    @Override
    public String name() {
        return "import";
    }

    @Override
    public String summary() {
        return "import a CSV or JSON Lines file of events (or --users) into a project";
    }

    @Override
    public String description() {
        return """
                Imports <file> (CSV with a header row, or JSON Lines) into the project's event source, all or
                nothing: good rows are added, bad rows quarantined with their row and reason, duplicates dropped.
                Progress goes to stderr, the summary (imported, duplicates, quarantined by reason, the first
                quarantined rows) to stdout. The mapping says which field holds what:

                  --mapping user=user_id,event=event,time=time:iso,prop.amount=number

                Settings, separated by commas (\\, is a comma inside a value):
                  user=FIELD               the user id (required)
                  event=FIELD              the event name (events files; required)
                  time=FIELD[:FORMAT]      the event time (events files; required) or the signup time (users);
                                           FORMAT is iso (default), epoch_millis, epoch_seconds or a pattern
                                           such as dd.MM.yyyy HH:mm:ss; times without an offset are UTC
                  signup=FIELD[:FORMAT]    a users file's signup time
                  id=FIELD                 a unique event id: duplicates are found by it
                  prop.NAME=TYPE           declare a property's type: text, number, boolean or timestamp
                                           (otherwise inferred from the data)
                  rename.FIELD=NAME        import a field as the property NAME
                  ignore=FIELD             leave a field out (may be repeated)
                  others=properties|ignore whether fields not named become properties (default: properties)
                  format=csv|jsonl         the format (default: from the file name)
                  delimiter=CHAR           the CSV separator: one character or tab (default: a comma)

                The mapping of each import is remembered in the project under the file's name
                (.sextant/import-mappings.properties): the next import of a file of that name may leave
                --mapping out.
                """;
    }

    @Override
    public List<Positional> positionals() {
        return List.of(new Positional("file", "the CSV or JSON Lines file"));
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.project(),
                Option.value("mapping", "settings", "which field holds what (see above); default: the one remembered for the file's name"),
                Option.flag("users", "the file holds users (user id, signup time, attributes), not events"));
    }

    @Override
    public int run(ParsedArguments arguments, Console console) throws Exception {
        Path file = Path.of(arguments.positional("file"));
        if (!Files.isRegularFile(file)) {
            throw new UserError(Files.isDirectory(file) ? file + " is a folder; give the file to import"
                    : "no file " + file);
        }
        boolean users = arguments.flag("users");
        try (SextantProject project = ProjectAccess.open(arguments, console)) {
            ProjectAccess.refuseTrino(project, "import");
            MappingStore mappings = new MappingStore(project.folder());
            ImportMapping mapping = mapping(arguments, mappings, file, users, project);
            boolean sourceExisted = project.hasData();
            ImportSummary summary;
            try {
                summary = new DataImporter(project.source()).rememberMappingsIn(mappings)
                        .importFile(file, mapping, console.progress());
            } catch (Exception e) {
                if (!sourceExisted) {
                    removeEmptySource(project, e); // the import opened (so created) it before finding the mistake
                }
                throw e;
            }
            console.out().println("imported " + file.getFileName() + " as " + (mapping.kind() == ImportKind.USERS ? "users"
                    : "events") + " with --mapping " + MappingSyntax.write(mapping));
            console.out().println(summary.describe());
            for (QuarantinedRow row : summary.firstQuarantined().stream().limit(SHOWN_QUARANTINED).toList()) {
                console.out().println("  " + row.message());
            }
            if (summary.quarantined() > SHOWN_QUARANTINED) {
                console.out().println("  ... all " + summary.quarantined() + " quarantined rows are in the source's quarantine table");
            }
            console.out().printf("imported in %.1f s; the mapping is remembered for %s%n",
                    summary.elapsed().toMillis() / 1000.0, file.getFileName());
            return ExitCodes.OK;
        }
    }

    /**
     * Removes the event source a failed first import created: the import writes all or nothing, so it holds no
     * row, and a project that had no data before a failed import should have none after it.
     */
    private static void removeEmptySource(SextantProject project, Exception failure) {
        Path folder = project.folder().resolve(EventDataSource.PROJECT_FOLDER);
        EventDataSource.embeddedDuckDb(project.folder()).release();
        try {
            for (String name : List.of(EventDataSource.DUCKDB_FILE, EventDataSource.DUCKDB_FILE + ".wal",
                    EventDataSource.H2_FILE, "events.trace.db", "events.lock.db")) {
                Files.deleteIfExists(folder.resolve(name));
            }
            try (var left = Files.list(folder)) {
                if (left.findAny().isEmpty()) {
                    Files.delete(folder);
                }
            }
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    private static ImportMapping mapping(ParsedArguments arguments, MappingStore mappings, Path file, boolean users,
            SextantProject project) throws UserError {
        Optional<String> given = arguments.value("mapping");
        if (given.isPresent()) {
            return MappingSyntax.parse(given.get(), users);
        }
        Optional<ImportMapping> remembered;
        try {
            remembered = mappings.load(file.getFileName().toString());
        } catch (IOException e) {
            throw new UserError("the remembered import mappings of " + project.folder().getFileName()
                    + " cannot be read: " + e.getMessage());
        }
        if (remembered.isEmpty()) {
            throw new UserError("no mapping is remembered for " + file.getFileName() + " in " + project.folder().getFileName()
                    + "; give one, e.g. --mapping " + (users ? "user=user_id,signup=signup_time" : MappingSyntax.EXAMPLE));
        }
        ImportMapping mapping = remembered.get();
        if (users && mapping.kind() != ImportKind.USERS) {
            throw new UserError("the mapping remembered for " + file.getFileName() + " is for events, but --users is given;"
                    + " give a users mapping with --mapping user=...,signup=...");
        }
        return mapping;
    }
}
