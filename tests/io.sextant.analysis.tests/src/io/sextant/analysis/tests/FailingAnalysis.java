package io.sextant.analysis.tests;

import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;

import io.sextant.analysis.Analysis;
import io.sextant.analysis.AnalysisContext;
import io.sextant.analysis.AnalysisException;
import io.sextant.model.Result;

/** Fails as an analysis does when the data is not what it needs. */
public class FailingAnalysis implements Analysis {

    @Override
    public List<Result> run(AnalysisContext context, IProgressMonitor monitor) throws AnalysisException {
        throw new AnalysisException("no user has two purchases, so there is nothing to compare");
    }
}
