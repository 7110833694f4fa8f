package io.sextant.report.internal;

import java.util.List;

/**
 * Everything one report shows (the experiments section is null when every experiment has its own section), gathered from the project and its stored runs before BIRT runs, so that the
 * designs only lay it out (data reaches them through {@link TableDataSet}, never through queries).
 */
public record ReportModel(Cover cover, List<Findings.Finding> findings, List<ReportTable> summary,
        List<Section> sections, Section experiments, List<ReportTable> provenance) {

    /** The cover page. */
    public record Cover(String title, String playbook, String audience, String owner, String date, String asOf,
            String privacy) {
    }

    /**
     * One section: an analysis of the playbook (its design is the analysis type's), or the experiments.
     *
     * @param analysisId the analysis type, which picks the section design
     * @param message    shown instead of tables when there is nothing to show, or null
     */
    public record Section(String analysisId, String heading, String subtitle, List<ReportTable> tables, String message) {
    }
}
