package io.sextant.store;

/**
 * Who makes a change. The repository records it on every version, review step, run and audit entry. The
 * IDE reads it from the preferences (default: the operating system's user); tests and the command line
 * pass their own.
 */
@FunctionalInterface
public interface Identity {

    /** The user name to record; never blank. */
    String userName();

    /** The operating system's user (the JVM's user.name). */
    static Identity osUser() {
        return () -> System.getProperty("user.name", "unknown");
    }

    static Identity of(String userName) {
        return () -> userName;
    }
}
