package io.sextant.report.internal;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.framework.FrameworkUtil;

import io.sextant.analysis.AnalysisDescriptor;
import io.sextant.analysis.AnalysisRegistry;
import io.sextant.charts.Charts;
import io.sextant.dsl.SegDefinitions;
import io.sextant.dsl.seg.Experiment;
import io.sextant.dsl.seg.Hypothesis;
import io.sextant.dsl.seg.Playbook;
import io.sextant.model.AnalysisRun;
import io.sextant.model.Column;
import io.sextant.model.Parameter;
import io.sextant.model.Result;
import io.sextant.model.RunStatus;
import io.sextant.model.TableResult;
import io.sextant.model.ValueKind;
import io.sextant.model.VersionReference;
import io.sextant.project.Playbooks;
import io.sextant.report.ReportNumbers;
import io.sextant.report.internal.ReportModel.Cover;
import io.sextant.report.internal.ReportModel.Section;
import io.sextant.store.Repository;

/**
 * Gathers a playbook's report from its stored runs: the executive summary from the playbook's hypotheses and
 * the segment-value results, one section per analysis, the experiments' stored results and the provenance of
 * every run. Every result passes {@link Privacy} before it becomes a table or a chart.
 */
public final class ReportModelBuilder {

    /** The analysis id of experiment results; a run of it names its experiment in a parameter. */
    public static final String EXPERIMENT_ANALYSIS = "experiment";
    /** Chart size in pixels: printed 17 cm wide, that is about 150 dpi in the PDF (sharp), text still legible. */
    static final int CHART_WIDTH = 1000;
    static final int CHART_HEIGHT = 440;
    /**
     * A line chart's height: a curve over a few periods reads as well at 6 cm as at 7.5, and the smaller chart
     * keeps its block from leaving the page before it half empty.
     */
    static final int LINE_CHART_HEIGHT = 340;
    /**
     * Charts are printed 17 cm wide, about 150 dpi for 1000 pixels: drawn at 1.5 times their screen size, their
     * 8 pt labels print at about 8 pt (at 1, about 5 pt).
     */
    static final double CHART_SCALE = 1.5;
    /** The phase of {@link RenderPhases} that drawing the charts adds to. */
    static final String CHARTS_PHASE = "charts (part of privacy, tables and charts)";

    private final Privacy privacy;
    private final Map<Long, List<ReportTable>> tablesOfRun = new java.util.HashMap<>();
    private final AnalysisRegistry registry;

    public ReportModelBuilder(Privacy privacy, AnalysisRegistry registry) {
        this.privacy = privacy;
        this.registry = registry;
    }

    public ReportModel build(Playbook playbook, LocalDate asOf, List<Playbooks.Answered> answered, Repository repository,
            String projectName) {
        String title = playbook.getTitle() != null ? playbook.getTitle() : playbook.getName();
        Cover cover = new Cover(title, SegDefinitions.qualifiedName(playbook), orDash(playbook.getAudience()),
                orDash(playbook.getOwner()), LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE),
                asOf.toString(), "Cells describing fewer than " + privacy.minimumCellSize() + " users are shown as "
                        + ReportNumbers.suppressed(privacy.minimumCellSize()) + "; personal data is never shown.");

        List<AnalysisRun> runs = answered.stream().map(a -> a.run().orElseThrow()).toList();
        List<Section> sections = new ArrayList<>();
        for (Playbooks.Answered step : answered) {
            sections.add(section(step.step(), step.run().orElseThrow()));
        }
        // an experiment the playbook runs as one of its analyses is answered by that run (of the report's as-of
        // date) and shown in that section only; the section "Experiment results" holds the other experiments
        Map<String, AnalysisRun> experimentRuns = new LinkedHashMap<>();
        Map<String, Integer> experimentSections = new LinkedHashMap<>();
        for (int i = 0; i < answered.size(); i++) {
            AnalysisRun run = runs.get(i);
            if (EXPERIMENT_ANALYSIS.equals(run.getAnalysisId())) {
                for (Experiment experiment : playbook.getExperiments()) {
                    if (names(run, experiment)) {
                        experimentRuns.putIfAbsent(SegDefinitions.qualifiedName(experiment), run);
                        experimentSections.putIfAbsent(SegDefinitions.qualifiedName(experiment), i + 1);
                    }
                }
            }
        }
        Map<String, AnalysisRun> otherRuns = experimentRuns(playbook, repository);
        otherRuns.keySet().removeAll(experimentRuns.keySet());
        experimentRuns.putAll(otherRuns);
        Section experiments = experiments(playbook, experimentRuns, experimentSections.keySet());
        int experimentsPosition = sections.size() + 1;
        for (String other : otherRuns.keySet()) {
            experimentSections.put(other, experimentsPosition);
        }
        List<Findings.Finding> findings = new Findings(privacy, this::analysisName).findings(playbook, answered,
                experimentRuns, experimentSections);
        List<ReportTable> summary = new ArrayList<>();
        summary.add(segmentRanking(runs));
        summary.add(hypotheses(playbook, experimentRuns));
        // each run once, in the order the report shows them
        Map<Long, AnalysisRun> provenanceRuns = new LinkedHashMap<>();
        runs.forEach(r -> provenanceRuns.putIfAbsent(r.getId(), r));
        experimentRuns.values().forEach(r -> provenanceRuns.putIfAbsent(r.getId(), r));
        return new ReportModel(cover, findings, summary, sections, experiments.tables().isEmpty() && experiments.message() == null
                ? null : experiments, provenance(new ArrayList<>(provenanceRuns.values()), projectName, asOf));
    }

    /** Whether the experiment run is one of this experiment (its parameter names it). */
    static boolean names(AnalysisRun run, Experiment experiment) {
        String qualified = SegDefinitions.qualifiedName(experiment);
        return run.getParameters().stream().map(Parameter::getValue)
                .anyMatch(v -> qualified.equals(v) || experiment.getName().equals(v));
    }

    private static String orDash(String text) {
        return text == null || text.isBlank() ? ReportNumbers.MISSING : text;
    }

    String analysisName(String id) {
        return registry.descriptor(id).map(AnalysisDescriptor::name).orElse(id);
    }

    private Section section(Playbooks.Step step, AnalysisRun run) {
        List<ReportTable> tables = tables(run);
        String parameters = String.join(", ", step.resolvedParameters().entrySet().stream()
                .filter(e -> e.getValue() != null && !privacy.namesPersonalData(e.getValue()))
                // a list of definitions reads (and wraps) with a space after each comma
                .map(e -> e.getKey() + ": " + e.getValue().replaceAll(",(?=\\S)", ", ")).toList());
        return new Section(run.getAnalysisId(), step.position() + ". " + analysisName(run.getAnalysisId()),
                "Run " + run.getId() + " · " + parameters, tables, tables.isEmpty() ? "This run stored no results." : null);
    }

    /**
     * Every result of a run as a sanitized table with its chart, made once per run: a playbook that runs the
     * experiment analysis may show that run in its section and again under the experiment results.
     */
    private List<ReportTable> tables(AnalysisRun run) {
        return tablesOfRun.computeIfAbsent(run.getId(), id -> draw(run));
    }

    private List<ReportTable> draw(AnalysisRun run) {
        List<ReportTable> tables = new ArrayList<>();
        Map<String, Double> groupSizes = Privacy.groupSizes(run.getResults());
        for (Result stored : run.getResults()) {
            Result result = ReportCharts.withNames(stored, run.getResults());
            Privacy.Sanitized sanitized = privacy.sanitize(result, groupSizes);
            ReportTable table = privacy.table(result, sanitized);
            byte[] chart = RenderPhases.measure(CHARTS_PHASE, () -> ReportCharts.chart(sanitized.result()));
            if (chart != null) {
                table = table.withChart(chart);
            }
            tables.add(table);
        }
        return tables;
    }

    /** The segments ranked by their lift over the population on the first metric valued, with their size. */
    private ReportTable segmentRanking(List<AnalysisRun> runs) {
        String title = "Segments ranked by value";
        Optional<AnalysisRun> valueRun = runs.stream().filter(r -> "segment-value".equals(r.getAnalysisId())).findFirst();
        List<String> headers = List.of("rank", "segment", "members", "metric", "mean", "population mean", "lift");
        if (valueRun.isEmpty()) {
            return ReportTable.of(title, "The playbook has no segment-value analysis.", headers, List.of());
        }
        Map<String, Double> groupSizes = Privacy.groupSizes(valueRun.get().getResults());
        TableResult value = null;
        TableResult size = null;
        for (Result result : valueRun.get().getResults()) {
            if (result instanceof TableResult table && column(table, "lift") != null && column(table, "metric") != null) {
                value = value == null ? (TableResult) privacy.sanitize(table, groupSizes).result() : value;
            } else if (result instanceof TableResult table && column(table, "members") != null) {
                size = size == null ? (TableResult) privacy.sanitize(table, groupSizes).result() : size;
            }
        }
        if (value == null) {
            return ReportTable.of(title, "The segment-value run stored no segment value table.", headers, List.of());
        }
        Column segment = column(value, "segment");
        Column metric = column(value, "metric");
        Column mean = column(value, "mean");
        Column population = column(value, "population mean");
        Column lift = column(value, "lift");
        String firstMetric = metric.getTexts().isEmpty() ? null : metric.getTexts().get(0);
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < segment.getTexts().size(); i++) {
            if (firstMetric != null && firstMetric.equals(metric.getTexts().get(i))) {
                rows.add(i);
            }
        }
        rows.sort(Comparator.comparing((Integer i) -> lift.getNumbers().get(i),
                Comparator.nullsLast(Comparator.reverseOrder())));
        String suppressed = ReportNumbers.suppressed(privacy.minimumCellSize());
        String metricUnit = column(value, "unit") == null || column(value, "unit").getTexts().isEmpty() ? null
                : column(value, "unit").getTexts().get(0);
        List<List<String>> cells = new ArrayList<>();
        int rank = 0;
        for (int i : rows) {
            rank++;
            String name = segment.getTexts().get(i);
            boolean hidden = lift.getNumbers().get(i) == null && mean.getNumbers().get(i) == null;
            cells.add(List.of(Integer.toString(rank), name, members(size, name),
                    metric.getTexts().get(i), hidden ? suppressed : ReportNumbers.format(mean.getNumbers().get(i), metricUnit),
                    population == null ? ReportNumbers.MISSING : ReportNumbers.format(population.getNumbers().get(i), metricUnit),
                    hidden ? suppressed : ReportNumbers.format(lift.getNumbers().get(i), "share")));
        }
        return new ReportTable(title, "By lift of " + (firstMetric == null ? "the metric" : firstMetric)
                + " over the population (segment-value run " + valueRun.get().getId() + ")", headers,
                List.of(true, false, true, false, true, true, true), cells, null, null);
    }

    private String members(TableResult size, String segment) {
        if (size == null) {
            return ReportNumbers.MISSING;
        }
        Column names = column(size, "segment");
        Column members = column(size, "members");
        if (names == null || members == null) {
            return ReportNumbers.MISSING;
        }
        int row = names.getTexts().indexOf(segment);
        if (row < 0) {
            return ReportNumbers.MISSING;
        }
        Double count = members.getNumbers().get(row);
        return count == null ? ReportNumbers.suppressed(privacy.minimumCellSize()) : ReportNumbers.format(count, "users");
    }

    static Column column(TableResult table, String name) {
        return table.getColumns().stream().filter(c -> name.equals(c.getName())).findFirst().orElse(null);
    }

    /** The playbook's hypotheses, the experiment that tests each (the investment it backs) and its status. */
    private ReportTable hypotheses(Playbook playbook, Map<String, AnalysisRun> experimentRuns) {
        List<List<String>> rows = new ArrayList<>();
        for (Hypothesis hypothesis : playbook.getHypotheses()) {
            List<String> backs = new ArrayList<>();
            String status = "untested: no experiment";
            String runId = ReportNumbers.MISSING;
            for (Experiment experiment : playbook.getExperiments()) {
                if (experiment.getHypothesis() == hypothesis) {
                    backs.add(experiment.getName());
                    AnalysisRun run = experimentRuns.get(SegDefinitions.qualifiedName(experiment));
                    status = run == null ? "untested: no experiment results yet" : Findings.verdict(run, hypothesis);
                    runId = run == null ? ReportNumbers.MISSING : Long.toString(run.getId());
                }
            }
            String success = hypothesis.getSuccess() == null ? ReportNumbers.MISSING
                    : hypothesis.getSuccess().getMetric().getName() + " " + hypothesis.getSuccess().getDirection().getLiteral()
                            + " by " + hypothesis.getSuccess().getMinimumEffect().toPlainString()
                            + (hypothesis.getSuccess().isRelative() ? " %" : "");
            rows.add(List.of(hypothesis.getName(), hypothesis.getSegment() == null ? ReportNumbers.MISSING : hypothesis.getSegment().getName(),
                    orDash(hypothesis.getChange()), success, backs.isEmpty() ? ReportNumbers.MISSING : String.join(", ", backs),
                    status, runId));
        }
        return ReportTable.of("Hypotheses", "What the playbook bets on, the experiment that tests each, and where it stands",
                List.of("hypothesis", "segment", "expected change", "success when", "backs (experiment)", "status", "run"), rows);
    }

    static Double first(Column column) {
        return column == null || column.getNumbers().isEmpty() ? null : column.getNumbers().get(0);
    }

    /** The newest succeeded experiment run of each of the playbook's experiments, by qualified name. */
    private static Map<String, AnalysisRun> experimentRuns(Playbook playbook, Repository repository) {
        Map<String, AnalysisRun> found = new LinkedHashMap<>();
        List<AnalysisRun> recent = repository.runs().recent(2_000).stream()
                .filter(r -> r.getStatus() == RunStatus.SUCCEEDED && EXPERIMENT_ANALYSIS.equals(r.getAnalysisId())).toList();
        for (Experiment experiment : playbook.getExperiments()) {
            String qualified = SegDefinitions.qualifiedName(experiment);
            for (AnalysisRun run : recent) {
                if (names(run, experiment)) {
                    repository.runs().run(run.getId()).ifPresent(r -> found.put(qualified, r));
                    break;
                }
            }
        }
        return found;
    }

    private Section experiments(Playbook playbook, Map<String, AnalysisRun> experimentRuns,
            java.util.Set<String> shownInASection) {
        List<ReportTable> tables = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Experiment experiment : playbook.getExperiments()) {
            if (shownInASection.contains(SegDefinitions.qualifiedName(experiment))) {
                continue;
            }
            AnalysisRun run = experimentRuns.get(SegDefinitions.qualifiedName(experiment));
            if (run == null) {
                missing.add(experiment.getName());
                continue;
            }
            for (ReportTable table : tables(run)) {
                ReportTable named = new ReportTable(experiment.getName() + ": " + table.title(), table.description(),
                        table.headers(), table.numeric(), table.rows(), table.chartPng(), table.note());
                // the lifts' forest plot is the table's own chart, drawn once with the run's other charts
                tables.add(named);
            }
        }
        String message = null;
        if (!missing.isEmpty()) {
            message = "No experiment results yet for " + String.join(", ", missing) + ": run the experiment analysis.";
        }
        return new Section(EXPERIMENT_ANALYSIS, "Experiment results", "The newest stored run of each experiment",
                tables, message);
    }

    private List<ReportTable> provenance(List<AnalysisRun> runs, String projectName, LocalDate asOf) {
        List<List<String>> runRows = new ArrayList<>();
        Map<String, List<String>> data = new LinkedHashMap<>();
        Map<String, List<String>> inputs = new LinkedHashMap<>();
        DateTimeFormatter started = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
        for (AnalysisRun run : runs) {
            String id = Long.toString(run.getId());
            runRows.add(List.of(id, run.getAnalysisId(),
                    run.getStartedAt() == null ? ReportNumbers.MISSING : started.format(run.getStartedAt()) + " UTC",
                    orDash(run.getStartedBy()),
                    run.getParameters().stream().filter(p -> "as-of".equals(p.getName())).map(Parameter::getValue)
                            .findFirst().orElse(ReportNumbers.MISSING)));
            data.computeIfAbsent(orDash(run.getDataSourceName()) + "\u0000" + orDash(run.getDataFingerprint()),
                    key -> new ArrayList<>()).add(id);
            for (VersionReference input : run.getInputs()) {
                inputs.computeIfAbsent(input.getQualifiedName() + "\u0000" + input.getNumber() + "\u0000" + input.getContentHash(),
                        key -> new ArrayList<>()).add(id);
            }
        }
        List<List<String>> dataRows = new ArrayList<>();
        for (Map.Entry<String, List<String>> entry : data.entrySet()) {
            String[] parts = entry.getKey().split("\u0000");
            dataRows.add(List.of(parts[0], parts[1], String.join(", ", entry.getValue())));
        }
        List<List<String>> inputRows = new ArrayList<>();
        for (Map.Entry<String, List<String>> entry : inputs.entrySet()) {
            String[] parts = entry.getKey().split("\u0000");
            inputRows.add(List.of(parts[0], "v" + parts[1], parts[2], String.join(", ", entry.getValue())));
        }
        String version = FrameworkUtil.getBundle(ReportModelBuilder.class).getVersion().toString();
        List<List<String>> about = List.of(List.of("project", projectName), List.of("as-of", asOf.toString()),
                List.of("Sextant version", version),
                List.of("minimum cell size (k)", Integer.toString(privacy.minimumCellSize())));
        return List.of(ReportTable.of("Report", "How this report was made", List.of("what", "value"), about),
                ReportTable.of("Runs", "The stored runs this report shows", List.of("run", "analysis", "started", "by",
                        "as-of"), runRows),
                ReportTable.of("Data read", "The data source of each run and a fingerprint of its data as read"
                        + " (a hash of the source's imports and row counts: the same fingerprint means the same data)",
                        List.of("data source", "data fingerprint", "runs"), dataRows),
                ReportTable.of("Definitions read", "Every definition version the runs read, by content hash",
                        List.of("definition", "version", "content hash", "runs"), inputRows));
    }
}
