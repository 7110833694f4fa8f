package io.sextant.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.sextant.model.AnalysisRun;
import io.sextant.model.Column;
import io.sextant.model.MatrixResult;
import io.sextant.model.Parameter;
import io.sextant.model.Result;
import io.sextant.model.RunStatus;
import io.sextant.model.SeriesResult;
import io.sextant.model.SextantFactory;
import io.sextant.model.TableResult;
import io.sextant.model.ValueKind;
import io.sextant.model.VersionReference;
import io.sextant.store.Identity;
import io.sextant.store.NotFoundException;
import io.sextant.store.RuleViolationException;
import io.sextant.store.RunRequest;
import io.sextant.store.Runs;
import io.sextant.store.StoreException;

/**
 * Runs and results in H2. Results are stored relationally (columns and cells) rather than as blobs, so
 * that reports and later queries can read single values; all three result shapes share result_values.
 */
public final class RunsStore implements Runs {

    private static final SextantFactory MODEL = SextantFactory.eINSTANCE;
    private static final String[] SERIES_COLUMNS = { "x", "y", "lower", "upper" };

    private final Database database;
    private final Identity identity;

    public RunsStore(Database database, Identity identity) {
        this.database = database;
        this.identity = identity;
    }

    @Override
    public AnalysisRun start(RunRequest request) {
        String analysisId = Texts.required(request.analysisId(), "The analysis id");
        String user = Texts.user(identity);
        long id = database.write("record the start of " + analysisId, connection -> {
            Instant now = Instant.now();
            long runId;
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO analysis_runs (analysis_id,"
                    + " data_source, data_fingerprint, started_by, started_at, status) VALUES (?, ?, ?, ?, ?, 'running')",
                    new String[] { "id" })) {
                insert.setString(1, analysisId);
                insert.setString(2, request.dataSourceName());
                insert.setString(3, request.dataFingerprint());
                insert.setString(4, user);
                insert.setObject(5, Database.timestamp(now));
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    runId = keys.getLong(1);
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO run_parameters (run_id, ordinal, name, param_value) VALUES (?, ?, ?, ?)")) {
                int ordinal = 0;
                for (Map.Entry<String, String> parameter : request.parameters().entrySet()) {
                    insert.setLong(1, runId);
                    insert.setInt(2, ordinal++);
                    insert.setString(3, parameter.getKey());
                    insert.setString(4, parameter.getValue());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO run_inputs (run_id, ordinal,"
                    + " qualified_name, number, content_hash) VALUES (?, ?, ?, ?, ?)")) {
                int ordinal = 0;
                for (RunRequest.Input input : request.inputs()) {
                    insert.setLong(1, runId);
                    insert.setInt(2, ordinal++);
                    insert.setString(3, input.qualifiedName());
                    insert.setInt(4, input.number());
                    insert.setString(5, input.contentHash());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            Audit.write(connection, now, user, subject(runId, analysisId), "start run", null,
                    RunStatus.RUNNING.getLiteral(), null, null);
            return runId;
        });
        return run(id).orElseThrow();
    }

    /** The error of a run whose process ended while it ran. */
    public static final String INTERRUPTED = "interrupted: the Sextant process running it ended before it finished"
            + " (it was killed or crashed); run it again";

    /**
     * Marks the runs recorded as running as failed with {@link #INTERRUPTED}: called when the repository is
     * opened and nothing else in this process has it open, so that no process runs them any more. Writes nothing
     * when there is none.
     */
    public static int markInterrupted(Database database) {
        boolean any = database.read("look for interrupted runs", connection -> {
            try (java.sql.Statement query = connection.createStatement();
                    ResultSet rows = query.executeQuery("SELECT COUNT(*) FROM analysis_runs WHERE status = 'running'")) {
                rows.next();
                return rows.getLong(1) > 0;
            }
        });
        if (!any) {
            return 0;
        }
        return database.write("mark interrupted runs", connection -> {
            Instant now = Instant.now();
            record Interrupted(long id, String analysis, String startedBy) {
            }
            List<Interrupted> runs = new java.util.ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT id, analysis_id, started_by FROM analysis_runs WHERE status = 'running' FOR UPDATE");
                    ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    runs.add(new Interrupted(rows.getLong(1), rows.getString(2), rows.getString(3)));
                }
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE analysis_runs SET status = ?, ended_at = ?, error = ? WHERE id = ?")) {
                for (Interrupted run : runs) {
                    update.setString(1, RunStatus.FAILED.getLiteral());
                    update.setObject(2, Database.timestamp(now));
                    update.setString(3, INTERRUPTED);
                    update.setLong(4, run.id());
                    update.executeUpdate();
                    Audit.write(connection, now, run.startedBy(), subject(run.id(), run.analysis()), "interrupt",
                            RunStatus.RUNNING.getLiteral(), RunStatus.FAILED.getLiteral(), INTERRUPTED, null);
                }
            }
            return runs.size();
        });
    }

    @Override
    public AnalysisRun succeed(long runId, List<? extends Result> results) {
        results.forEach(RunsStore::checkShape);
        return end(runId, "succeed", RunStatus.SUCCEEDED, null, connection -> {
            int ordinal = 0;
            for (Result result : results) {
                insertResult(connection, runId, ordinal++, result);
            }
        });
    }

    @Override
    public AnalysisRun fail(long runId, String error) {
        return end(runId, "fail", RunStatus.FAILED, error == null || error.isBlank() ? "unknown error" : error, c -> {
        });
    }

    @Override
    public AnalysisRun cancel(long runId) {
        return end(runId, "cancel", RunStatus.CANCELLED, null, c -> {
        });
    }

    private interface ResultWriter {
        void write(Connection connection) throws SQLException;
    }

    private AnalysisRun end(long runId, String action, RunStatus status, String error, ResultWriter results) {
        String user = Texts.user(identity);
        database.write("record the end of run " + runId, connection -> {
            String analysisId;
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT analysis_id, status FROM analysis_runs WHERE id = ? FOR UPDATE")) {
                query.setLong(1, runId);
                try (ResultSet rows = query.executeQuery()) {
                    if (!rows.next()) {
                        throw new NotFoundException("There is no run " + runId + " in the repository");
                    }
                    analysisId = rows.getString(1);
                    if (!RunStatus.RUNNING.getLiteral().equals(rows.getString(2))) {
                        throw new RuleViolationException("Run " + runId + " of " + analysisId + " has already ended ("
                                + rows.getString(2) + ")");
                    }
                }
            }
            results.write(connection);
            Instant now = Instant.now();
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE analysis_runs SET status = ?, ended_at = ?, error = ? WHERE id = ?")) {
                update.setString(1, status.getLiteral());
                update.setObject(2, Database.timestamp(now));
                update.setString(3, error == null ? null : Texts.clip(error, 100_000));
                update.setLong(4, runId);
                update.executeUpdate();
            }
            Audit.write(connection, now, user, subject(runId, analysisId), action, RunStatus.RUNNING.getLiteral(),
                    status.getLiteral(), error, null);
            return null;
        });
        return run(runId).orElseThrow();
    }

    @Override
    public Optional<AnalysisRun> run(long runId) {
        return database.read("read run " + runId, connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT * FROM analysis_runs WHERE id = ?")) {
                query.setLong(1, runId);
                List<AnalysisRun> runs = runs(connection, query, true);
                return runs.stream().findFirst();
            }
        });
    }

    @Override
    public List<AnalysisRun> findByDefinition(String qualifiedName, Integer number) {
        return database.read("find the runs of " + qualifiedName, connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT * FROM analysis_runs WHERE id IN"
                    + " (SELECT run_id FROM run_inputs WHERE qualified_name = ? AND (CAST(? AS INTEGER) IS NULL"
                    + " OR number = ?)) ORDER BY id DESC")) {
                query.setString(1, qualifiedName);
                if (number == null) {
                    query.setNull(2, Types.INTEGER);
                    query.setNull(3, Types.INTEGER);
                } else {
                    query.setInt(2, number);
                    query.setInt(3, number);
                }
                return runs(connection, query, true);
            }
        });
    }

    @Override
    public List<AnalysisRun> recent(int limit) {
        return database.read("list the recent runs", connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT * FROM analysis_runs ORDER BY id DESC LIMIT ?")) {
                query.setInt(1, limit);
                return runs(connection, query, false);
            }
        });
    }

    // ------------------------------------------------------------------ writing results

    /** Refuses results whose parts do not fit together, before anything is written. */
    private static void checkShape(Result result) {
        String name = result.getName() == null ? "(unnamed)" : result.getName();
        if (result.getName() == null || result.getName().isBlank()) {
            throw new StoreException("A result has no name");
        }
        if (result instanceof TableResult table) {
            int rows = -1;
            for (Column column : table.getColumns()) {
                int size = column.getKind() == ValueKind.TEXT ? column.getTexts().size() : column.getNumbers().size();
                if (rows >= 0 && size != rows) {
                    throw new StoreException("Result " + name + ": column " + column.getName() + " has " + size
                            + " values but the columns before it have " + rows);
                }
                rows = size;
            }
        } else if (result instanceof SeriesResult series) {
            int points = series.getX().size();
            if (series.getY().size() != points || !series.getLower().isEmpty() && series.getLower().size() != points
                    || !series.getUpper().isEmpty() && series.getUpper().size() != points) {
                throw new StoreException("Result " + name + ": x, y and the interval bounds must have as many values"
                        + " as there are points (" + points + ")");
            }
        } else if (result instanceof MatrixResult matrix) {
            int cells = matrix.getRowLabels().size() * matrix.getColumnLabels().size();
            if (matrix.getValues().size() != cells) {
                throw new StoreException("Result " + name + ": " + matrix.getRowLabels().size() + " rows × "
                        + matrix.getColumnLabels().size() + " columns need " + cells + " values, not "
                        + matrix.getValues().size());
            }
        } else {
            throw new StoreException("Result " + name + " is neither a table, a series nor a matrix");
        }
    }

    private static void insertResult(Connection connection, long runId, int ordinal, Result result) throws SQLException {
        String kind = result instanceof TableResult ? "table" : result instanceof SeriesResult ? "series" : "matrix";
        long resultId;
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO results (run_id, ordinal, kind,"
                + " name, description, unit, x_unit, y_unit) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", new String[] { "id" })) {
            insert.setLong(1, runId);
            insert.setInt(2, ordinal);
            insert.setString(3, kind);
            insert.setString(4, result.getName());
            insert.setString(5, result.getDescription());
            insert.setString(6, result instanceof MatrixResult matrix ? matrix.getUnit() : null);
            insert.setString(7, result instanceof SeriesResult series ? series.getXUnit() : null);
            insert.setString(8, result instanceof SeriesResult series ? series.getYUnit() : null);
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                resultId = keys.getLong(1);
            }
        }
        try (PreparedStatement columns = connection.prepareStatement("INSERT INTO result_columns (result_id, ordinal,"
                + " name, value_kind, unit) VALUES (?, ?, ?, ?, ?)");
                PreparedStatement values = connection.prepareStatement("INSERT INTO result_values (result_id,"
                        + " column_ordinal, row_index, number_value, text_value) VALUES (?, ?, ?, ?, ?)")) {
            if (result instanceof TableResult table) {
                int c = 0;
                for (Column column : table.getColumns()) {
                    addColumn(columns, resultId, c, column.getName(), column.getKind(), column.getUnit());
                    List<?> cells = column.getKind() == ValueKind.TEXT ? column.getTexts() : column.getNumbers();
                    addValues(values, resultId, c++, cells);
                }
            } else if (result instanceof SeriesResult series) {
                List<List<Double>> parts = List.of(series.getX(), series.getY(), series.getLower(), series.getUpper());
                for (int c = 0; c < parts.size(); c++) {
                    if (c < 2 || !parts.get(c).isEmpty()) {
                        addColumn(columns, resultId, c, SERIES_COLUMNS[c], ValueKind.NUMBER, null);
                        addValues(values, resultId, c, parts.get(c));
                    }
                }
            } else if (result instanceof MatrixResult matrix) {
                int width = matrix.getColumnLabels().size();
                for (int c = 0; c < width; c++) {
                    addColumn(columns, resultId, c, matrix.getColumnLabels().get(c), ValueKind.NUMBER, matrix.getUnit());
                }
                try (PreparedStatement labels = connection.prepareStatement(
                        "INSERT INTO result_row_labels (result_id, row_index, label) VALUES (?, ?, ?)")) {
                    for (int r = 0; r < matrix.getRowLabels().size(); r++) {
                        labels.setLong(1, resultId);
                        labels.setInt(2, r);
                        labels.setString(3, matrix.getRowLabels().get(r));
                        labels.addBatch();
                        for (int c = 0; c < width; c++) {
                            addValue(values, resultId, c, r, matrix.getValues().get(r * width + c));
                        }
                    }
                    labels.executeBatch();
                }
            }
            columns.executeBatch();
            values.executeBatch();
        }
    }

    private static void addColumn(PreparedStatement columns, long resultId, int ordinal, String name, ValueKind kind,
            String unit) throws SQLException {
        columns.setLong(1, resultId);
        columns.setInt(2, ordinal);
        columns.setString(3, name == null ? "" : name);
        columns.setString(4, kind.getLiteral());
        columns.setString(5, unit);
        columns.addBatch();
    }

    private static void addValues(PreparedStatement values, long resultId, int column, List<?> cells)
            throws SQLException {
        for (int row = 0; row < cells.size(); row++) {
            addValue(values, resultId, column, row, cells.get(row));
        }
    }

    private static void addValue(PreparedStatement values, long resultId, int column, int row, Object cell)
            throws SQLException {
        values.setLong(1, resultId);
        values.setInt(2, column);
        values.setInt(3, row);
        if (cell instanceof Double number) {
            values.setDouble(4, number);
        } else {
            values.setNull(4, Types.DOUBLE);
        }
        values.setString(5, cell instanceof String text ? text : null);
        values.addBatch();
    }

    // ------------------------------------------------------------------ reading

    private static List<AnalysisRun> runs(Connection connection, PreparedStatement query, boolean withResults)
            throws SQLException {
        List<AnalysisRun> runs = new ArrayList<>();
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                AnalysisRun run = MODEL.createAnalysisRun();
                run.setId(rows.getLong("id"));
                run.setAnalysisId(rows.getString("analysis_id"));
                run.setDataSourceName(rows.getString("data_source"));
                run.setDataFingerprint(rows.getString("data_fingerprint"));
                run.setStartedBy(rows.getString("started_by"));
                run.setStartedAt(Database.instant(rows.getObject("started_at")));
                run.setEndedAt(Database.instant(rows.getObject("ended_at")));
                run.setStatus(RunStatus.get(rows.getString("status")));
                run.setError(rows.getString("error"));
                runs.add(run);
            }
        }
        for (AnalysisRun run : runs) {
            readProvenance(connection, run);
            if (withResults) {
                readResults(connection, run);
            }
        }
        return runs;
    }

    private static void readProvenance(Connection connection, AnalysisRun run) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT name, param_value FROM run_parameters WHERE run_id = ? ORDER BY ordinal")) {
            query.setLong(1, run.getId());
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Parameter parameter = MODEL.createParameter();
                    parameter.setName(rows.getString(1));
                    parameter.setValue(rows.getString(2));
                    run.getParameters().add(parameter);
                }
            }
        }
        try (PreparedStatement query = connection.prepareStatement("SELECT qualified_name, number, content_hash"
                + " FROM run_inputs WHERE run_id = ? ORDER BY ordinal")) {
            query.setLong(1, run.getId());
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    VersionReference input = MODEL.createVersionReference();
                    input.setQualifiedName(rows.getString(1));
                    input.setNumber(rows.getInt(2));
                    input.setContentHash(rows.getString(3).trim());
                    run.getInputs().add(input);
                }
            }
        }
    }

    private static void readResults(Connection connection, AnalysisRun run) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT * FROM results WHERE run_id = ? ORDER BY ordinal")) {
            query.setLong(1, run.getId());
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Result result = switch (rows.getString("kind")) {
                        case "table" -> MODEL.createTableResult();
                        case "series" -> {
                            SeriesResult series = MODEL.createSeriesResult();
                            series.setXUnit(rows.getString("x_unit"));
                            series.setYUnit(rows.getString("y_unit"));
                            yield series;
                        }
                        default -> {
                            MatrixResult matrix = MODEL.createMatrixResult();
                            matrix.setUnit(rows.getString("unit"));
                            yield matrix;
                        }
                    };
                    result.setId(rows.getLong("id"));
                    result.setName(rows.getString("name"));
                    result.setDescription(rows.getString("description"));
                    run.getResults().add(result);
                }
            }
        }
        for (Result result : run.getResults()) {
            readValues(connection, result);
        }
    }

    private static void readValues(Connection connection, Result result) throws SQLException {
        List<Column> columns = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT ordinal, name, value_kind, unit FROM result_columns WHERE result_id = ? ORDER BY ordinal")) {
            query.setLong(1, result.getId());
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Column column = MODEL.createColumn();
                    column.setName(rows.getString(2));
                    column.setKind(ValueKind.get(rows.getString(3)));
                    column.setUnit(rows.getString(4));
                    while (columns.size() < rows.getInt(1)) {
                        columns.add(null);
                    }
                    columns.add(column);
                }
            }
        }
        try (PreparedStatement query = connection.prepareStatement("SELECT column_ordinal, number_value, text_value"
                + " FROM result_values WHERE result_id = ? ORDER BY column_ordinal, row_index")) {
            query.setLong(1, result.getId());
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Column column = columns.get(rows.getInt(1));
                    if (column.getKind() == ValueKind.TEXT) {
                        column.getTexts().add(rows.getString(3));
                    } else {
                        double value = rows.getDouble(2);
                        column.getNumbers().add(rows.wasNull() ? null : value);
                    }
                }
            }
        }
        if (result instanceof TableResult table) {
            table.getColumns().addAll(columns);
        } else if (result instanceof SeriesResult series) {
            List<List<Double>> parts = List.of(series.getX(), series.getY(), series.getLower(), series.getUpper());
            for (int c = 0; c < columns.size(); c++) {
                if (columns.get(c) != null) {
                    parts.get(c).addAll(columns.get(c).getNumbers());
                }
            }
        } else if (result instanceof MatrixResult matrix) {
            for (Column column : columns) {
                matrix.getColumnLabels().add(column.getName());
            }
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT label FROM result_row_labels WHERE result_id = ? ORDER BY row_index")) {
                query.setLong(1, result.getId());
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        matrix.getRowLabels().add(rows.getString(1));
                    }
                }
            }
            int width = columns.size();
            for (int r = 0; r < matrix.getRowLabels().size(); r++) {
                for (int c = 0; c < width; c++) {
                    matrix.getValues().add(columns.get(c).getNumbers().get(r));
                }
            }
        }
    }

    private static String subject(long runId, String analysisId) {
        return "run " + runId + " (" + analysisId + ")";
    }
}
