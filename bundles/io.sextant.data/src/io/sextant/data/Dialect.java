package io.sextant.data;

import io.sextant.dsl.context.ValueType;

/**
 * What differs between SQL engines for the event data: column types, identifier quoting and the statement
 * that inserts a row unless one with the same key exists. Values never reach SQL text: statements built
 * here take them as bound parameters.
 */
public interface Dialect {

    /** A short name for messages and settings, e.g. "h2". */
    String name();

    /** The column type that holds values of this type. */
    String columnType(ValueType type);

    /** The identifier quoted so that any generated name is taken literally. */
    default String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /**
     * An INSERT of {@code columns} into {@code table} that inserts nothing when a row with the same value in
     * {@code keyColumn} (the first of {@code columns}) exists. Table and column names are given as they
     * are to appear in SQL (quoted by the caller where needed). Its update count is 1 for an inserted row and 0
     * for a skipped one, which is how duplicates are counted. Parameters: one per column, in order;
     * {@code columnTypes} are the columns' SQL types, for engines that must know a parameter's type.
     */
    String insertUnlessKeyExists(String table, String keyColumn, java.util.List<String> columns,
            java.util.List<String> columnTypes);
}
