package io.sextant.report;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.birt.core.exception.BirtException;
import org.eclipse.birt.report.engine.api.HTMLRenderOption;
import org.eclipse.birt.report.engine.api.IReportRunnable;
import org.eclipse.birt.report.engine.api.IRunAndRenderTask;
import org.eclipse.birt.report.engine.api.PDFRenderOption;
import org.eclipse.birt.report.engine.api.RenderOption;
import org.eclipse.birt.report.model.api.ReportDesignHandle;
import org.eclipse.birt.report.model.api.activity.SemanticException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;

import io.sextant.analysis.AnalysisRegistry;
import io.sextant.data.EventSchema;
import io.sextant.data.catalog.DataCatalog;
import io.sextant.data.catalog.EventSummary;
import io.sextant.data.catalog.PropertySummary;
import io.sextant.dsl.seg.Playbook;
import io.sextant.project.Playbooks;
import io.sextant.project.ProjectException;
import io.sextant.project.SextantProject;
import io.sextant.report.internal.BirtEngine;
import io.sextant.report.internal.DataUriImageHandler;
import io.sextant.report.internal.DesignAssembler;
import io.sextant.report.internal.Privacy;
import io.sextant.report.internal.RenderPhases;
import io.sextant.report.internal.ReportModel;
import io.sextant.report.internal.ReportModelBuilder;
import io.sextant.report.internal.TableDataSet;

/**
 * Renders a playbook's report from the runs stored for it. The report shows stored results only: it never runs
 * an analysis (run the playbook first, {@link Playbooks#run}); when an analysis of the playbook has no stored
 * run for the as-of date it refuses with one line naming the analysis, and writes nothing.
 *
 * <pre>
 * PlaybookReports.render(project, playbook, project.defaultAsOf(), ReportFormat.PDF, Path.of("q3.pdf"), monitor);
 * </pre>
 *
 * The output appears complete or not at all (written beside the target, then moved over it). Rendering runs on
 * the caller's thread, which must not be the UI thread; the one report engine of the process is started by a
 * Job on first use ({@link #startEngine()} starts it ahead of time).
 */
public final class PlaybookReports {

    private PlaybookReports() {
    }

    /** Starts the report engine in the background, so that the first report does not wait for it. */
    public static void startEngine() {
        BirtEngine.startJob();
    }

    /**
     * The playbook's analyses with the stored run that answers each for the as-of date.
     *
     * @throws ReportException if the playbook's analyses cannot be resolved (one line naming the analysis)
     */
    public static List<Playbooks.Answered> answered(SextantProject project, Playbook playbook, LocalDate asOf)
            throws ReportException {
        try {
            List<Playbooks.Step> steps = Playbooks.steps(playbook, asOf, project.definitions().lookup(), AnalysisRegistry.read());
            return Playbooks.latestRuns(steps, project.repository());
        } catch (ProjectException e) {
            throw new ReportException(e.getMessage(), e);
        }
    }

    /**
     * Renders the report to {@code out}.
     *
     * @throws ReportException with a one-line message when an analysis has no stored run, the settings are
     *         invalid, or the file cannot be written; nothing is written then
     */
    public static Path render(SextantProject project, Playbook playbook, LocalDate asOf, ReportFormat format, Path out,
            IProgressMonitor monitor) throws ReportException {
        SubMonitor progress = SubMonitor.convert(monitor, "Rendering the report of " + playbook.getName(), 100);
        RenderPhases.start();
        BirtEngine.startJob(); // starts while the runs are read
        List<Playbooks.Answered> answered = answered(project, playbook, asOf);
        RenderPhases.end("read runs");
        List<String> missing = new ArrayList<>();
        for (Playbooks.Answered step : answered) {
            if (step.run().isEmpty()) {
                missing.add("analysis " + step.step().position() + " ('" + step.step().request().analysisId() + "')");
            }
        }
        if (!missing.isEmpty()) {
            throw new ReportException("playbook " + playbook.getName() + " has no stored run as of " + asOf + " for "
                    + String.join(", ", missing) + ": run the playbook first");
        }
        Path target = out.toAbsolutePath().normalize();
        if (Files.isDirectory(target)) {
            throw new ReportException(out + " is a folder: give the report's file name");
        }
        if (target.getParent() != null && !Files.isDirectory(target.getParent())) {
            throw new ReportException("no folder " + target.getParent() + " for the report " + target.getFileName());
        }
        progress.worked(5);

        progress.subTask("Reading results and drawing charts");
        ReportSettings settings = ReportSettings.read(project.folder());
        Privacy privacy = privacy(project, settings);
        ReportModel model;
        try {
            model = new ReportModelBuilder(privacy, AnalysisRegistry.read()).build(playbook, asOf, answered,
                    project.repository(), project.folder().getFileName().toString());
        } catch (ProjectException e) {
            throw new ReportException(e.getMessage(), e);
        }
        RenderPhases.end("privacy, tables and charts");
        progress.worked(35);
        checkCanceled(progress);

        progress.subTask("Starting the report engine");
        BirtEngine.Started engine;
        try {
            engine = BirtEngine.get(progress.split(20));
        } catch (IllegalStateException e) {
            throw new ReportException(e.getMessage(), e);
        }
        RenderPhases.end("waiting for the engine");
        progress.subTask("Laying out the " + format.name() + " report");
        DesignAssembler assembler = new DesignAssembler(engine.designEngine());
        Path partial = null;
        try {
            ReportDesignHandle design = assembler.assemble(model);
            RenderPhases.end("assembling the design");
            IReportRunnable runnable = engine.reportEngine().openReportDesign(design);
            RenderPhases.end("opening the design");
            // not Files.createTempFile, which makes the file 0600 (and the report, moved into place, with it): a
            // new file of its own, created with the user's umask like any file the user makes
            partial = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + "-"
                    + Long.toHexString(System.nanoTime()) + ".partial");
            Files.newOutputStream(partial, java.nio.file.StandardOpenOption.CREATE_NEW,
                    java.nio.file.StandardOpenOption.WRITE).close();
            IRunAndRenderTask task = engine.reportEngine().createRunAndRenderTask(runnable);
            try {
                Map<String, Object> context = new HashMap<>();
                context.put(TableDataSet.TABLES, assembler.tables());
                task.setAppContext(context);
                task.setRenderOption(options(format, partial));
                task.run();
                List<?> errors = task.getErrors();
                if (!errors.isEmpty()) {
                    Object first = errors.get(0);
                    throw new ReportException("the report of " + playbook.getName() + " failed to render: "
                            + (first instanceof Throwable t ? t.getMessage() : first));
                }
            } finally {
                task.close();
            }
            RenderPhases.end("BIRT run and render");
            progress.worked(35);
            checkCanceled(progress);
            move(partial, target);
            partial = null;
            progress.worked(5);
            return target;
        } catch (IOException e) {
            throw new ReportException("cannot write the report " + out + ": " + e.getMessage(), e);
        } catch (SemanticException e) {
            throw new ReportException("cannot lay out the report of " + playbook.getName() + ": " + e.getMessage(), e);
        } catch (BirtException e) {
            throw new ReportException("the report of " + playbook.getName() + " failed to render: " + e.getMessage(), e);
        } finally {
            assembler.close();
            if (partial != null) {
                try {
                    Files.deleteIfExists(partial);
                } catch (IOException e) {
                    // a hidden partial file harms nothing; the report itself was not written
                }
            }
        }
    }

    private static void checkCanceled(IProgressMonitor monitor) {
        if (monitor.isCanceled()) {
            throw new OperationCanceledException();
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static RenderOption options(ReportFormat format, Path file) {
        RenderOption options;
        if (format == ReportFormat.HTML) {
            HTMLRenderOption html = new HTMLRenderOption();
            html.setEmbeddable(false);
            html.setImageHandler(new DataUriImageHandler());
            html.setSupportedImageFormats("PNG;SVG;JPG;GIF");
            options = html;
        } else {
            PDFRenderOption pdf = new PDFRenderOption();
            pdf.setEmbededFont(true);
            options = pdf;
        }
        options.setOutputFormat(format.extension());
        options.setOutputFileName(file.toString());
        return options;
    }

    /** k from the settings and the PII-flagged properties of the project's catalog with their values. */
    private static Privacy privacy(SextantProject project, ReportSettings settings) throws ReportException {
        Set<String> names = new HashSet<>();
        List<String[]> columns = new ArrayList<>();
        try {
            DataCatalog catalog = project.catalog().orElse(null);
            if (catalog != null) {
                for (EventSummary event : catalog.eventSummaries().values()) {
                    for (PropertySummary property : event.properties()) {
                        if (property.pii()) {
                            names.add(property.name());
                            columns.add(new String[] { EventSchema.OWNER_EVENTS, EventSchema.EVENTS, property.name() });
                        }
                    }
                }
                for (PropertySummary attribute : catalog.attributeSummaries().values()) {
                    if (attribute.pii()) {
                        names.add(attribute.name());
                        columns.add(new String[] { EventSchema.OWNER_USERS, EventSchema.USERS, attribute.name() });
                    }
                }
            }
        } catch (ProjectException e) {
            throw new ReportException(e.getMessage(), e);
        }
        return new Privacy(settings.minimumCellSize(), names, piiValues(project, columns));
    }

    /** {@link #piiValues} on a Trino source: the columns from its layout, the tables of its settings. */
    private static Set<String> trinoPiiValues(SextantProject project, List<String[]> properties) throws ReportException {
        Set<String> values = new HashSet<>();
        try (Connection connection = project.source().open()) {
            io.sextant.data.sources.TrinoLayout layout = io.sextant.data.sources.TrinoLayout.read(connection,
                    project.source().trinoSettings().get());
            for (String[] property : properties) {
                boolean event = EventSchema.OWNER_EVENTS.equals(property[0]);
                io.sextant.data.sources.TrinoLayout.Column column = (event ? layout.properties() : layout.attributes())
                        .get(property[2]);
                String table = event ? layout.eventsTableName() : layout.usersTableName();
                if (column == null || table == null) {
                    continue;
                }
                String quoted = io.sextant.data.sources.TrinoLayout.quote(column.name());
                try (Statement statement = connection.createStatement();
                        ResultSet rows = statement.executeQuery("SELECT DISTINCT CAST(" + quoted + " AS varchar) FROM "
                                + table + " WHERE " + quoted + " IS NOT NULL")) {
                    while (rows.next()) {
                        String value = rows.getString(1);
                        if (value != null && !value.isBlank()) {
                            values.add(value.trim());
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new ReportException("cannot read the values of personal data in the project's data: "
                    + io.sextant.data.sources.TrinoSource.describe(project.source().trinoSettings().get(), e), e);
        }
        return values;
    }

    /** The values PII-flagged properties hold, so that no result naming one can reach a report. */
    private static Set<String> piiValues(SextantProject project, List<String[]> properties) throws ReportException {
        Set<String> values = new HashSet<>();
        if (properties.isEmpty()) {
            return values;
        }
        if (project.source().trinoSettings().isPresent()) {
            return trinoPiiValues(project, properties);
        }
        try (Connection connection = project.source().open()) {
            for (String[] property : properties) {
                String column = null;
                try (PreparedStatement find = connection.prepareStatement("SELECT column_name FROM "
                        + EventSchema.PROPERTY_COLUMNS + " WHERE owner = ? AND property = ?")) {
                    find.setString(1, property[0]);
                    find.setString(2, property[2]);
                    try (ResultSet rows = find.executeQuery()) {
                        if (rows.next()) {
                            column = rows.getString(1);
                        }
                    }
                }
                if (column == null) {
                    continue;
                }
                try (Statement statement = connection.createStatement();
                        ResultSet rows = statement.executeQuery("SELECT DISTINCT \"" + column.replace("\"", "\"\"")
                                + "\" FROM " + property[1] + " WHERE \"" + column.replace("\"", "\"\"") + "\" IS NOT NULL")) {
                    while (rows.next()) {
                        String value = rows.getString(1);
                        if (value != null && !value.isBlank()) {
                            values.add(value.trim());
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new ReportException("cannot read the personal data to withhold from " + project.folder().getFileName()
                    + ": " + e.getMessage(), e);
        }
        return values;
    }
}
