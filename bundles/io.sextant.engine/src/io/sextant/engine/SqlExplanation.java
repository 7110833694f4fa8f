package io.sextant.engine;

import java.util.List;

/**
 * The SQL the engine runs for a definition on one dialect, formatted for reading: with parameter markers and
 * their values (what is executed), and with the values written in as the dialect's literals (to copy into a
 * SQL console).
 */
public record SqlExplanation(String definition, String dialect, String sql, List<Object> parameters,
        String sqlWithValues) {

    public SqlExplanation {
        parameters = List.copyOf(parameters.stream().map(p -> p == null ? "NULL" : p).toList());
    }
}
