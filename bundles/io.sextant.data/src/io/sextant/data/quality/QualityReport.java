package io.sextant.data.quality;

import java.time.Instant;
import java.util.List;

/**
 * The result of the quality checks on a data source.
 *
 * @param checkedAt when
 * @param events    the number of events checked
 * @param findings  everything found, most severe first
 * @param anomalies the daily volume anomalies (also among the findings)
 */
public record QualityReport(Instant checkedAt, long events, List<Finding> findings, List<VolumeAnomaly> anomalies) {

    public QualityReport {
        findings = List.copyOf(findings);
        anomalies = List.copyOf(anomalies);
    }

    public List<Finding> findings(Finding.Check check) {
        return findings.stream().filter(f -> f.check() == check).toList();
    }

    /** The report as plain text, one finding a line. */
    public String describe() {
        StringBuilder text = new StringBuilder("Quality of " + events + " events, checked " + checkedAt + "\n");
        if (findings.isEmpty()) {
            text.append("no findings\n");
        }
        for (Finding finding : findings) {
            text.append(finding.severity()).append(' ').append(finding.check()).append(' ').append(finding.subject())
                    .append(": ").append(finding.message()).append('\n');
        }
        return text.toString();
    }
}
