package io.sextant.cli.internal.commands;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import io.sextant.cli.internal.Command;
import io.sextant.cli.internal.Console;
import io.sextant.cli.internal.ExitCodes;
import io.sextant.cli.internal.Option;
import io.sextant.cli.internal.ParsedArguments;
import io.sextant.cli.internal.Positional;
import io.sextant.cli.internal.UserError;
import io.sextant.data.generator.GroundTruth;
import io.sextant.data.generator.Tier;
import io.sextant.project.SampleProjects;
import io.sextant.project.SextantProject;

/** {@code sextant sample <dir>}: a new project with generated data and example definitions. */
public final class SampleCommand implements Command {

    @Override
    public String name() {
        return "sample";
    }

    @Override
    public String summary() {
        return "create a sample project: generated event data, imported, and example definitions";
    }

    @Override
    public String description() {
        return """
                Creates a project in <dir> (a new or empty folder): synthetic event data of a tier, seeded and
                with its ground truth, generated into <dir>/data/ and imported into the project's event source,
                and example definitions over those events in <dir>/definitions/ (core.seg, growth.seg, with the
                playbook Q3Growth). The project is made in a hidden folder beside <dir> and moved into place when
                complete: a failed or interrupted creation leaves nothing. Tier S takes seconds, M minutes.
                """;
    }

    @Override
    public List<Positional> positionals() {
        return List.of(new Positional("dir", "the new project folder (must not exist, or be empty)"));
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.value("tier", "S|M|L", "the size: S about 100,000 events (470 users, default), M 5 million, L 50 million"),
                Option.value("seed", "N", "the generator's seed (default " + SampleProjects.DEFAULT_SEED + "); the same seed gives the same data"));
    }

    @Override
    public int run(ParsedArguments arguments, Console console) throws Exception {
        Path folder = Path.of(arguments.positional("dir"));
        Tier tier = tier(arguments.value("tier").orElse("S"));
        long seed = arguments.number("seed").orElse(SampleProjects.DEFAULT_SEED);
        GroundTruth truth = SampleProjects.create(folder, tier, seed, console.progress());
        console.out().printf("created the sample project %s: tier %s, seed %d, %,d users, %,d event rows generated"
                + " and imported%n", folder, tier, seed, truth.users(), truth.eventRows());
        console.out().printf("  data:        %s%n", folder.resolve("data"));
        console.out().printf("  definitions: %s (%s)%n", folder.resolve(SextantProject.DEFINITIONS_FOLDER),
                String.join(", ", SampleProjects.DEFINITION_FILES));
        console.out().printf("next: sextant validate %s; sextant run Q3Growth --project %s%n", folder, folder);
        return ExitCodes.OK;
    }

    private static Tier tier(String text) throws UserError {
        try {
            return Tier.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserError("--tier: '" + text + "' is not a tier; use S, M or L");
        }
    }
}
