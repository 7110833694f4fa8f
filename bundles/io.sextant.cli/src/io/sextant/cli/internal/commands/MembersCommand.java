package io.sextant.cli.internal.commands;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import de.siegmar.fastcsv.writer.CsvWriter;

import io.sextant.cli.internal.Command;
import io.sextant.cli.internal.Console;
import io.sextant.cli.internal.ExitCodes;
import io.sextant.cli.internal.Option;
import io.sextant.cli.internal.ParsedArguments;
import io.sextant.cli.internal.Positional;
import io.sextant.cli.internal.ProjectAccess;
import io.sextant.cli.internal.UserError;
import io.sextant.cli.internal.output.Csv;
import io.sextant.dsl.SegDefinitions;
import io.sextant.dsl.seg.Segment;
import io.sextant.engine.Engine;
import io.sextant.engine.EngineRun;
import io.sextant.project.SextantProject;

/** {@code sextant members <segment> --project <dir>}: a segment's members as CSV. */
public final class MembersCommand implements Command {

    @Override
    public String name() {
        return "members";
    }

    @Override
    public String summary() {
        return "print a segment's members as CSV, to stdout or a file";
    }

    @Override
    public String description() {
        return """
                Computes the members of a segment over the project's data as of a date (by default the data's last
                day) and prints them as CSV: a header line user_id, then one user id per line, sorted. --output
                writes the CSV to a file instead (created with your usual file permissions, written completely or
                not at all) and prints the count on stderr. Stores nothing in the project.
                """;
    }

    @Override
    public List<Positional> positionals() {
        return List.of(new Positional("segment", "a segment: its name, or its qualified name when several share it"));
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.project(),
                Option.value("as-of", "date", "the day the members are for, YYYY-MM-DD (default: the last day of the data)"),
                Option.value("output", "file.csv", "write the CSV to this file instead of stdout (replaced if it exists)"));
    }

    @Override
    public int run(ParsedArguments arguments, Console console) throws Exception {
        arguments.date("as-of"); // a bad date is named before anything is opened
        Path output = arguments.value("output").map(Path::of).orElse(null);
        if (output != null) {
            Path parent = output.toAbsolutePath().getParent();
            if (Files.isDirectory(output)) {
                throw new UserError("--output: " + output + " is a folder; name a file, e.g. members.csv");
            }
            if (parent == null || !Files.isDirectory(parent)) {
                throw new UserError("--output: there is no folder " + (parent == null ? output : parent) + " to write "
                        + output.getFileName() + " in");
            }
        }
        try (SextantProject project = ProjectAccess.open(arguments, console)) {
            ProjectAccess.requireData(project);
            Segment segment = ProjectAccess.validDefinitions(project).find(arguments.positional("segment"), Segment.class,
                    "segment");
            LocalDate asOf = ProjectAccess.asOf(arguments, project);
            List<String> members;
            try (EngineRun run = Engine.on(project.source()).open(asOf)) {
                Set<String> found = run.members(segment, console.progress());
                members = new ArrayList<>(found);
            }
            members.sort(null);
            if (output == null) {
                write(console.out(), members);
                console.out().flush();
            } else {
                writeFile(output, members);
                console.note(String.format("%,d members of %s as of %s written to %s", members.size(),
                        SegDefinitions.qualifiedName(segment), asOf, output));
            }
            return ExitCodes.OK;
        }
    }

    private static void write(PrintStream out, List<String> members) throws IOException {
        CsvWriter csv = Csv.writer(out);
        csv.writeRecord("user_id");
        for (String member : members) {
            csv.writeRecord(member);
        }
        csv.flush();
    }

    /**
     * Writes beside the target and moves it into place, so that a failure leaves no half file. The partial file
     * is created like any new file (with the umask's permissions), not as a temporary file (which is 0600).
     */
    private static void writeFile(Path target, List<String> members) throws IOException, UserError {
        Path partial = target.toAbsolutePath().resolveSibling("." + target.getFileName() + ".partial");
        try {
            try (OutputStream stream = Files.newOutputStream(partial, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
                    PrintStream out = new PrintStream(stream, false, StandardCharsets.UTF_8)) {
                write(out, members);
                out.flush();
                if (out.checkError()) {
                    throw new IOException("writing " + partial + " failed");
                }
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new UserError("--output: no permission to write " + e.getFile());
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}
