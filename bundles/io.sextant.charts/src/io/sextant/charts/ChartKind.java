package io.sextant.charts;

/** The charts this bundle draws; {@link Charts#kindOf} picks one from a result's shape and name. */
public enum ChartKind {
    /** A matrix: rows × columns of one unit, shaded by value (cohort retention). */
    HEATMAP,
    /** A table of ordered steps with users per step: bars shrinking step by step, labelled with conversion. */
    FUNNEL,
    /** A table of labelled estimates with lower/upper bounds: each interval a horizontal band with its estimate marked, in the table's order. */
    RANKED_BARS,
    /** A series: a line over x with its interval bounds as dashed lines (retention curve). */
    LINE,
    /** Effects with intervals around a zero line (experiment lifts); drawn from {@link Effect}s. */
    FOREST,
    /** Any other table with a label column and a number column: bars of the first number column. */
    BARS
}
