package io.sextant.cli.internal.commands;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import io.sextant.cli.internal.Command;
import io.sextant.cli.internal.Console;
import io.sextant.cli.internal.ExitCodes;
import io.sextant.cli.internal.Option;
import io.sextant.cli.internal.ParsedArguments;
import io.sextant.cli.internal.Positional;
import io.sextant.cli.internal.ProjectAccess;
import io.sextant.cli.internal.UserError;
import io.sextant.model.Definition;
import io.sextant.model.DefinitionVersion;
import io.sextant.project.SextantProject;

/** {@code sextant history <definition> --project <dir>}: every version of a definition in the repository. */
public final class HistoryCommand implements Command {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    @Override
    public String name() {
        return "history";
    }

    @Override
    public String summary() {
        return "list the versions of a definition: number, status, author, time, reviewer";
    }

    @Override
    public String description() {
        return """
                Records the project's .seg files in its repository first, as the IDE does when a file is saved (a
                draft for each definition whose text changed, by the user), then lists every version of the
                definition, oldest first: number, revision, status, author, last change (UTC), reviewer and note.
                What the repository refuses to record (say, an edit of a published version) is noted on stderr.
                """;
    }

    @Override
    public List<Positional> positionals() {
        return List.of(new Positional("definition", "its name, or its qualified name when several share it"));
    }

    @Override
    public List<Option> options() {
        return List.of(Option.project(), Option.user());
    }

    @Override
    public int run(ParsedArguments arguments, Console console) throws Exception {
        try (SextantProject project = ProjectAccess.open(arguments, console)) {
            String qualifiedName = RepositoryNames.qualifiedName(project, arguments.positional("definition"));
            ProjectAccess.recordFiles(project, console);
            Definition definition = project.repository().definitions().history(qualifiedName).orElseThrow(() -> new UserError(
                    qualifiedName + " has no version in the repository: its file could not be recorded (see the note above)"));
            console.out().println(definition.getQualifiedName() + " (" + definition.getKind().getLiteral() + ")");
            console.out().printf("%-8s %-9s %-10s %-20s %-17s %-20s %s%n", "version", "revision", "status", "author",
                    "changed (UTC)", "reviewer", "note");
            for (DefinitionVersion version : definition.getVersions()) {
                console.out().printf("%-8d %-9d %-10s %-20s %-17s %-20s %s%n", version.getNumber(), version.getRevision(),
                        version.getStatus().getLiteral(), text(version.getAuthor()),
                        version.getChangedAt() == null ? "" : TIME.format(version.getChangedAt()),
                        text(version.getReviewer()), text(version.getChangeNote()));
            }
            return ExitCodes.OK;
        }
    }

    private static String text(String value) {
        return value == null ? "" : value.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
