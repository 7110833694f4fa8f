package io.sextant.engine;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Objects;

import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.Select;

import io.sextant.data.EventDataSource;
import io.sextant.dsl.SegDefinitions;
import io.sextant.dsl.seg.Definition;
import io.sextant.dsl.seg.Metric;
import io.sextant.dsl.seg.Segment;
import io.sextant.engine.internal.DataLayout;
import io.sextant.engine.internal.LogicalPlan.SegmentPlan;
import io.sextant.engine.internal.Planner;
import io.sextant.engine.internal.SqlCompiler;
import io.sextant.engine.internal.SqlDialects;

/**
 * Answers segment and metric definitions on a data source: compiles them (definition → logical plan → SQL for
 * the source's dialect, through jOOQ) and runs them. The dialect is the data source's; callers never see SQL
 * differences. Definitions are the language's parsed model with references resolved.
 *
 * <p>Time: an analysis runs as of a date D; its instant T is the start of D + 1 (UTC), and no event at or after
 * T counts (see the language reference).
 */
public final class Engine {

    /** The time limit of one query unless the caller gives another. */
    public static final Duration DEFAULT_TIME_LIMIT = Duration.ofMinutes(10);

    /**
     * How long a data layout read from the source is used again without asking: imports in this process are
     * seen at once (they are counted), an import by another process (the command line beside the IDE) within
     * this time.
     */
    static final Duration LAYOUT_REUSE = Duration.ofSeconds(10);

    private final EventDataSource source;
    private final SQLDialect dialect;
    private volatile KnownLayout known;

    /** A layout with the source's import count when it was read and the time it was read at. */
    private record KnownLayout(DataLayout layout, long importsEnded, long readAtNanos) {
    }

    private Engine(EventDataSource source) {
        this.source = Objects.requireNonNull(source, "source");
        this.dialect = SqlDialects.jooq(source.dialect());
    }

    /** The engine for a data source; its dialect decides the SQL. */
    public static Engine on(EventDataSource source) {
        return new Engine(source);
    }

    public EventDataSource source() {
        return source;
    }

    /** The as-of instant T of a date: the start of the next day, UTC. */
    public static LocalDateTime asOfInstant(LocalDate asOf) {
        return asOf.plusDays(1).atStartOfDay();
    }

    /**
     * The SQL for a segment (its members) or a metric (its value per user) as of a date, formatted. Nested
     * segments appear as derived tables; in a run they are computed once into temporary tables instead.
     */
    public SqlExplanation explain(Definition definition, LocalDate asOf) throws EngineException {
        DataLayout layout;
        try (Connection connection = source.open()) {
            layout = layout(connection);
        } catch (SQLException e) {
            throw new EngineException("cannot read the data source " + source + ": " + describe(e), e);
        }
        Planner planner = new Planner(layout);
        SqlCompiler[] compiler = new SqlCompiler[1];
        compiler[0] = new SqlCompiler(dialect, layout, asOfInstant(asOf),
                segment -> compiler[0].membership(segment).asTable());
        Select<?> query;
        if (definition instanceof Segment segment) {
            query = compiler[0].membership(planner.segment(segment));
        } else if (definition instanceof Metric metric) {
            query = compiler[0].metric(planner.metric(metric), (SegmentPlan) null).query();
        } else {
            throw new EngineException(Planner.where(definition) + ": " + definition.getName()
                    + " is not a segment or a metric; only those have SQL");
        }
        DSLContext formatted = SqlDialects.context(dialect, true);
        return new SqlExplanation(SegDefinitions.qualifiedName(definition), source.dialect().name(), formatted.render(query),
                formatted.extractBindValues(query), formatted.renderInlined(query));
    }

    /**
     * Opens a run as of a date on a connection of its own: segments computed in it are kept (as temporary
     * tables) until it closes, so that every analysis of the run reuses them. Each query stops after
     * {@code timeLimit}.
     */
    public EngineRun open(LocalDate asOf, Duration timeLimit) throws EngineException {
        Connection connection;
        try {
            connection = source.open();
        } catch (SQLException e) {
            throw new EngineException("cannot open the data source " + source + ": " + describe(e), e);
        }
        try {
            return new EngineRun(connection, dialect, layout(connection), asOf, timeLimit);
        } catch (SQLException | RuntimeException e) {
            try {
                connection.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw new EngineException("cannot read the data source " + source + ": " + describe(e), e);
        }
    }

    /**
     * The source's property columns and whether it has users: read again after an import into the source in
     * this process ended and when the last reading is older than {@link #LAYOUT_REUSE}, used again otherwise.
     * Reading it is a round trip that costs DuckDB about 1.8 ms, more than the query of an attribute-only
     * segment on 23,500 users (README, "The engine").
     */
    private DataLayout layout(Connection connection) throws SQLException {
        long imports = source.importsEnded();
        long now = System.nanoTime();
        KnownLayout last = known;
        if (last != null && last.importsEnded() == imports && now - last.readAtNanos() < LAYOUT_REUSE.toNanos()) {
            return last.layout();
        }
        DataLayout layout = source.trinoSettings().isPresent()
                ? DataLayout.trino(io.sextant.data.sources.TrinoLayout.read(connection, source.trinoSettings().get()), connection)
                : DataLayout.read(connection);
        // the count taken before reading: an import that ends meanwhile makes the next run read again
        known = new KnownLayout(layout, imports, now);
        return layout;
    }

    /** A failure's message; for a Trino source one line naming the setting it comes from, where it can be told. */
    private String describe(Exception e) {
        if (e instanceof SQLException sql && source.trinoSettings().isPresent()) {
            return io.sextant.data.sources.TrinoSource.describe(source.trinoSettings().get(), sql);
        }
        return e.getMessage();
    }

    /** {@link #open(LocalDate, Duration)} with the default time limit. */
    public EngineRun open(LocalDate asOf) throws EngineException {
        return open(asOf, DEFAULT_TIME_LIMIT);
    }
}
