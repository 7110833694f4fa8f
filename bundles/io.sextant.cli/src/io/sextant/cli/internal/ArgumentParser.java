package io.sextant.cli.internal;

import java.util.List;
import java.util.Optional;

/**
 * Parses a command's arguments against what it declares: positional arguments in order, options as
 * {@code --name value}, {@code --name=value} or {@code --flag}, anywhere on the line; {@code --} ends the
 * options. Every mistake is one line naming the argument (a plain parser: the commands need nothing more, and
 * it keeps the product free of another library).
 */
public final class ArgumentParser {

    private ArgumentParser() {
    }

    public static ParsedArguments parse(Command command, List<String> arguments) throws UserError {
        ParsedArguments parsed = new ParsedArguments();
        List<Positional> positionals = command.positionals();
        int position = 0;
        boolean optionsEnded = false;
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            if (!optionsEnded && argument.equals("--")) {
                optionsEnded = true;
                continue;
            }
            if (!optionsEnded && argument.startsWith("-") && argument.length() > 1) {
                if (!argument.startsWith("--")) {
                    throw new UserError(command.name() + ": unknown option '" + argument + "'; options are written --name"
                            + " (see sextant " + command.name() + " --help)");
                }
                String body = argument.substring(2);
                int equals = body.indexOf('=');
                String name = equals < 0 ? body : body.substring(0, equals);
                Option option = find(command, name).orElseThrow(() -> new UserError(command.name() + ": unknown option '--"
                        + name + "'; known: " + known(command)));
                if (!option.takesValue()) {
                    if (equals >= 0) {
                        throw new UserError(command.name() + ": --" + name + " takes no value");
                    }
                    parsed.addOption(name, "true");
                    continue;
                }
                String value;
                if (equals >= 0) {
                    value = body.substring(equals + 1);
                } else if (i + 1 < arguments.size()) {
                    value = arguments.get(++i);
                } else {
                    throw new UserError(command.name() + ": --" + name + " needs a value: " + option.synopsis());
                }
                if (!option.repeatable() && parsed.value(name).isPresent()) {
                    throw new UserError(command.name() + ": --" + name + " is given twice");
                }
                parsed.addOption(name, value);
                continue;
            }
            if (position >= positionals.size() && !positionals.isEmpty()
                    && positionals.get(positionals.size() - 1).repeatable()) {
                parsed.putPositional(positionals.get(positionals.size() - 1).name(), argument);
                continue;
            }
            if (position >= positionals.size()) {
                throw new UserError(command.name() + ": unexpected argument '" + argument + "'; usage: " + usage(command));
            }
            parsed.putPositional(positionals.get(position++).name(), argument);
        }
        if (position < positionals.size()) {
            throw new UserError(command.name() + ": missing <" + positionals.get(position).name() + ">; usage: "
                    + usage(command));
        }
        for (Option option : command.options()) {
            if (option.required() && parsed.value(option.name()).isEmpty()) {
                throw new UserError(command.name() + ": " + option.synopsis() + " is required; usage: " + usage(command));
            }
        }
        return parsed;
    }

    /** {@code sextant validate <dir> [--json]} */
    public static String usage(Command command) {
        StringBuilder usage = new StringBuilder("sextant ").append(command.name());
        for (Positional positional : command.positionals()) {
            usage.append(" <").append(positional.name()).append(positional.repeatable() ? ">..." : ">");
        }
        for (Option option : command.options()) {
            String synopsis = option.synopsis() + (option.repeatable() ? " ..." : "");
            usage.append(' ').append(option.required() ? synopsis : "[" + synopsis + "]");
        }
        return usage.toString();
    }

    private static Optional<Option> find(Command command, String name) {
        return command.options().stream().filter(o -> o.name().equals(name)).findFirst();
    }

    private static String known(Command command) {
        List<String> names = command.options().stream().map(o -> "--" + o.name()).toList();
        return names.isEmpty() ? "none besides --help" : String.join(", ", names) + ", --help";
    }
}
