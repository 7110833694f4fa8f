package io.sextant.analysis.tests;

import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;

import io.sextant.analysis.Analysis;
import io.sextant.analysis.AnalysisContext;
import io.sextant.analysis.Results;
import io.sextant.engine.EngineException;
import io.sextant.model.Result;

/** Returns its parameters and the size of its segment: what the runner stored can be compared with them. */
public class EchoAnalysis implements Analysis {

    @Override
    public List<Result> run(AnalysisContext context, IProgressMonitor monitor) throws EngineException {
        long size = context.engine().size(context.parameters().segment("segment"), monitor);
        return List.of(Results.table("echo", "the parameters")
                .text("name", List.of("segment", "times", "loud", "period"))
                .text("value", List.of(context.parameters().segment("segment").getName(),
                        String.valueOf(context.parameters().integer("times")),
                        String.valueOf(context.parameters().flag("loud")), context.parameters().text("period")))
                .build(), Results.table("size", "members").number("members", "users", List.of((double) size)).build());
    }
}
