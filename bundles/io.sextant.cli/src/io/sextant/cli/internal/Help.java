package io.sextant.cli.internal;

import java.util.List;

/** The help texts: the overview ({@code sextant --help}) and each command's ({@code sextant <command> --help}). */
final class Help {

    static final String EXIT_CODES = """
            Exit codes:
              0  the command did what it was asked
              1  a mistake or a refusal, told in one line on stderr: a bad argument, a missing file, an unknown
                 definition, a project with errors or without data, a failed run, a review rule; nothing was
                 changed by it
              2  an internal error of Sextant (the line on stderr names the log with the details)
            """;

    private Help() {
    }

    static String overview(List<Command> commands, String version) {
        StringBuilder text = new StringBuilder();
        text.append("Usage: sextant <command> [arguments] [options]\n\n");
        text.append("Sextant ").append(version).append(", the command line: works on a project folder without the IDE\n");
        text.append("and without a display.\n\nCommands:\n");
        int width = commands.stream().mapToInt(c -> c.name().length()).max().orElse(0) + 2;
        for (Command command : commands) {
            text.append("  ").append(pad(command.name(), width)).append(command.summary()).append('\n');
        }
        text.append("""

                sextant <command> --help shows a command's arguments and options; sextant --version the version.
                Results go to stdout; progress, notes and errors to stderr.

                """);
        text.append(EXIT_CODES);
        text.append("""

                Environment:
                  SEXTANT_USER     who you are in the repository (else the system user); --user overrides it
                  JAVA_HOME        the Java 21+ to run on (else java on the PATH)
                  SEXTANT_VM_ARGS  extra JVM options, e.g. -Xmx4g for a large import
                """);
        return text.toString();
    }

    static String command(Command command) {
        StringBuilder text = new StringBuilder();
        text.append("Usage: ").append(ArgumentParser.usage(command)).append("\n\n");
        text.append(command.description().strip()).append("\n");
        int width = Math.max(command.positionals().stream().mapToInt(p -> p.name().length() + 2).max().orElse(0),
                command.options().stream().mapToInt(o -> o.synopsis().length()).max().orElse(0));
        width = Math.max(width, "--help".length()) + 2;
        if (!command.positionals().isEmpty()) {
            text.append("\nArguments:\n");
            for (Positional positional : command.positionals()) {
                text.append("  ").append(pad("<" + positional.name() + ">", width)).append(positional.description()).append('\n');
            }
        }
        text.append("\nOptions:\n");
        for (Option option : command.options()) {
            String description = option.description() + (option.required() ? " (required)" : "")
                    + (option.repeatable() ? " (may be repeated)" : "");
            text.append("  ").append(pad(option.synopsis(), width)).append(description).append('\n');
        }
        text.append("  ").append(pad("--help", width)).append("show this help\n\n");
        text.append(EXIT_CODES);
        return text.toString();
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text + "  " : text + " ".repeat(width - text.length());
    }
}
