package io.sextant.report.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.sextant.dsl.SegDefinitions;
import io.sextant.dsl.seg.Experiment;
import io.sextant.dsl.seg.Hypothesis;
import io.sextant.dsl.seg.Playbook;
import io.sextant.dsl.seg.Segment;
import io.sextant.model.AnalysisRun;
import io.sextant.model.Column;
import io.sextant.model.Parameter;
import io.sextant.model.Result;
import io.sextant.model.TableResult;
import io.sextant.project.Playbooks;
import io.sextant.report.ReportNumbers;

/**
 * The executive summary's findings, each a sentence written from the stored results (after {@link Privacy}) with
 * the section it comes from: the segments ranked by value with their intervals and what defines them, each
 * experiment's verdict with its interval and trustworthiness, the behaviours most tied to the outcome, and the
 * data-quality caveats a reader must know before acting.
 */
final class Findings {

    /** One finding: its kind (segments, experiments, behaviours, caveats), its sentence and its section. */
    record Finding(String kind, String text, int section) {

        Finding {
            // the counts in notes the analyses wrote read as the report's counts do
            text = ReportNumbers.countsInText(text);
        }
    }

    private static final int BEHAVIOURS = 3;

    private final Privacy privacy;
    private final Function<String, String> analysisNames;

    Findings(Privacy privacy, Function<String, String> analysisNames) {
        this.privacy = privacy;
        this.analysisNames = analysisNames;
    }

    /**
     * @param experimentSections the section (position) each experiment's run is shown in, by qualified name
     */
    List<Finding> findings(Playbook playbook, List<Playbooks.Answered> answered, Map<String, AnalysisRun> experimentRuns,
            Map<String, Integer> experimentSections) {
        List<Finding> findings = new ArrayList<>();
        List<Finding> caveats = new ArrayList<>();
        for (int i = 0; i < answered.size(); i++) {
            AnalysisRun run = answered.get(i).run().orElseThrow();
            int section = i + 1;
            switch (run.getAnalysisId()) {
                case "segment-value" -> segments(playbook, run, section, findings, caveats);
                case "behaviour-outcome" -> behaviours(run, section, findings);
                default -> {
                }
            }
        }
        for (Experiment experiment : playbook.getExperiments()) {
            String name = SegDefinitions.qualifiedName(experiment);
            AnalysisRun run = experimentRuns.get(name);
            if (run != null) {
                experiment(experiment, run, experimentSections.getOrDefault(name, 0), findings, caveats);
            }
        }
        int suppressed = 0;
        for (Playbooks.Answered step : answered) {
            suppressed += suppressedRows(step.run().orElseThrow());
        }
        if (suppressed > 0) {
            caveats.add(new Finding("caveat", suppressed + " rows of the results describe fewer than "
                    + privacy.minimumCellSize() + " users each and are shown as "
                    + ReportNumbers.suppressed(privacy.minimumCellSize()) + ": small groups are not reported.", 0));
        }
        findings.addAll(caveats);
        return findings;
    }

    // ------------------------------------------------------------------ segments

    private void segments(Playbook playbook, AnalysisRun run, int section, List<Finding> findings, List<Finding> caveats) {
        Map<String, Double> sizes = Privacy.groupSizes(run.getResults());
        TableResult value = null;
        TableResult size = null;
        for (Result result : run.getResults()) {
            if (result instanceof TableResult table && column(table, "lift") != null && column(table, "metric") != null
                    && value == null) {
                value = (TableResult) privacy.sanitize(table, sizes).result();
            } else if (result instanceof TableResult table && column(table, "members") != null && size == null) {
                size = (TableResult) privacy.sanitize(table, sizes).result();
            }
        }
        if (value == null) {
            return;
        }
        Column segment = column(value, "segment");
        Column metric = column(value, "metric");
        Column mean = column(value, "mean");
        Column lower = column(value, "lower");
        Column upper = column(value, "upper");
        Column population = column(value, "population mean");
        Column lift = column(value, "lift");
        Column unit = column(value, "unit");
        if (segment == null || metric == null || mean == null || lift == null || metric.getTexts().isEmpty()) {
            return;
        }
        String firstMetric = metric.getTexts().get(0);
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < segment.getTexts().size(); i++) {
            if (firstMetric.equals(metric.getTexts().get(i))) {
                rows.add(i);
            }
        }
        rows.sort(Comparator.comparing((Integer i) -> lift.getNumbers().get(i), Comparator.nullsLast(Comparator.reverseOrder())));
        int rank = 0;
        for (int i : rows) {
            rank++;
            String name = segment.getTexts().get(i);
            String u = unit == null || i >= unit.getTexts().size() ? null : unit.getTexts().get(i);
            Double m = mean.getNumbers().get(i);
            StringBuilder text = new StringBuilder(rank + ". " + name);
            String definedAs = description(playbook, name);
            if (definedAs != null) {
                text.append(" (").append(definedAs).append(")");
            }
            if (m == null) {
                text.append(": too few members to report (fewer than ").append(privacy.minimumCellSize()).append(").");
            } else {
                text.append(": ").append(firstMetric).append(" ").append(ReportNumbers.format(m, u)).append(" per member");
                if (lower != null && upper != null) {
                    text.append(" (95 % interval ").append(ReportNumbers.format(lower.getNumbers().get(i), u)).append(" to ")
                            .append(ReportNumbers.format(upper.getNumbers().get(i), u)).append(")");
                }
                if (population != null) {
                    text.append(" against ").append(ReportNumbers.format(population.getNumbers().get(i), u))
                            .append(" for the population");
                }
                Double l = lift.getNumbers().get(i);
                text.append(", ").append(l == null ? "no lift" : "a lift of " + signed(ReportNumbers.format(l, "share")));
                String members = members(size, name);
                if (members != null) {
                    text.append("; ").append(members).append(" members");
                }
                text.append(".");
            }
            findings.add(new Finding("segment", text.toString(), section));
        }
        if (size != null && column(size, "warning") != null && column(size, "segment") != null) {
            Column warning = column(size, "warning");
            Column names = column(size, "segment");
            for (int i = 0; i < Math.min(warning.getTexts().size(), names.getTexts().size()); i++) {
                String w = warning.getTexts().get(i);
                if (w != null && !w.isBlank()) {
                    caveats.add(new Finding("caveat", names.getTexts().get(i) + ": " + w + ".", section));
                }
            }
        }
    }

    private static String description(Playbook playbook, String segment) {
        for (Segment s : playbook.getSegments()) {
            if ((s.getName().equals(segment) || SegDefinitions.qualifiedName(s).equals(segment))
                    && s.getDescription() != null && !s.getDescription().isBlank()) {
                return s.getDescription();
            }
        }
        return null;
    }

    private String members(TableResult size, String segment) {
        if (size == null || column(size, "segment") == null || column(size, "members") == null) {
            return null;
        }
        int row = column(size, "segment").getTexts().indexOf(segment);
        if (row < 0) {
            return null;
        }
        Double count = column(size, "members").getNumbers().get(row);
        return count == null ? ReportNumbers.suppressed(privacy.minimumCellSize()) : ReportNumbers.format(count, "users");
    }

    // ------------------------------------------------------------------ behaviours

    private void behaviours(AnalysisRun run, int section, List<Finding> findings) {
        String outcome = run.getParameters().stream().filter(p -> "outcome".equals(p.getName())).map(Parameter::getValue)
                .findFirst().map(Findings::simpleName).orElse("the outcome");
        for (Result result : run.getResults()) {
            if (!(result instanceof TableResult stored) || column(stored, "behaviour") == null
                    || column(stored, "rate with") == null) {
                continue;
            }
            TableResult table = (TableResult) privacy.sanitize(stored, Privacy.groupSizes(run.getResults())).result();
            Column behaviour = column(table, "behaviour");
            Column with = column(table, "rate with");
            Column without = column(table, "rate without");
            Column difference = column(table, "difference");
            Column lower = column(table, "lower");
            Column upper = column(table, "upper");
            Column warning = column(table, "warning");
            int shown = 0;
            for (int i = 0; i < behaviour.getTexts().size() && shown < BEHAVIOURS; i++) {
                boolean warned = warning != null && i < warning.getTexts().size() && warning.getTexts().get(i) != null
                        && !warning.getTexts().get(i).isBlank();
                if (warned || with.getNumbers().get(i) == null || difference == null || difference.getNumbers().get(i) == null) {
                    continue;
                }
                shown++;
                findings.add(new Finding("behaviour", "Users with " + behaviour.getTexts().get(i) + " reach " + outcome
                        + " at " + ReportNumbers.format(with.getNumbers().get(i), "share") + " against "
                        + (without == null ? ReportNumbers.MISSING : ReportNumbers.format(without.getNumbers().get(i), "share"))
                        + " without: " + signed(ReportNumbers.format(difference.getNumbers().get(i), "share"))
                        + (lower == null || upper == null ? "" : " (95 % interval "
                                + ReportNumbers.format(lower.getNumbers().get(i), "share") + " to "
                                + ReportNumbers.format(upper.getNumbers().get(i), "share") + ")")
                        + "; an association, not a cause.", section));
            }
            return;
        }
    }

    // ------------------------------------------------------------------ experiments

    private void experiment(Experiment experiment, AnalysisRun run, int section, List<Finding> findings,
            List<Finding> caveats) {
        List<Lift> primary = primaryLifts(run);
        Boolean trustworthy = trustworthy(run);
        StringBuilder text = new StringBuilder(experiment.getName()).append(": ");
        if (primary.isEmpty()) {
            text.append("the run stored no lift.");
        } else {
            if (primary.size() == 1) {
                text.append(sentence(primary.get(0))).append(": ").append(primary.get(0).verdict());
            } else {
                // several treatments: how many the interval settles, and the largest lift
                long supported = primary.stream().filter(l -> l.verdict().startsWith("supported")).count();
                long contradicted = primary.stream().filter(l -> l.verdict().startsWith("contradicted")).count();
                Lift largest = primary.stream().max(Comparator.comparingDouble(Lift::value)).orElseThrow();
                text.append(primary.size()).append(" treatments against the control on the primary metric: ")
                        .append(supported).append(" supported, ").append(contradicted).append(" contradicted, ")
                        .append(primary.size() - supported - contradicted)
                        .append(" inconclusive (the interval includes no change); the largest lift ")
                        .append(sentence(largest));
            }
            text.append(Boolean.FALSE.equals(trustworthy) ? "; UNTRUSTWORTHY: the sample ratio does not match the plan."
                    : Boolean.TRUE.equals(trustworthy) ? "; the sample ratio matches the plan." : ".");
        }
        findings.add(new Finding("experiment", text.toString(), section));
        for (Result result : run.getResults()) {
            if (result instanceof TableResult table && "Summary".equals(table.getName()) && column(table, "item") != null) {
                Column item = column(table, "item");
                Column note = column(table, "note");
                Column value = column(table, "value");
                List<Double> powers = new ArrayList<>();
                List<Long> needed = new ArrayList<>();
                String single = null;
                for (int i = 0; i < item.getTexts().size(); i++) {
                    String n = note == null || i >= note.getTexts().size() ? null : note.getTexts().get(i);
                    if (item.getTexts().get(i).startsWith("power reached") && n != null && n.startsWith("below")) {
                        powers.add(value.getNumbers().get(i));
                        single = n;
                        java.util.regex.Matcher users = USERS_NEEDED.matcher(n);
                        if (users.find()) {
                            needed.add(Long.parseLong(users.group(1).replace(",", "")));
                        }
                    }
                }
                if (powers.size() == 1) {
                    caveats.add(new Finding("caveat", experiment.getName() + " reached "
                            + ReportNumbers.format(powers.get(0), "share") + " power for its minimum effect, " + single
                            + ": a null result does not show the absence of an effect.", section));
                } else if (powers.size() > 1) {
                    // one caveat for all its treatments, not one each
                    String range = range(powers.stream().filter(java.util.Objects::nonNull)
                            .map(v -> ReportNumbers.format(v, "share")).toList());
                    String users = needed.isEmpty() ? "" : ": " + range(needed.stream().sorted()
                            .map(v -> ReportNumbers.format((double) v, "users")).toList()) + " users are needed in all";
                    caveats.add(new Finding("caveat", experiment.getName() + " reached " + range + " power for its"
                            + " minimum effect in each of its " + powers.size() + " treatments, below the planned power"
                            + users + ": a null result does not show the absence of an effect.", section));
                }
            }
            if (result instanceof TableResult table && "Warnings".equals(table.getName()) && column(table, "warning") != null) {
                int count = column(table, "warning").getTexts().size();
                if (count > 0) {
                    caveats.add(new Finding("caveat", experiment.getName() + ": " + count
                            + (count == 1 ? " warning" : " warnings") + " on the experiment's numbers (its table Warnings).",
                            section));
                }
            }
        }
    }

    private static final java.util.regex.Pattern USERS_NEEDED = java.util.regex.Pattern
            .compile("([0-9][0-9,]*) users are needed");

    /** "2.7 % to 2.8 %" from formatted values in order, or the one value when they are all the same. */
    private static String range(List<String> values) {
        List<String> sorted = values.stream().distinct().toList();
        if (sorted.isEmpty()) {
            return ReportNumbers.MISSING;
        }
        return sorted.size() == 1 ? sorted.get(0) : min(sorted) + " to " + max(sorted);
    }

    private static String min(List<String> formatted) {
        return formatted.stream().min(Comparator.comparingDouble(Findings::number)).orElseThrow();
    }

    private static String max(List<String> formatted) {
        return formatted.stream().max(Comparator.comparingDouble(Findings::number)).orElseThrow();
    }

    private static double number(String formatted) {
        try {
            return Double.parseDouble(formatted.replaceAll("[^0-9.eE-]", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** "UpgradeConversion: tour vs control +20.9 % (95 % interval -36.1 % to 77.9 %, p = 0.430)". */
    private static String sentence(Lift lift) {
        return lift.label() + " " + signed(lift.estimate()) + " (95 % interval " + lift.lower() + " to " + lift.upper()
                + (lift.p() != null ? ", p = " + lift.p() : "") + ")";
    }

    private record Lift(String label, String estimate, String lower, String upper, String p, String verdict,
            double value) {
    }

    /** The first row of the run's lift table (the primary metric's), formatted, with its verdict. */
    private static Lift primaryLift(AnalysisRun run) {
        List<Lift> lifts = primaryLifts(run);
        return lifts.isEmpty() ? null : lifts.get(0);
    }

    /**
     * The rows of the run's lift table for the primary metric (its column "role" says "primary"; without that
     * column, the first row), one per treatment, formatted, each with its verdict.
     */
    private static List<Lift> primaryLifts(AnalysisRun run) {
        for (Result result : run.getResults()) {
            if (result instanceof TableResult table && column(table, "estimate") != null && column(table, "lower") != null
                    && column(table, "upper") != null) {
                Column estimate = column(table, "estimate");
                Column role = column(table, "role");
                List<Lift> lifts = new ArrayList<>();
                for (int i = 0; i < estimate.getNumbers().size(); i++) {
                    if (role == null ? i > 0 : i >= role.getTexts().size() || !"primary".equals(role.getTexts().get(i))) {
                        continue;
                    }
                    Lift lift = lift(table, i);
                    if (lift != null) {
                        lifts.add(lift);
                    }
                }
                if (!lifts.isEmpty()) {
                    return lifts;
                }
            }
        }
        return List.of();
    }

    private static Lift lift(TableResult table, int row) {
        Column estimate = column(table, "estimate");
        Double e = estimate.getNumbers().get(row);
        if (e == null) {
            return null;
        }
        Double l = column(table, "lower").getNumbers().get(row);
        Double u = column(table, "upper").getNumbers().get(row);
        Column label = column(table, "label");
        String name = label == null || row >= label.getTexts().size() ? "the primary metric" : label.getTexts().get(row);
        Column p = column(table, "p-value");
        String unit = estimate.getUnit();
        String verdict = l != null && l > 0 ? "supported, the interval lies above no change"
                : u != null && u < 0 ? "contradicted, the interval lies below no change"
                        : "inconclusive, the interval includes no change";
        return new Lift(name, ReportNumbers.format(e, unit), ReportNumbers.format(l, unit), ReportNumbers.format(u, unit),
                p == null ? null : ReportNumbers.format(p.getNumbers().get(row), null, "p-value"), verdict, e);
    }

    /** From the run's summary: whether its sample ratio check passed; null when it stored none. */
    private static Boolean trustworthy(AnalysisRun run) {
        for (Result result : run.getResults()) {
            if (result instanceof TableResult table && column(table, "item") != null) {
                Column item = column(table, "item");
                int row = item.getTexts().indexOf("trustworthy");
                Column value = column(table, "value");
                if (row >= 0 && value != null && value.getNumbers().get(row) != null) {
                    return value.getNumbers().get(row) > 0.5;
                }
            }
            if (result instanceof TableResult table && column(table, "mismatch") != null) {
                return !"true".equals(column(table, "mismatch").getTexts().get(0));
            }
        }
        return null;
    }

    /**
     * The hypothesis' status from its experiment's run, with why: supported or contradicted when the primary
     * lift's interval lies above or below no change, else inconclusive; and when the hypothesis' segment has no
     * users in the experiment (the run did not compare it), that it was not tested there.
     */
    static String verdict(AnalysisRun run, Hypothesis hypothesis) {
        Lift lift = primaryLift(run);
        String overall = lift == null ? "no lift stored"
                : lift.verdict().replaceFirst(",", ":") + " (" + signed(lift.estimate()) + ", 95 % interval " + lift.lower()
                        + " to " + lift.upper() + ")";
        if (hypothesis != null && hypothesis.getSegment() != null) {
            String segment = hypothesis.getSegment().getName();
            for (Result result : run.getResults()) {
                if (result instanceof TableResult table && column(table, "warning") != null) {
                    for (String warning : column(table, "warning").getTexts()) {
                        if (warning != null && warning.startsWith("segment " + segment + ",") && warning.contains("not compared")) {
                            return "not tested in " + segment + ": the segment has no users to compare in the"
                                    + " experiment; over all users " + overall;
                        }
                    }
                }
            }
        }
        return overall;
    }

    private int suppressedRows(AnalysisRun run) {
        int rows = 0;
        Map<String, Double> sizes = Privacy.groupSizes(run.getResults());
        for (Result result : run.getResults()) {
            rows += privacy.sanitize(result, sizes).suppressedRows();
        }
        return rows;
    }

    private static String signed(String number) {
        return number.startsWith("-") || number.startsWith(ReportNumbers.MISSING) ? number : "+" + number;
    }

    private static String simpleName(String qualified) {
        int dot = qualified.lastIndexOf('.');
        return dot < 0 ? qualified : qualified.substring(dot + 1);
    }

    private static Column column(TableResult table, String name) {
        return ReportModelBuilder.column(table, name);
    }
}
