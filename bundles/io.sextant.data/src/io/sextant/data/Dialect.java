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
     * An INSERT of {@code columns} into {@code table} that does not add a row when one with the same value in
     * {@code keyColumn} (unique) exists. In a JDBC batch, such a row either has the update count 0 or fails
     * with a duplicate-key error ({@link #isDuplicateKey}) while the batch and the transaction go on; the
     * importer counts both as duplicates. Table and column names are given as they are to appear in SQL
     * (quoted by the caller where needed); {@code columnTypes} are their SQL types. Parameters: one per
     * column, in order.
     */
    String insertUnlessKeyExists(String table, String keyColumn, java.util.List<String> columns,
            java.util.List<String> columnTypes);

    /** Whether the exception is a violation of a unique key (SQLSTATE 23505 in the standard). */
    default boolean isDuplicateKey(java.sql.SQLException e) {
        return "23505".equals(e.getSQLState());
    }
}
