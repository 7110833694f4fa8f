package io.sextant.cli.internal;

import java.util.List;

/**
 * One command of the command line ({@code sextant <name> ...}). Commands are listed in {@link Cli#COMMANDS};
 * their help text is made from what they declare here, and their arguments are parsed against it before
 * {@link #run} is called.
 */
public interface Command {

    /** The word that names the command: {@code sample}, {@code import}, ... */
    String name();

    /** One line for the list of commands. */
    String summary();

    /** What the command does, for {@code --help}: lines of at most 100 characters. */
    String description();

    /** The required arguments, in order. */
    List<Positional> positionals();

    /** The options (besides {@code --help}, which every command has). */
    List<Option> options();

    /**
     * More help for {@code sextant <command> <arguments> --help}, after the command's own: e.g. the parameters
     * of the analysis {@code run <analysis> --help} names. {@code arguments} are the ones given besides --help.
     */
    default String moreHelp(List<String> arguments) {
        return "";
    }

    /**
     * Runs the command. Output goes to {@code console.out()}, progress and notes to {@code console.err()}.
     *
     * @return {@link ExitCodes#OK} or {@link ExitCodes#USER_ERROR} (e.g. validation errors, a failed run)
     * @throws UserError a mistake or refusal: one line on stderr, exit code 1, nothing changed
     * @throws Exception anything else: an internal error (exit code 2) unless {@link Cli} knows it as a user's
     */
    int run(ParsedArguments arguments, Console console) throws Exception;
}
