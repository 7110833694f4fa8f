package io.sextant.analysis;

import java.time.LocalDate;

import io.sextant.dsl.context.EventCatalog;
import io.sextant.engine.EngineRun;

/**
 * What an analysis runs with: its descriptor, its checked parameters, the as-of date, the engine run on the
 * project's data source (segments computed once per run), and the data's catalog.
 */
public interface AnalysisContext {

    AnalysisDescriptor descriptor();

    Parameters parameters();

    LocalDate asOf();

    EngineRun engine();

    EventCatalog catalog();
}
