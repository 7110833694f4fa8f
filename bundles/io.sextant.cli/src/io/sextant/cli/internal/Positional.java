package io.sextant.cli.internal;

/** A required argument of a command that is given by position, such as the project folder of validate. */
public record Positional(String name, String description) {
}
