package io.sextant.project;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;

import io.sextant.analysis.AnalysisDescriptor;
import io.sextant.analysis.AnalysisException;
import io.sextant.analysis.AnalysisRegistry;
import io.sextant.analysis.AnalysisRequest;
import io.sextant.analysis.AnalysisRunner;
import io.sextant.analysis.DefinitionLookup;
import io.sextant.analysis.Parameters;
import io.sextant.dsl.SegDefinitions;
import io.sextant.dsl.seg.AnalysisUse;
import io.sextant.dsl.seg.BooleanLiteral;
import io.sextant.dsl.seg.DateLiteral;
import io.sextant.dsl.seg.Literal;
import io.sextant.dsl.seg.LiteralValue;
import io.sextant.dsl.seg.NumberLiteral;
import io.sextant.dsl.seg.Parameter;
import io.sextant.dsl.seg.Playbook;
import io.sextant.dsl.seg.ReferenceValue;
import io.sextant.dsl.seg.StringLiteral;
import io.sextant.model.AnalysisRun;
import io.sextant.model.RunStatus;
import io.sextant.store.Repository;

/**
 * Running a playbook's analyses and finding the stored runs a report of it is made from. A run belongs to an
 * analysis of a playbook when it ran that analysis with exactly the parameters the playbook gives (defaults
 * filled in the same way), so a run started from the IDE's dialog with the same values counts as well.
 */
public final class Playbooks {

    /**
     * One analysis of a playbook: its position (1-based), its request, and its parameters as a run of it stores
     * them (defaults filled in, the as-of date included).
     */
    public record Step(int position, AnalysisUse use, AnalysisRequest request, Map<String, String> resolvedParameters) {
    }

    /** An analysis of a playbook and the run that answers it (empty when none has been stored yet). */
    public record Answered(Step step, Optional<AnalysisRun> run) {
    }

    /**
     * The parameter a playbook's own {@code segments} list fills when an analysis has it and the playbook's
     * line does not set it: "value these segments" is what a playbook is about.
     */
    public static final String PLAYBOOK_SEGMENTS = "segments";

    private Playbooks() {
    }

    /** The parameter values of an analysis use as texts, as a user would type them in the dialog. */
    public static Map<String, String> parameterTexts(AnalysisUse use) {
        Map<String, String> texts = new LinkedHashMap<>();
        for (Parameter parameter : use.getParameters()) {
            String text;
            if (parameter.getValue() instanceof ReferenceValue reference) {
                text = SegDefinitions.qualifiedName(reference.getDefinition());
            } else if (parameter.getValue() instanceof LiteralValue literal) {
                text = literalText(literal.getLiteral());
            } else {
                text = null;
            }
            texts.put(parameter.getName(), text);
        }
        return texts;
    }

    private static String literalText(Literal literal) {
        if (literal instanceof StringLiteral string) {
            return string.getValue();
        }
        if (literal instanceof NumberLiteral number) {
            return number.getValue().toPlainString();
        }
        if (literal instanceof DateLiteral date) {
            return date.getValue();
        }
        if (literal instanceof BooleanLiteral bool) {
            return Boolean.toString(bool.isValue());
        }
        return null;
    }

    /**
     * The playbook's analyses as checked requests. Every analysis use is checked before any runs, so one
     * mistake (an analysis that is not installed, a bad parameter) stops the whole playbook with a message
     * that names the playbook, the position and the analysis, and records nothing.
     */
    public static List<Step> steps(Playbook playbook, LocalDate asOf, DefinitionLookup definitions,
            AnalysisRegistry registry) throws ProjectException {
        List<Step> steps = new ArrayList<>();
        int position = 0;
        for (AnalysisUse use : playbook.getAnalyses()) {
            position++;
            String where = "playbook " + playbook.getName() + ", analysis " + position + " ('" + use.getAnalysis() + "')";
            AnalysisDescriptor descriptor = registry.descriptor(use.getAnalysis()).orElseThrow(() -> new ProjectException(
                    where + ": no such analysis is installed; installed: "
                            + String.join(", ", registry.all().stream().map(AnalysisDescriptor::id).toList())));
            Map<String, String> texts = parameterTexts(use);
            if (descriptor.parameter(PLAYBOOK_SEGMENTS).isPresent() && !texts.containsKey(PLAYBOOK_SEGMENTS)
                    && !playbook.getSegments().isEmpty()) {
                texts.put(PLAYBOOK_SEGMENTS, String.join(",",
                        playbook.getSegments().stream().map(SegDefinitions::qualifiedName).toList()));
            }
            try {
                Parameters resolved = Parameters.resolve(descriptor, texts, definitions);
                Map<String, String> stored = new LinkedHashMap<>(resolved.asTexts());
                stored.put(AnalysisRunner.AS_OF_PARAMETER, asOf.toString());
                steps.add(new Step(position, use, new AnalysisRequest(use.getAnalysis(), texts, asOf, definitions), stored));
            } catch (AnalysisException e) {
                throw new ProjectException(where + ": " + e.getMessage(), e);
            }
        }
        if (steps.isEmpty()) {
            throw new ProjectException("playbook " + playbook.getName() + " names no analysis: add lines such as "
                    + "analysis \"segment-value\" (metric: Revenue)");
        }
        return steps;
    }

    /**
     * Runs the steps one after another and returns their stored runs. A step that fails is recorded as failed
     * and the next ones still run (a failing analysis fails its own run only); cancelling stops after the
     * running step, which is recorded as cancelled.
     */
    public static List<AnalysisRun> run(List<Step> steps, AnalysisRunner runner, IProgressMonitor monitor)
            throws ProjectException {
        SubMonitor progress = SubMonitor.convert(monitor, steps.size());
        List<AnalysisRun> runs = new ArrayList<>();
        for (Step step : steps) {
            if (progress.isCanceled()) {
                break;
            }
            progress.subTask("Analysis " + step.position() + " of " + steps.size() + ": " + step.use().getAnalysis());
            try {
                runs.add(runner.run(step.request(), progress.split(1)));
            } catch (AnalysisException e) {
                throw new ProjectException("analysis " + step.position() + " ('" + step.use().getAnalysis() + "'): "
                        + e.getMessage(), e);
            }
        }
        return runs;
    }

    /**
     * For each step, the newest succeeded run of the same analysis with the same resolved parameters and as-of
     * date, among the repository's most recent runs.
     */
    public static List<Answered> latestRuns(List<Step> steps, Repository repository) {
        List<AnalysisRun> recent = repository.runs().recent(2_000);
        List<Answered> answered = new ArrayList<>();
        for (Step step : steps) {
            Optional<AnalysisRun> match = recent.stream()
                    .filter(run -> run.getStatus() == RunStatus.SUCCEEDED)
                    .filter(run -> run.getAnalysisId().equals(step.request().analysisId()))
                    .filter(run -> parameters(run).equals(step.resolvedParameters()))
                    .findFirst()
                    .flatMap(run -> repository.runs().run(run.getId()));
            answered.add(new Answered(step, match));
        }
        return answered;
    }

    private static Map<String, String> parameters(AnalysisRun run) {
        Map<String, String> texts = new LinkedHashMap<>();
        for (io.sextant.model.Parameter parameter : run.getParameters()) {
            texts.put(parameter.getName(), parameter.getValue());
        }
        return texts;
    }
}
