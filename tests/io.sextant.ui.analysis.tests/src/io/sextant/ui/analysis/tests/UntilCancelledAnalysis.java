package io.sextant.ui.analysis.tests;

import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;

import io.sextant.analysis.Analysis;
import io.sextant.analysis.AnalysisContext;
import io.sextant.analysis.Results;
import io.sextant.model.Result;

/** Works in small steps for up to a minute, reporting progress, and stops when cancelled, as analyses must. */
public class UntilCancelledAnalysis implements Analysis {

    @Override
    public List<Result> run(AnalysisContext context, IProgressMonitor monitor) {
        SubMonitor progress = SubMonitor.convert(monitor, 1200);
        for (int step = 0; step < 1200 && !monitor.isCanceled(); step++) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            progress.worked(1);
        }
        return List.of(Results.table("done", "").number("steps", null, List.of(1.0)).build());
    }
}
