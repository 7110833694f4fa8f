package io.sextant.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.emf.ecore.EObject;

import io.sextant.dsl.SegDefinitions;
import io.sextant.dsl.context.EventCatalog;
import io.sextant.dsl.seg.Definition;
import io.sextant.engine.Engine;
import io.sextant.engine.EngineException;
import io.sextant.engine.EngineRun;
import io.sextant.engine.QueryCancelledException;
import io.sextant.model.AnalysisRun;
import io.sextant.model.Result;
import io.sextant.store.Repository;
import io.sextant.store.RunRequest;

/**
 * Runs analyses and stores each run in the repository with its provenance: the analysis, its parameters (with
 * defaults), the definition versions it read (by content hash, nested ones included), the data source and a
 * fingerprint of its data. Inputs are checked before anything is recorded; once a run is recorded it ends as
 * succeeded (with its results), failed (with the cause) or cancelled. Each run has its own engine run and
 * connection, so several run at once.
 */
public final class AnalysisRunner {

    /** The name under which a run's as-of date is stored among its parameters. */
    public static final String AS_OF_PARAMETER = "as-of";

    private final AnalysisRegistry registry;
    private final Repository repository;
    private final Engine engine;
    private final String dataSourceName;
    private final EventCatalog catalog;

    public AnalysisRunner(AnalysisRegistry registry, Repository repository, Engine engine, String dataSourceName,
            EventCatalog catalog) {
        this.registry = registry;
        this.repository = repository;
        this.engine = engine;
        this.dataSourceName = dataSourceName;
        this.catalog = catalog;
    }

    /**
     * Runs the analysis in this thread and returns the stored run. A mistake in the request (unknown analysis,
     * bad parameter, missing event) is an {@link AnalysisException} and records nothing.
     */
    public AnalysisRun run(AnalysisRequest request, IProgressMonitor monitor) throws AnalysisException {
        try {
            return runAndRecord(request, monitor);
        } finally {
            recorded();
        }
    }

    /** Listeners of runs recorded in this process (started or ended), by any runner: views that list runs refresh. */
    private static final List<Runnable> RECORDED = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * Hears every run any runner of this process records, when it starts and when it ends (in the thread that
     * runs it): the IDE's Runs view refreshes on runs made elsewhere, such as a report's.
     */
    public static void addRecordedListener(Runnable listener) {
        RECORDED.add(listener);
    }

    public static void removeRecordedListener(Runnable listener) {
        RECORDED.remove(listener);
    }

    private static void recorded() {
        for (Runnable listener : RECORDED) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                ILog.of(AnalysisRunner.class).log(Status.error("A listener of recorded runs failed", e));
            }
        }
    }

    private AnalysisRun runAndRecord(AnalysisRequest request, IProgressMonitor monitor) throws AnalysisException {
        SubMonitor progress = SubMonitor.convert(monitor, 100);
        AnalysisDescriptor descriptor = registry.descriptor(request.analysisId()).orElseThrow(() -> new AnalysisException(
                "no analysis '" + request.analysisId() + "' is installed; installed: "
                        + String.join(", ", registry.all().stream().map(AnalysisDescriptor::id).toList())));
        Parameters parameters = Parameters.resolve(descriptor, request.parameters(), request.definitions());
        Analysis analysis = registry.create(descriptor.id());
        Stopwatch watch = new Stopwatch(descriptor.id());
        try (EngineRun run = engine.open(request.asOf())) {
            watch.lap("open the engine run");
            Context context = new Context(descriptor, parameters, request, run, catalog);
            List<String> unmet = new ArrayList<>();
            for (String event : descriptor.requiredEvents()) {
                if (catalog.event(event).isEmpty()) {
                    unmet.add("the data has no event '" + event + "'");
                }
            }
            unmet.addAll(analysis.unmetRequirements(context));
            if (!unmet.isEmpty()) {
                throw new AnalysisException("analysis '" + descriptor.id() + "' cannot run: " + String.join("; ", unmet));
            }
            String fingerprint = run.dataFingerprint(progress.split(5));
            watch.lap("data fingerprint");
            long runId = repository.runs().start(new RunRequest(descriptor.id(), storedParameters(parameters, request),
                    inputs(parameters.definitions()), dataSourceName, fingerprint)).getId();
            recorded();
            watch.lap("record the run's start");
            try {
                List<Result> results = analysis.run(context, progress.split(90));
                watch.lap("the analysis");
                if (monitor != null && monitor.isCanceled()) {
                    return repository.runs().cancel(runId);
                }
                AnalysisRun stored = repository.runs().succeed(runId, results);
                watch.lap("store the results");
                return stored;
            } catch (QueryCancelledException e) {
                return e.timedOut() ? repository.runs().fail(runId, e.getMessage()) : repository.runs().cancel(runId);
            } catch (OperationCanceledException e) {
                // a monitor's split() throws this when the job is cancelled: the run is cancelled, not failed
                return repository.runs().cancel(runId);
            } catch (AnalysisException | EngineException e) {
                return repository.runs().fail(runId, e.getMessage());
            } catch (RuntimeException e) {
                ILog.of(AnalysisRunner.class).log(Status.error("Analysis '" + descriptor.id() + "' failed", e));
                return repository.runs().fail(runId, "internal error in analysis '" + descriptor.id() + "' ("
                        + descriptor.contributor() + "): " + e);
            }
        } catch (EngineException e) {
            throw new AnalysisException(e.getMessage(), e);
        } finally {
            watch.lap("close the engine run");
        }
    }

    /**
     * With SEXTANT_TRACE_SQL=1 (see the engine's Statements), the time of each step of a run on stderr, beside
     * its statements: what a run spends outside its queries.
     */
    private static final class Stopwatch {
        private static final boolean TRACE = "1".equals(System.getenv("SEXTANT_TRACE_SQL"));
        private final String analysis;
        private long last = System.nanoTime();

        Stopwatch(String analysis) {
            this.analysis = analysis;
        }

        void lap(String step) {
            long now = System.nanoTime();
            if (TRACE) {
                System.err.printf(java.util.Locale.ROOT, "[run] %8.3f s  %s: %s%n", (now - last) / 1e9, analysis, step);
            }
            last = now;
        }
    }

    /**
     * A job that runs the analysis (schedule it; cancel it to cancel the run). {@code done} receives the stored
     * run; a mistake in the request makes the job's result an error with the message.
     */
    public Job job(AnalysisRequest request, Consumer<AnalysisRun> done) {
        String name = registry.descriptor(request.analysisId()).map(AnalysisDescriptor::name).orElse(request.analysisId());
        Job job = Job.create("Analysis: " + name, monitor -> {
            try {
                AnalysisRun run = run(request, monitor);
                done.accept(run);
                return monitor.isCanceled() ? Status.CANCEL_STATUS : Status.OK_STATUS;
            } catch (AnalysisException e) {
                return Status.error(e.getMessage());
            }
        });
        job.setUser(true);
        return job;
    }

    /**
     * The parameters as stored with the run: every parameter with defaults filled in, and the as-of date under
     * {@value #AS_OF_PARAMETER} (no analysis parameter can have that name: the language's names have no
     * hyphen), so that a report can say, and a rerun can use, the day the answer was computed for.
     */
    static Map<String, String> storedParameters(Parameters parameters, AnalysisRequest request) {
        Map<String, String> stored = new LinkedHashMap<>(parameters.asTexts());
        stored.put(AS_OF_PARAMETER, request.asOf().toString());
        return stored;
    }

    /** The definitions with every definition they reference (nested segments, ratio parts), each once. */
    static List<RunRequest.Input> inputs(List<Definition> definitions) {
        Set<Definition> all = new LinkedHashSet<>();
        for (Definition definition : definitions) {
            collect(definition, all);
        }
        List<RunRequest.Input> inputs = new ArrayList<>();
        for (Definition definition : all) {
            int version = definition.getVersion() > 0 ? definition.getVersion() : 1;
            inputs.add(new RunRequest.Input(SegDefinitions.qualifiedName(definition), version,
                    SegDefinitions.contentHash(definition)));
        }
        return inputs;
    }

    private static void collect(Definition definition, Set<Definition> into) {
        if (!into.add(definition)) {
            return;
        }
        // the definition's own references (an experiment's hypothesis, primary and guardrail metrics) and those of
        // its parts (a segment's conditions)
        for (EObject referenced : definition.eCrossReferences()) {
            if (referenced instanceof Definition other && !other.eIsProxy()) {
                collect(other, into);
            }
        }
        definition.eAllContents().forEachRemaining(element -> {
            for (EObject referenced : element.eCrossReferences()) {
                if (referenced instanceof Definition other && !other.eIsProxy()) {
                    collect(other, into);
                }
            }
        });
    }

    private record Context(AnalysisDescriptor descriptor, Parameters parameters, AnalysisRequest request,
            EngineRun engine, EventCatalog catalog) implements AnalysisContext {
        @Override
        public java.time.LocalDate asOf() {
            return request.asOf();
        }
    }
}
