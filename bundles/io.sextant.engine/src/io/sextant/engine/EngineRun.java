package io.sextant.engine;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.table;
import static org.jooq.impl.DSL.unquotedName;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.eclipse.core.runtime.IProgressMonitor;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.SQLDialect;
import org.jooq.Select;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

import io.sextant.dsl.SegDefinitions;
import io.sextant.dsl.seg.Experiment;
import io.sextant.dsl.seg.Metric;
import io.sextant.dsl.seg.Segment;
import io.sextant.engine.internal.DataLayout;
import io.sextant.engine.internal.LogicalPlan;
import io.sextant.engine.internal.LogicalPlan.MetricPlan;
import io.sextant.engine.internal.LogicalPlan.SegmentPlan;
import io.sextant.engine.internal.Planner;
import io.sextant.engine.internal.SqlCompiler;
import io.sextant.engine.internal.SqlDialects;
import io.sextant.engine.internal.Statements;

/**
 * One run of the engine as of a date, on a connection of its own. A segment's members are computed once and
 * reused by every later question of the run that needs them (nested segments, metrics over the segment, other
 * analyses): into a temporary table when a query needs them, or read straight into memory when they are asked
 * for alone (and copied into a table from there if a later query needs them; on DuckDB and PostgreSQL its
 * nested segments that the run has not computed yet are subqueries of that one query). Not thread-safe: one run answers one question at a time; {@link #cancel()}
 * may be called from any thread. Close it to drop the temporary tables and the connection.
 */
public final class EngineRun implements AutoCloseable {

    private final Connection connection;
    private final SQLDialect dialect;
    private final LocalDate asOf;
    private final Planner planner;
    private final SqlCompiler compiler;
    /**
     * Compiles a segment asked for alone: its nested segments from the run's tables when they are there, else
     * as subqueries of the one query (on the engines of {@link SqlDialects#inlinesNestedSegmentsAskedAlone});
     * null where nested segments are always filled into tables first.
     */
    private final SqlCompiler aloneCompiler;
    private final Statements statements;
    private final DSLContext sql;
    private final Map<SegmentPlan, Table<?>> materialised = new HashMap<>();
    /** Experiments' assignments computed in this run, in temporary tables. */
    private final Map<LogicalPlan.Assignment, Table<?>> assignmentTables = new HashMap<>();
    /** Members of segments asked for alone, read without a table. */
    private final Map<SegmentPlan, Set<String>> readAlone = new HashMap<>();
    private final List<String> temporaryTables = new ArrayList<>();
    /** Distinguishes this run's temporary tables from another run's on engines where they are shared. */
    private final String tag = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    /** The events and users tables and where the run's tables go (see {@link DataLayout#staging()}). */
    private final DataLayout layout;
    private IProgressMonitor monitor;

    /**
     * Up to this many members asked for alone are copied from memory when a later question needs them as a
     * table; more are computed again by the database, which is then quicker than inserting them one by one.
     */
    private static final int COPY_FROM_MEMORY_LIMIT = 100_000;

    EngineRun(Connection connection, SQLDialect dialect, DataLayout layout, LocalDate asOf, Duration timeLimit) {
        this.connection = connection;
        this.dialect = dialect;
        this.asOf = asOf;
        this.layout = layout;
        this.planner = new Planner(layout);
        this.compiler = new SqlCompiler(dialect, layout, Engine.asOfInstant(asOf), this::members);
        this.aloneCompiler = SqlDialects.inlinesNestedSegmentsAskedAlone(dialect)
                ? new SqlCompiler(dialect, layout, Engine.asOfInstant(asOf), this::tableOrSubquery)
                : null;
        this.statements = new Statements(connection, timeLimit);
        this.sql = SqlDialects.context(dialect, false);
    }

    public LocalDate asOf() {
        return asOf;
    }

    /**
     * The ids of the segment's members as of the run's date. A segment asked for alone is one query and no
     * table; its members are kept, so that a later question of the run that needs them as a table (a nested
     * segment, a population) copies them from memory instead of computing them again.
     */
    public Set<String> members(Segment segment, IProgressMonitor monitor) throws EngineException {
        this.monitor = monitor;
        SegmentPlan plan = planner.segment(segment);
        Set<String> read = readAlone.get(plan);
        if (read != null) {
            return Collections.unmodifiableSet(read);
        }
        Table<?> table = materialised.get(plan);
        Select<?> query = table != null ? sql.select(field(unquotedName("user_id"), SQLDataType.VARCHAR)).from(table)
                : (aloneCompiler != null ? aloneCompiler : compiler).membership(plan);
        Set<String> ids = statements.query(sql.render(query), sql.extractBindValues(query), "segment " + segment.getName(),
                monitor, rows -> {
                    Set<String> found = new LinkedHashSet<>();
                    while (rows.next()) {
                        found.add(rows.getString(1));
                    }
                    return found;
                });
        if (table == null) {
            readAlone.put(plan, ids);
        }
        return Collections.unmodifiableSet(ids);
    }

    /** The number of the segment's members as of the run's date. */
    public long size(Segment segment, IProgressMonitor monitor) throws EngineException {
        Set<String> read = readAlone.get(planner.segment(segment));
        if (read != null) {
            return read.size();
        }
        Table<?> members = materialise(segment, monitor);
        Select<?> query = sql.selectCount().from(members);
        return statements.query(sql.render(query), sql.extractBindValues(query), "segment " + segment.getName(), monitor,
                rows -> {
                    rows.next();
                    return rows.getLong(1);
                });
    }

    /** The metric's value for every user of {@code population} (every user when null). */
    public MetricValues metricValues(Metric metric, Segment population, IProgressMonitor monitor)
            throws EngineException {
        MetricPlan plan = planner.metric(metric);
        SegmentPlan group = null;
        if (population != null) {
            group = planner.segment(population);
            materialise(population, monitor);
        }
        SqlCompiler.MetricQuery query = compiler.metric(plan, group);
        SqlCompiler.ValueReader reader = query.reader();
        boolean ratio = reader instanceof SqlCompiler.RatioReader;
        return statements.query(sql.render(query.query()), sql.extractBindValues(query.query()),
                "metric " + metric.getName(), monitor, rows -> {
                    Map<String, BigDecimal> values = new LinkedHashMap<>();
                    Map<String, BigDecimal> denominators = ratio ? new LinkedHashMap<>() : null;
                    while (rows.next()) {
                        String user = rows.getString(1);
                        values.put(user, reader.read(rows, 2));
                        if (ratio) {
                            denominators.put(user, ((SqlCompiler.RatioReader) reader).denominator(rows, 2));
                        }
                    }
                    return new MetricValues(SegDefinitions.qualifiedName(metric), values, denominators);
                });
    }

    /** The metric aggregated over the users of {@code population} (every user when null). */
    public MetricSummary summary(Metric metric, Segment population, IProgressMonitor monitor) throws EngineException {
        return metricValues(metric, population, monitor).summary();
    }

    /**
     * The users of the analysis (of {@code population}, or all when null) with their signup times, ordered by
     * id: those who signed up before T or whose signup is unknown.
     */
    public List<UserRecord> users(Segment population, IProgressMonitor monitor) throws EngineException {
        Select<?> query = compiler.users(population == null ? null : planner.segment(population));
        if (population != null) {
            materialise(population, monitor);
        }
        return statements.query(sql.render(query), sql.extractBindValues(query), "the users", monitor, rows -> {
            List<UserRecord> users = new ArrayList<>();
            while (rows.next()) {
                users.add(new UserRecord(rows.getString(1), rows.getObject(2, java.time.LocalDateTime.class)));
            }
            return users;
        });
    }

    /**
     * Streams the assignment events of {@code experiment} before T (its assignment event, passing the clause's
     * property filters) of the analysis' users, ordered by user and time, with the variant property's value
     * as text (null when the event lacks it): what an experiment analysis reads each user's variant from. Among
     * events at the same instant, one without a variant comes first.
     *
     * <p>The rows are read unordered and sorted here, one order for every engine: H2 sorts a result of more than
     * MAX_MEMORY_ROWS (40,000 rows per GB of heap) in a B-tree in a temporary file, which made the ORDER BY cost
     * three times the query itself at 300,000 users (92 s against 27 s). Memory: one row per assignment event,
     * as the analysis keeps one entry per user anyway.
     */
    public long assignments(Experiment experiment, IProgressMonitor monitor, AssignmentVisitor visitor)
            throws EngineException {
        Select<?> query = compiler.assignments(planner.assignment(experiment));
        List<AssignmentRow> read = statements.query(sql.render(query), sql.extractBindValues(query),
                "the assignments of experiment " + experiment.getName(), monitor, rows -> {
                    List<AssignmentRow> found = new ArrayList<>();
                    while (rows.next()) {
                        found.add(new AssignmentRow(rows.getString(1),
                                rows.getObject(2, java.time.LocalDateTime.class), rows.getString(3)));
                        if (found.size() % 100_000 == 0 && monitor != null && monitor.isCanceled()) {
                            throw new java.sql.SQLException("cancelled while reading assignments");
                        }
                    }
                    return found;
                });
        read.sort(AssignmentRow.ORDER);
        for (AssignmentRow row : read) {
            visitor.visit(row.user(), row.time(), row.variant());
        }
        return read.size();
    }

    /** One assignment event as read. */
    private record AssignmentRow(String user, java.time.LocalDateTime time, String variant) {
        /** By user, time, then variant with none first (texts by their characters, as on every engine). */
        static final java.util.Comparator<AssignmentRow> ORDER = java.util.Comparator.comparing(AssignmentRow::user)
                .thenComparing(AssignmentRow::time)
                .thenComparing(AssignmentRow::variant, java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()));
    }


    // ------------------------------------------------------------------ pushdown: what analyses ask the engine

    /**
     * The most rows a pushed-down query may return ({@link #aggregate}): an analysis reads aggregates, whose
     * number is bounded by its groups (steps, cohorts, days, variants, paths), never by users or events.
     */
    public static final int MAX_AGGREGATE_ROWS = 100_000;

    /**
     * The jOOQ context of the run's dialect: build the queries to push down with it (or with {@code DSL}); the
     * run renders them for its engine, values as bound parameters.
     */
    public DSLContext sql() {
        return sql;
    }

    /** The run's SQL dialect, for the few functions an analysis must choose per engine. */
    public SQLDialect dialect() {
        return dialect;
    }

    /** The as-of instant T (the start of the day after the as-of date) as a bound value: nothing at or after it counts. */
    public org.jooq.Field<java.time.LocalDateTime> asOfInstant() {
        return org.jooq.impl.DSL.val(Engine.asOfInstant(asOf), SQLDataType.LOCALDATETIME);
    }

    /**
     * The events before T of the users of {@code population} (all users when null) whose name is one of
     * {@code names} (every event when empty), as a derived table with the columns {@code user_id},
     * {@code event_name}, {@code event_time}: what a pushed-down query groups and joins.
     */
    public Table<?> eventsTable(Segment population, java.util.Collection<String> names, IProgressMonitor monitor)
            throws EngineException {
        SegmentPlan plan = null;
        if (population != null) {
            materialise(population, monitor);
            plan = planner.segment(population);
        }
        return compiler.eventsUnordered(plan, names).asTable(unquotedName("sextant_events"));
    }

    /**
     * The events before T whose name is one of {@code names} (every event when empty), of any user, as a derived
     * table with the columns of {@link #eventsTable}'s. Only for a query that joins them (on user_id) to a table of
     * the analysis' users ({@link #usersTable}, {@link #membersTable}, or one made from them with
     * {@link #joinableByUser}): that join restricts them to those users, so the join to the users table that
     * eventsTable makes is saved (tier M: a fifth of the cohort retention's time on DuckDB).
     */
    public Table<?> eventsOfAnyUser(java.util.Collection<String> names) {
        return compiler.eventsOfAnyUser(names).asTable(unquotedName("sextant_events"));
    }

    /**
     * The users of the analysis (of {@code population}, or all when null: those who signed up before T or whose
     * signup is unknown), as a derived table with the columns {@code user_id}, {@code signup_time}.
     */
    public Table<?> usersTable(Segment population, IProgressMonitor monitor) throws EngineException {
        SegmentPlan plan = null;
        if (population != null) {
            materialise(population, monitor);
            plan = planner.segment(population);
        }
        return compiler.usersUnordered(plan).asTable(unquotedName("sextant_users"));
    }

    /** The segment's members as of the run's date, as a table with the column {@code user_id} (computed once per run). */
    public Table<?> membersTable(Segment segment, IProgressMonitor monitor) throws EngineException {
        return materialise(segment, monitor);
    }

    /**
     * The metric's value per user of {@code population} (all users when null), as a derived table with the
     * columns {@code user_id}, {@code value} and {@code denominator} (DOUBLE; the denominator is null unless the
     * metric is a ratio, whose value is then its numerator). {@code value} is a keyword of H2: the column is named
     * quoted, in lower case, and a query refers to it quoted too ({@code DSL.quotedName("value")}), or renames the
     * columns in its alias ({@code metricTable(...).as(name, userId, x, d)}).
     */
    public Table<?> metricTable(Metric metric, Segment population, IProgressMonitor monitor) throws EngineException {
        SegmentPlan group = null;
        if (population != null) {
            materialise(population, monitor);
            group = planner.segment(population);
        }
        return compiler.metricValues(planner.metric(metric), group).asTable(unquotedName("sextant_metric"));
    }

    /**
     * The experiment's assignments as a table of the run, one row per user of the analysis with an assignment
     * event before T (its assignment event, passing the clause's property filters), with the columns {@code user_id},
     * {@code variant} and {@code several_variants}: the language's rule, decided in SQL.
     * <ul>
     * <li>{@code variant}: the variant property (as text) of the user's first assignment event, by time; among
     * events at the same instant one without a variant comes first (the order of {@link #assignments}). Null
     * when that first event names no variant.</li>
     * <li>{@code several_variants}: 1 when the user's assignment events name more than one variant, else 0.</li>
     * </ul>
     * What counts is the analysis' to say: the experiment analysis leaves out a user whose first event names no
     * variant, then one with several variants, then one whose variant the experiment does not define. Not
     * restricted to the experiment's population: join {@link #membersTable} for that. Computed once per run into
     * a temporary table keyed by user (the window functions run once, and every metric's query joins the table).
     */
    public Table<?> assignmentTable(Experiment experiment, IProgressMonitor monitor) throws EngineException {
        this.monitor = monitor;
        LogicalPlan.Assignment plan = planner.assignment(experiment);
        Table<?> known = assignmentTables.get(plan);
        if (known != null) {
            return known;
        }
        String name = layout.staging() + "sextant_assignments_" + tag + "_" + (temporaryTables.size() + 1);
        String what = "the assignments of experiment " + experiment.getName();
        statements.execute(SqlDialects.createAssignmentsTable(dialect, name), List.of(), what, monitor);
        temporaryTables.add(name);
        Table<?> table = table(unquotedName(name));
        Query insert = sql.insertInto(table, field(unquotedName("user_id"), SQLDataType.VARCHAR),
                field(unquotedName("variant"), SQLDataType.VARCHAR),
                field(unquotedName("several_variants"), SQLDataType.INTEGER))
                .select((Select) compiler.firstAssignments(plan));
        statements.execute(sql.render(insert), sql.extractBindValues(insert), what, monitor);
        String analyze = SqlDialects.analyzeMembersTable(dialect, name);
        if (analyze != null) {
            statements.execute(analyze, List.of(), what, monitor);
        }
        assignmentTables.put(plan, table);
        return table;
    }

    /**
     * A derived table an analysis built, one row per user with a {@code user_id} column, computed once into a
     * temporary table of the run, which later queries join on user_id (to a metric's table, to the events) and
     * read as often as they need without computing it again. Why a table on every engine: H2 joins by nested
     * loops and evaluates an inner derived table again for every row of the outer one (a metric's table joined
     * to another took 44 s where either alone took 1.5 s, at 5,000 users), so there it gets an index on user_id;
     * DuckDB and PostgreSQL hash-join, but an analysis that reads the rows twice (a count, then the query that
     * groups the events by them) otherwise computes them twice: behaviour → outcome at tier M spent 1.1 s in a
     * query that takes 0.25 s over the table. The rows stay in the database. {@code what} names the work in
     * messages.
     */
    public Table<?> joinableByUser(Select<?> perUser, String what, IProgressMonitor monitor) throws EngineException {
        this.monitor = monitor;
        String name = layout.staging() + "sextant_per_user_" + tag + "_" + (temporaryTables.size() + 1);
        statements.execute(SqlDialects.createTableAs(dialect, name, sql.render(perUser)), sql.extractBindValues(perUser),
                what, monitor);
        temporaryTables.add(name);
        if (SqlDialects.indexesJoinedTables(dialect)) {
            statements.execute("CREATE INDEX " + name + "_by_user ON " + name + " (user_id)", List.of(), what, monitor);
        }
        String analyze = SqlDialects.analyzeMembersTable(dialect, name);
        if (analyze != null) {
            statements.execute(analyze, List.of(), what, monitor);
        }
        return table(unquotedName(name));
    }

    /**
     * Runs a pushed-down query and returns its rows, at most {@link #MAX_AGGREGATE_ROWS}: a query that returns
     * more is stopped with an error that says so (it would be reading users or events, not aggregates). Stops
     * when the monitor is cancelled, {@link #cancel()} is called or the time limit passes, like every query of
     * the run. {@code what} names the work in messages ("the funnel's steps").
     */
    public org.jooq.Result<org.jooq.Record> aggregate(Select<?> query, String what, IProgressMonitor monitor)
            throws EngineException {
        return aggregate(query, what, MAX_AGGREGATE_ROWS, monitor);
    }

    /** {@link #aggregate(Select, String, IProgressMonitor)} with a smaller bound of its own. */
    public org.jooq.Result<org.jooq.Record> aggregate(Select<?> query, String what, int maxRows,
            IProgressMonitor monitor) throws EngineException {
        if (maxRows < 1 || maxRows > MAX_AGGREGATE_ROWS) {
            throw new IllegalArgumentException("maxRows is 1 to " + MAX_AGGREGATE_ROWS + ", not " + maxRows);
        }
        this.monitor = monitor;
        return statements.query(sql.render(query), sql.extractBindValues(query), what, monitor, rows -> {
            org.jooq.Result<org.jooq.Record> read;
            try (org.jooq.Cursor<org.jooq.Record> cursor = sql.fetchLazy(rows)) {
                read = cursor.fetchNext(maxRows);
                if (cursor.hasNext()) {
                    throw new java.sql.SQLException(what + " returned more than " + maxRows
                            + " rows; a pushed-down query returns aggregates (group it by fewer keys)");
                }
            }
            return read;
        });
    }

    /**
     * A fingerprint of the data as this run reads it: a hash of the source's completed imports (id, rows, time)
     * and its row counts. It changes with every import, so a stored result tells whether its data is still the
     * same.
     */
    public String dataFingerprint(IProgressMonitor monitor) throws EngineException {
        if (dialect == SQLDialect.TRINO) {
            return externalFingerprint(monitor);
        }
        String imports = statements.query(io.sextant.data.DataFingerprint.IMPORTS_QUERY, List.of(),
                "the data fingerprint", monitor, io.sextant.data.DataFingerprint::imports);
        long[] counts = statements.query(io.sextant.data.DataFingerprint.COUNTS_QUERY, List.of(), "the data fingerprint",
                monitor, rows -> {
                    rows.next();
                    return new long[] { rows.getLong(1), rows.getLong(2) };
                });
        return io.sextant.data.DataFingerprint.of(imports, counts[0], counts[1]);
    }

    /**
     * The fingerprint of a source that records no imports (a Trino source over a lake): its events' count, users'
     * count, earliest and latest event time, as the run reads them. A lake changes by new files, which change the
     * counts and, as events arrive, the latest time.
     */
    private String externalFingerprint(IProgressMonitor monitor) throws EngineException {
        org.jooq.Field<java.time.LocalDateTime> time = field(unquotedName("event_time"), SQLDataType.LOCALDATETIME);
        Select<?> events = sql.select(org.jooq.impl.DSL.count(), org.jooq.impl.DSL.min(time), org.jooq.impl.DSL.max(time))
                .from(layout.events().as("e"));
        Object[] read = statements.query(sql.render(events), sql.extractBindValues(events), "the data fingerprint",
                monitor, rows -> {
                    rows.next();
                    return new Object[] { rows.getLong(1), rows.getString(2), rows.getString(3) };
                });
        long users = 0;
        if (layout.hasUsers()) {
            Select<?> count = sql.selectCount().from(layout.users().as("u"));
            users = statements.query(sql.render(count), sql.extractBindValues(count), "the data fingerprint", monitor,
                    rows -> {
                        rows.next();
                        return rows.getLong(1);
                    });
        }
        return io.sextant.data.DataFingerprint.of("external|" + read[1] + "|" + read[2] + "\n", (Long) read[0], users);
    }

    /** Stops the running query, if any; this run answers nothing more. */
    public void cancel() {
        statements.cancel();
    }

    private Table<?> materialise(Segment segment, IProgressMonitor monitor) throws EngineException {
        this.monitor = monitor;
        return members(planner.segment(segment));
    }

    /** A nested segment's members in a segment asked for alone: the run's table if it has one, else a subquery. */
    private Table<?> tableOrSubquery(SegmentPlan segment) throws EngineException {
        Table<?> known = materialised.get(segment);
        return known != null ? known : aloneCompiler.membership(segment).asTable();
    }

    /** The temporary table of the segment's members, filled on first use (nested segments first). */
    private Table<?> members(SegmentPlan segment) throws EngineException {
        Table<?> known = materialised.get(segment);
        if (known != null) {
            return known;
        }
        String name = layout.staging() + "sextant_members_" + tag + "_" + (temporaryTables.size() + 1);
        String what = "segment " + segment.name();
        statements.execute(SqlDialects.createMembersTable(dialect, name), List.of(), what, monitor);
        temporaryTables.add(name);
        Table<?> table = table(unquotedName(name));
        Set<String> read = readAlone.get(segment);
        if (read != null && read.size() <= COPY_FROM_MEMORY_LIMIT && SqlDialects.copiesMembersFromMemory(dialect)) {
            statements.executeForEach("INSERT INTO " + name + " (user_id) VALUES (?)", read, what, monitor);
        } else {
            Query insert = sql.insertInto(table, field(unquotedName("user_id"), SQLDataType.VARCHAR)).select(
                    (Select) compiler.membership(segment));
            statements.execute(sql.render(insert), sql.extractBindValues(insert), what, monitor);
        }
        String analyze = SqlDialects.analyzeMembersTable(dialect, name);
        if (analyze != null) {
            statements.execute(analyze, List.of(), what, monitor);
        }
        materialised.put(segment, table);
        return table;
    }

    /** Drops the run's temporary tables and closes its connection. */
    @Override
    public void close() {
        try (Connection closing = connection) {
            for (String table : temporaryTables) {
                try (var statement = closing.createStatement()) {
                    statement.execute("DROP TABLE IF EXISTS " + table);
                } catch (SQLException e) {
                    // the connection's end drops temporary tables too
                }
            }
        } catch (SQLException e) {
            // nothing is lost: temporary tables end with the session
        }
    }
}
