package io.sextant.cli.internal;

/**
 * An option of a command, written {@code --name value} or {@code --name=value} ({@code valueName} set), or a
 * flag {@code --name} ({@code valueName} null). A repeatable option may be given several times; a required
 * one must be given.
 */
public record Option(String name, String valueName, boolean repeatable, boolean required, String description) {

    public static Option flag(String name, String description) {
        return new Option(name, null, false, false, description);
    }

    public static Option value(String name, String valueName, String description) {
        return new Option(name, valueName, false, false, description);
    }

    public static Option required(String name, String valueName, String description) {
        return new Option(name, valueName, false, true, description);
    }

    public static Option repeatable(String name, String valueName, String description) {
        return new Option(name, valueName, true, false, description);
    }

    /** The project folder option most commands share. */
    public static Option project() {
        return required("project", "dir", "the project folder");
    }

    /** Who the repository records as the author, reviewer or runner. */
    public static Option user() {
        return value("user", "name", "who you are in the repository (default: $SEXTANT_USER, else the system user)");
    }

    public boolean takesValue() {
        return valueName != null;
    }

    /** How the option is shown in usage lines: {@code --as-of <date>}. */
    public String synopsis() {
        return "--" + name + (takesValue() ? " <" + valueName + ">" : "");
    }
}
