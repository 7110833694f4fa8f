package io.sextant.analysis.tests;

import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.generateSeries;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.select;

import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.jooq.Field;
import org.jooq.Table;

import io.sextant.analysis.Analysis;
import io.sextant.analysis.AnalysisContext;
import io.sextant.engine.EngineException;
import io.sextant.model.Result;

/**
 * Groups the events by user, time and name, twice over: a pushed-down query that reads rows, not aggregates,
 * which the engine stops.
 */
public class PerEventAnalysis implements Analysis {

    @Override
    public List<Result> run(AnalysisContext context, IProgressMonitor monitor) throws EngineException {
        Table<?> events = context.engine().eventsTable(null, List.of(), monitor).as("e");
        Table<?> twice = generateSeries(1, 2).as("twice", "copy");
        List<Field<?>> keys = List.of(field(name("e", "user_id")), field(name("e", "event_time")),
                field(name("e", "event_name")), field(name("twice", "copy")));
        context.engine().aggregate(select(keys).select(count()).from(events).crossJoin(twice).groupBy(keys),
                "every event, twice", monitor);
        return List.of();
    }
}
