package io.sextant.cli.internal;

/**
 * A required argument of a command that is given by position, such as the project folder of validate. The last
 * one of a command may be {@code repeatable}: it takes every further argument (at least one).
 */
public record Positional(String name, String description, boolean repeatable) {

    public Positional(String name, String description) {
        this(name, description, false);
    }

    /** An argument given one or more times, as the last of a command's: {@code <definition>...}. */
    public static Positional repeatable(String name, String description) {
        return new Positional(name, description, true);
    }
}
