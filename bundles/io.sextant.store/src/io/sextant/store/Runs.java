package io.sextant.store;

import java.util.List;
import java.util.Optional;

import io.sextant.model.AnalysisRun;
import io.sextant.model.Result;

/**
 * Analysis runs and their results. A run is recorded when it starts (status running) and ends as
 * succeeded (with its results, stored in the same transaction), failed (with the cause) or cancelled.
 */
public interface Runs {

    AnalysisRun start(RunRequest request);

    /** Stores the results (built with {@code SextantFactory}) and marks the run succeeded. */
    AnalysisRun succeed(long runId, List<? extends Result> results);

    AnalysisRun fail(long runId, String error);

    AnalysisRun cancel(long runId);

    /** The run with its parameters, inputs and results. */
    Optional<AnalysisRun> run(long runId);

    /**
     * Runs that used the definition (any version when {@code number} is null), newest first, with their
     * results.
     */
    List<AnalysisRun> findByDefinition(String qualifiedName, Integer number);

    /** The most recent runs, newest first, without their results. */
    List<AnalysisRun> recent(int limit);
}
