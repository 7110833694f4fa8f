package io.sextant.analysis;

import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;

import io.sextant.engine.EngineException;
import io.sextant.model.Result;

/**
 * An analysis contributed through the extension point {@code io.sextant.analysis.analyses}. A new instance
 * runs each time; it reads the data only through the context's engine run, so that it works on every dialect
 * and its segments are computed once per run.
 */
public interface Analysis {

    /**
     * Why the analysis cannot run with these inputs, checked before the run starts (the events the extension
     * declares with requiresEvent are checked by the framework). Empty when it can run.
     */
    default List<String> unmetRequirements(AnalysisContext context) {
        return List.of();
    }

    /**
     * Computes the results (built with {@link Results}). Reports progress on the monitor and stops when it is
     * cancelled (engine queries stop by themselves). A mistake the analyst can fix is an
     * {@link AnalysisException} with a message that says what to change.
     */
    List<Result> run(AnalysisContext context, IProgressMonitor monitor) throws AnalysisException, EngineException;
}
