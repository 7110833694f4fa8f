package io.sextant.ui.analysis;

/** Identifiers of the analysis views and the run command, for perspectives, menus and tests. */
public final class AnalysisViews {

    public static final String PLUGIN_ID = "io.sextant.ui.analysis";
    public static final String RUNS_VIEW_ID = PLUGIN_ID + ".runsView";
    public static final String RESULTS_VIEW_ID = PLUGIN_ID + ".resultsView";
    public static final String RUN_COMMAND_ID = PLUGIN_ID + ".runAnalysis";

    private AnalysisViews() {
    }
}
