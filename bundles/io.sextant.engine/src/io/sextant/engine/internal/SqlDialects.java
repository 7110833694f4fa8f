package io.sextant.engine.internal;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

import io.sextant.data.Dialect;
import io.sextant.data.Dialects;
import io.sextant.dsl.context.ValueType;

/**
 * Everything the engine does differently per SQL engine, in one place. jOOQ renders the dialect's syntax
 * (date arithmetic, casts, quoting); what is left is here: which jOOQ dialect, the collation that makes text
 * order agree, and the temporary table that holds a segment's members for the length of a run.
 */
public final class SqlDialects {

    static {
        // jOOQ prints a banner and tips on first use; a product's log is not the place
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
    }

    private SqlDialects() {
    }

    /** The jOOQ dialect for a data source's dialect. */
    public static SQLDialect jooq(Dialect dialect) {
        if (dialect == Dialects.H2 || "h2".equals(dialect.name())) {
            return SQLDialect.H2;
        }
        if (dialect == Dialects.DUCKDB || "duckdb".equals(dialect.name())) {
            return SQLDialect.DUCKDB;
        }
        if (dialect == Dialects.POSTGRESQL || "postgresql".equals(dialect.name())) {
            return SQLDialect.POSTGRES;
        }
        if (dialect == Dialects.TRINO || "trino".equals(dialect.name())) {
            return SQLDialect.TRINO;
        }
        throw new IllegalArgumentException("the engine has no SQL dialect for '" + dialect.name() + "'");
    }

    /**
     * A jOOQ context that renders for the dialect: base tables and columns unquoted (H2 folds them to upper
     * case, PostgreSQL to lower case, as they were created), property columns quoted (they were created
     * quoted), optionally formatted for people to read.
     */
    public static DSLContext context(SQLDialect dialect, boolean formatted) {
        Settings settings = new Settings()
                .withRenderQuotedNames(RenderQuotedNames.EXPLICIT_DEFAULT_UNQUOTED)
                .withRenderFormatted(formatted)
                .withExecuteLogging(false);
        return DSL.using(dialect, settings);
    }

    /**
     * The field as it is to be compared with {@code <, <=, >, >=}. Texts order by their characters' code
     * points on H2 and DuckDB; PostgreSQL orders by the database's locale unless told the "C" collation.
     */
    @SuppressWarnings("unchecked")
    public static <T> Field<T> orderable(SQLDialect dialect, Field<T> field, ValueType type) {
        if (type == ValueType.TEXT && dialect == SQLDialect.POSTGRES) {
            return (Field<T>) ((Field<String>) field).collate(DSL.collation(DSL.quotedName("C")));
        }
        return field;
    }

    /** The DDL of the temporary table that holds a segment's members during a run (one user id per row). */
    public static String createMembersTable(SQLDialect dialect, String table) {
        return switch (dialect) {
            // LOCAL: private to the run's session (H2's plain TEMPORARY tables are visible to all sessions)
            case H2 -> "CREATE LOCAL TEMPORARY TABLE " + table + " (user_id VARCHAR NOT NULL PRIMARY KEY)";
            // DuckDB joins by hashing; a key would only slow the insert down
            case DUCKDB -> "CREATE TEMPORARY TABLE " + table + " (user_id VARCHAR NOT NULL)";
            // no temporary tables: a table of the staging schema (the name says where), which the run drops
            case TRINO -> "CREATE TABLE " + table + " (user_id varchar)";
            default -> "CREATE TEMPORARY TABLE " + table + " (user_id TEXT NOT NULL PRIMARY KEY)";
        };
    }

    /**
     * The DDL of the temporary table that holds an experiment's assignments during a run: one row per user, the
     * variant of their first assignment event and whether their events name several variants.
     */
    public static String createAssignmentsTable(SQLDialect dialect, String table) {
        return switch (dialect) {
            case H2 -> "CREATE LOCAL TEMPORARY TABLE " + table
                    + " (user_id VARCHAR NOT NULL PRIMARY KEY, variant VARCHAR, several_variants INTEGER NOT NULL)";
            case DUCKDB -> "CREATE TEMPORARY TABLE " + table
                    + " (user_id VARCHAR NOT NULL, variant VARCHAR, several_variants INTEGER NOT NULL)";
            case TRINO -> "CREATE TABLE " + table + " (user_id varchar, variant varchar, several_variants integer)";
            default -> "CREATE TEMPORARY TABLE " + table
                    + " (user_id TEXT NOT NULL PRIMARY KEY, variant TEXT, several_variants INTEGER NOT NULL)";
        };
    }

    /**
     * Whether a per-user table that an analysis joins ({@code EngineRun.joinableByUser}) gets an index on user_id
     * in its temporary table: H2 joins by nested loops and looks each row up; PostgreSQL plans with it; DuckDB
     * hash-joins, and an index would only slow the insert down.
     */
    public static boolean indexesJoinedTables(SQLDialect dialect) {
        return dialect != SQLDialect.DUCKDB && dialect != SQLDialect.TRINO;
    }

    /** A temporary table of the run holding the rows of {@code query} (rendered SQL, its values bound). */
    public static String createTableAs(SQLDialect dialect, String table, String query) {
        return switch (dialect) {
            case H2 -> "CREATE LOCAL TEMPORARY TABLE " + table + " AS " + query;
            case TRINO -> "CREATE TABLE " + table + " AS " + query;
            default -> "CREATE TEMPORARY TABLE " + table + " AS " + query;
        };
    }

    /**
     * Whether a segment asked for alone has its nested segments written into its query as subqueries, when the
     * run has not computed them yet, instead of each being filled into a temporary table first. DuckDB and
     * PostgreSQL plan the one query as a whole (a semi-join or anti-join); each temporary table costs DuckDB
     * three statements (PowerNotBuyers, tier M: 0.175 s against the expert query's 0.132 s). H2 keeps the
     * tables: it may run a subquery in a condition again for each row.
     */
    public static boolean inlinesNestedSegmentsAskedAlone(SQLDialect dialect) {
        return dialect == SQLDialect.DUCKDB || dialect == SQLDialect.POSTGRES || dialect == SQLDialect.TRINO;
    }

    /**
     * Whether members a run read into memory are inserted from there into a table when a later question needs
     * them: not on Trino, where each row inserted is a statement of its own (a query of the cluster); the
     * members are computed again there by one CREATE TABLE ... AS.
     */
    public static boolean copiesMembersFromMemory(SQLDialect dialect) {
        return dialect != SQLDialect.TRINO;
    }

    /** Statistics after filling a members table, where the engine's planner needs them. */
    public static String analyzeMembersTable(SQLDialect dialect, String table) {
        return dialect == SQLDialect.POSTGRES ? "ANALYZE " + table : null;
    }
}
