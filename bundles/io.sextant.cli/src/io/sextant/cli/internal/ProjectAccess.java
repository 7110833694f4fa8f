package io.sextant.cli.internal;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import org.eclipse.xtext.resource.XtextResource;

import io.sextant.project.ProjectDefinitions;
import io.sextant.project.ProjectException;
import io.sextant.project.ProjectProblem;
import io.sextant.project.SextantProject;
import io.sextant.store.Identity;
import io.sextant.store.SegFileRecorder;

/** What the commands that work on a project share: opening it, who the user is, its data and definitions. */
public final class ProjectAccess {

    /** The environment variable that names the user when --user is not given. */
    public static final String USER_VARIABLE = "SEXTANT_USER";

    private ProjectAccess() {
    }

    /** The project of the {@code --project} option. */
    public static SextantProject open(ParsedArguments arguments, Console console) throws UserError, ProjectException {
        return open(arguments.required("project"), arguments, console);
    }

    public static SextantProject open(String folder, ParsedArguments arguments, Console console)
            throws UserError, ProjectException {
        if (!java.nio.file.Files.exists(Path.of(folder))) {
            throw new UserError("no project folder " + folder + "; make one with sextant init " + folder
                    + " (an empty project to write .seg files in) or sextant sample " + folder + " (one with example data)");
        }
        // a project whose data source is a Trino server reads its password from the environment, never a file
        return SextantProject.open(Path.of(folder), identity(arguments, console),
                console.environment().get(io.sextant.data.sources.TrinoSettings.PASSWORD_VARIABLE));
    }

    /** {@code --user}, else {@value #USER_VARIABLE}, else the system user. */
    public static Identity identity(ParsedArguments arguments, Console console) throws UserError {
        String name = arguments.value("user").orElseGet(() -> console.environment().get(USER_VARIABLE));
        if (name == null) {
            return Identity.osUser();
        }
        if (name.isBlank()) {
            throw new UserError(arguments.value("user").isPresent() ? "--user: the user name is empty"
                    : USER_VARIABLE + " is set but empty; set a user name or unset it");
        }
        String user = name.strip();
        return () -> user;
    }

    /**
     * Refuses a command that writes or copies the project's own store when the project's events are on a Trino
     * server (read where they are; nothing is imported into a lake through Sextant).
     */
    public static void refuseTrino(SextantProject project, String command) throws UserError {
        if (project.source().trinoSettings().isPresent()) {
            io.sextant.data.sources.TrinoSettings trino = project.source().trinoSettings().get();
            throw new UserError(command + ": the project " + project.folder().getFileName() + " reads its events on the"
                    + " Trino server " + trino.url() + " (" + trino.catalog() + "." + trino.schema() + "."
                    + trino.eventsTable() + "), which Sextant does not write; load them there, or run sextant"
                    + " datasource clear --project " + project.folder().getFileName() + " to use the project's own store");
        }
    }

    /** Refuses a project without imported events, naming the command that imports them. */
    public static void requireData(SextantProject project) throws UserError {
        if (!project.hasData()) {
            throw new UserError("the project " + project.folder().getFileName() + " has no event data yet; import events"
                    + " first: sextant import <file> --project " + project.folder().getFileName());
        }
    }

    /**
     * The project's definitions, refused when a file has errors: queries and runs over broken definitions
     * would answer something nobody wrote. The first error is named, with how to see all of them.
     */
    public static ProjectDefinitions validDefinitions(SextantProject project) throws UserError, ProjectException {
        ProjectDefinitions definitions = project.definitions();
        List<ProjectProblem> errors = definitions.problems().stream()
                .filter(p -> p.severity() == ProjectProblem.Severity.ERROR).toList();
        if (!errors.isEmpty()) {
            throw new UserError(errors.get(0) + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more errors)" : "")
                    + "; fix the .seg files first (sextant validate " + project.folder().getFileName() + " lists every problem)");
        }
        return definitions;
    }

    /** {@code --as-of}, else the project's last day of data. */
    public static LocalDate asOf(ParsedArguments arguments, SextantProject project) throws UserError, ProjectException {
        return arguments.date("as-of").isPresent() ? arguments.date("as-of").get() : project.defaultAsOf();
    }

    /**
     * Records the .seg files' definitions in the repository, as the IDE does when a file is saved: a draft for
     * each changed text. What the repository refuses (an edit of a published version, a file with syntax
     * errors) is noted on stderr and does not stop the command.
     */
    public static void recordFiles(SextantProject project, Console console) throws ProjectException {
        ProjectDefinitions definitions = project.definitions();
        SegFileRecorder recorder = new SegFileRecorder(project.repository());
        for (Path file : definitions.files()) {
            XtextResource resource = definitions.resource(file).orElse(null);
            if (resource == null) {
                continue; // unreadable: its problem is among the definitions' problems
            }
            for (SegFileRecorder.Refusal refusal : recorder.record(resource).refused()) {
                String where = file.toString().replace('\\', '/') + (refusal.line() > 0 ? ":" + refusal.line() : "");
                console.note("not recorded: " + where + ": " + Cli.oneLine(refusal.message()));
            }
        }
    }
}
