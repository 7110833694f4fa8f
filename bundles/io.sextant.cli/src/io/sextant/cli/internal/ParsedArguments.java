package io.sextant.cli.internal;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A command's arguments after parsing: its positional arguments by name and the values of its options. The
 * typed getters turn a bad value into a {@link UserError} naming the option.
 */
public final class ParsedArguments {

    private final Map<String, String> positionals = new LinkedHashMap<>();
    private final Map<String, List<String>> options = new LinkedHashMap<>();

    private final Map<String, List<String>> repeated = new LinkedHashMap<>();

    void putPositional(String name, String value) {
        positionals.putIfAbsent(name, value);
        repeated.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }

    void addOption(String name, String value) {
        options.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }

    /** The positional argument of this name (required, so always there after parsing). */
    public String positional(String name) {
        String value = positionals.get(name);
        if (value == null) {
            throw new IllegalArgumentException("the command declares no argument <" + name + ">");
        }
        return value;
    }

    /** Every value of a repeatable positional argument, in the order given (the first is {@link #positional}). */
    public List<String> positionals(String name) {
        List<String> values = repeated.get(name);
        if (values == null) {
            throw new IllegalArgumentException("the command declares no argument <" + name + ">");
        }
        return List.copyOf(values);
    }

    public Optional<String> value(String option) {
        List<String> values = options.get(option);
        return values == null ? Optional.empty() : Optional.of(values.get(values.size() - 1));
    }

    /** Every value of a repeatable option, in the order given. */
    public List<String> values(String option) {
        return List.copyOf(options.getOrDefault(option, List.of()));
    }

    public boolean flag(String option) {
        return options.containsKey(option);
    }

    /** The value of a required option, or a mistake naming it. */
    public String required(String option) throws UserError {
        return value(option).orElseThrow(() -> new UserError("--" + option + " is required"));
    }

    /** An option's value as a date written YYYY-MM-DD. */
    public Optional<LocalDate> date(String option) throws UserError {
        Optional<String> text = value(option);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(text.get().strip()));
        } catch (DateTimeParseException e) {
            throw new UserError("--" + option + ": '" + text.get() + "' is not a date; write it as YYYY-MM-DD, e.g. 2025-03-31");
        }
    }

    /** An option's value as a whole number. */
    public Optional<Long> number(String option) throws UserError {
        Optional<String> text = value(option);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(text.get().strip()));
        } catch (NumberFormatException e) {
            throw new UserError("--" + option + ": '" + text.get() + "' is not a whole number");
        }
    }

    /** A path argument or option value, as given (relative to the working directory). */
    public static Path path(String text) {
        return Path.of(text);
    }
}
