package io.sextant.cli.internal.commands;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import io.sextant.cli.internal.Command;
import io.sextant.cli.internal.Console;
import io.sextant.cli.internal.ExitCodes;
import io.sextant.cli.internal.Option;
import io.sextant.cli.internal.ParsedArguments;
import io.sextant.cli.internal.Positional;
import io.sextant.cli.internal.UserError;
import io.sextant.project.SextantProject;

/** {@code sextant init <dir>}: a new, empty project to write definitions in and import data into. */
public final class InitCommand implements Command {

    @Override
    public String name() {
        return "init";
    }

    @Override
    public String summary() {
        return "create an empty project: a folder with definitions/ and a first .seg file";
    }

    @Override
    public String description() {
        return """
                Creates a project in <dir> (a new or empty folder): the folder definitions/ with a first file
                <name>.seg declaring the package <name> (the folder's name, made a valid identifier), with a
                commented example. Any folder is a project: init only saves writing those by hand. The data and
                the repository (in .sextant/) are created by the first import and the first run. Next: sextant
                import <events.csv> --project <dir> --mapping ..., then sextant validate <dir>.
                """;
    }

    @Override
    public List<Positional> positionals() {
        return List.of(new Positional("dir", "the new project folder (must not exist, or be empty)"));
    }

    @Override
    public List<Option> options() {
        return List.of();
    }

    @Override
    public int run(ParsedArguments arguments, Console console) throws Exception {
        Path folder = Path.of(arguments.positional("dir"));
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new UserError(folder + " is a file, not a folder");
        }
        if (Files.isDirectory(folder)) {
            try (Stream<Path> entries = Files.list(folder)) {
                if (entries.findAny().isPresent()) {
                    throw new UserError(folder + " is not empty; init makes a new project in a new or empty folder"
                            + " (a folder with .seg files is a project already)");
                }
            }
        }
        String name = packageName(folder.toAbsolutePath().normalize().getFileName());
        Path definitions = folder.resolve(SextantProject.DEFINITIONS_FOLDER);
        Path file = definitions.resolve(name + ".seg");
        try {
            Files.createDirectories(definitions);
            Files.writeString(file, starter(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserError("cannot create the project " + folder + ": " + e.getMessage(), e);
        }
        console.out().printf("created the project %s with %s%n", folder, folder.relativize(file).toString().replace('\\', '/'));
        console.out().printf("next: sextant import <events.csv> --project %s --mapping user=...,event=...,time=...;"
                + " then sextant validate %s%n", folder, folder);
        return ExitCodes.OK;
    }

    /** The folder's name as a package: lower case letters, digits and underscores, starting with a letter. */
    static String packageName(Path name) {
        String text = name == null ? "" : name.toString().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "_")
                .replaceAll("^_+|_+$", "");
        if (text.isEmpty() || !Character.isLetter(text.charAt(0))) {
            text = "project" + (text.isEmpty() ? "" : "_" + text);
        }
        return text;
    }

    private static String starter(String name) {
        return "package " + name + "\n\n"
                + "// Definitions of the project " + name + ". Every .seg file under the project folder is read together;\n"
                + "// sextant validate lists their problems. An example, once events named 'signup' and 'purchase'\n"
                + "// are imported:\n"
                + "//\n"
                + "// segment Buyers {\n"
                + "//     owner \"you@example.com\"\n"
                + "//     description \"Users with a purchase in their first week\"\n"
                + "//     where count \"purchase\" within 7 days after signup >= 1\n"
                + "// }\n";
    }
}
