package io.sextant.analysis.tests;

import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;

import io.sextant.analysis.Analysis;
import io.sextant.analysis.AnalysisContext;
import io.sextant.analysis.Results;
import io.sextant.model.Result;

/** Works for two seconds in small steps, stopping when cancelled, as analyses must. */
public class SlowAnalysis implements Analysis {

    @Override
    public List<Result> run(AnalysisContext context, IProgressMonitor monitor) {
        for (int step = 0; step < 40 && !monitor.isCanceled(); step++) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return List.of(Results.table("done", "").number("steps", null, List.of(1.0)).build());
    }
}
