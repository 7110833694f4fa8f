package io.sextant.cli.internal.commands;

import java.util.List;

import io.sextant.cli.internal.Command;
import io.sextant.cli.internal.Console;
import io.sextant.cli.internal.ExitCodes;
import io.sextant.cli.internal.Option;
import io.sextant.cli.internal.ParsedArguments;
import io.sextant.cli.internal.Positional;
import io.sextant.cli.internal.ProjectAccess;
import io.sextant.cli.internal.UserError;
import io.sextant.model.DefinitionVersion;
import io.sextant.project.SextantProject;
import io.sextant.store.Definitions;

/**
 * {@code sextant publish <definition> --version N --project <dir>}: moves a version along the review workflow,
 * one step per call, under the repository's review rules.
 */
public final class PublishCommand implements Command {

    @Override
    public String name() {
        return "publish";
    }

    @Override
    public String summary() {
        return "submit a draft version for review, or publish a version in review (as a reviewer)";
    }

    @Override
    public String description() {
        return """
                Records the project's .seg files in its repository first (as history does), then moves version N of
                the definition one step of the review workflow, as the user:
                  draft      -> in review  (anyone; typically the author)
                  in review  -> published  (a reviewer, who must not be an author of the version)
                A version is published by two calls: the author submits it, a reviewer publishes it, e.g.
                  sextant publish Explorers --version 1 --project p --user alice
                  sextant publish Explorers --version 1 --project p --user bob
                What the repository refuses (an author publishing their own version, a version already published
                or retired) is one line on stderr with its reason, exit code 1, and changes nothing.
                """;
    }

    @Override
    public List<Positional> positionals() {
        return List.of(new Positional("definition", "its name, or its qualified name when several share it"));
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.required("version", "N", "the version's number"),
                Option.project(),
                Option.value("note", "text", "a note recorded with the step"),
                Option.user());
    }

    @Override
    public int run(ParsedArguments arguments, Console console) throws Exception {
        long number = arguments.number("version").orElseThrow();
        if (number < 1 || number > Integer.MAX_VALUE) {
            throw new UserError("--version: " + number + " is not a version number (1, 2, ...)");
        }
        String note = arguments.value("note").orElse(null);
        try (SextantProject project = ProjectAccess.open(arguments, console)) {
            String qualifiedName = RepositoryNames.qualifiedName(project, arguments.positional("definition"));
            ProjectAccess.recordFiles(project, console);
            Definitions definitions = project.repository().definitions();
            DefinitionVersion version = definitions.version(qualifiedName, (int) number).orElseThrow(() -> new UserError(
                    qualifiedName + " has no version " + number + "; its versions: " + versions(definitions, qualifiedName)));
            String user = project.repository().identity().userName();
            DefinitionVersion moved = switch (version.getStatus()) {
                case DRAFT -> definitions.submitForReview(qualifiedName, (int) number, note);
                case IN_REVIEW -> definitions.approveAndPublish(qualifiedName, (int) number, note);
                case PUBLISHED -> throw new UserError(qualifiedName + " version " + number + " is already published"
                        + (version.getReviewer() == null ? "" : " (reviewed by " + version.getReviewer() + ")")
                        + "; a change needs a new version: write version " + (latest(definitions, qualifiedName) + 1)
                        + " in its .seg file");
                case RETIRED -> throw new UserError(qualifiedName + " version " + number + " is retired; it cannot be published again");
            };
            switch (moved.getStatus()) {
                case IN_REVIEW -> console.out().println(qualifiedName + " version " + number + " is in review (submitted by "
                        + user + "); a reviewer who is not an author publishes it: sextant publish " + qualifiedName
                        + " --version " + number + " --project " + project.folder().getFileName() + " --user <reviewer>");
                case PUBLISHED -> console.out().println(qualifiedName + " version " + number + " is published (reviewed by "
                        + user + ")");
                default -> console.out().println(qualifiedName + " version " + number + " is " + moved.getStatus().getLiteral());
            }
            return ExitCodes.OK;
        }
    }

    private static String versions(Definitions definitions, String qualifiedName) {
        return definitions.history(qualifiedName).map(d -> String.join(", ", d.getVersions().stream()
                .map(v -> v.getNumber() + " (" + v.getStatus().getLiteral() + ")").toList())).orElse("none");
    }

    private static int latest(Definitions definitions, String qualifiedName) {
        return definitions.latest(qualifiedName).map(DefinitionVersion::getNumber).orElse(0);
    }
}
