package io.sextant.ui.analysis.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import io.sextant.analysis.AnalysisRegistry;
import io.sextant.model.AnalysisRun;
import io.sextant.model.Parameter;

/** A row of the Runs view: a stored run, or a job still running (its record comes when it ends). */
public record RunRow(AnalysisRun stored, ActiveRun active) {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    String analysis(AnalysisRegistry registry) {
        if (active != null) {
            return active.analysisName();
        }
        return registry.descriptor(stored.getAnalysisId()).map(d -> d.name()).orElse(stored.getAnalysisId());
    }

    String parameters() {
        Map<String, String> values = active != null ? active.parameters()
                : stored.getParameters().stream().collect(Collectors.toMap(Parameter::getName, Parameter::getValue,
                        (a, b) -> a, java.util.LinkedHashMap::new));
        return values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    /** Whether it failed: recorded as failed, or ended with a mistake before it could be recorded. */
    boolean failed() {
        return active != null ? active.failure() != null
                : stored.getStatus() == io.sextant.model.RunStatus.FAILED;
    }

    /** When it started (for ordering). */
    Instant startedAt() {
        return active != null ? active.started() : stored.getStartedAt();
    }

    String status() {
        if (active != null && active.failure() != null) {
            return "failed";
        }
        if (active != null) {
            return String.format(Locale.ROOT, "running %d%%", Math.round(active.progress() * 100));
        }
        return stored.getStatus().getLiteral().toLowerCase(Locale.ROOT);
    }

    String started() {
        Instant started = active != null ? active.started() : stored.getStartedAt();
        return started == null ? "" : TIME.format(started);
    }

    String duration() {
        Instant from = active != null ? active.started() : stored.getStartedAt();
        Instant to = active != null ? (active.ended() != null ? active.ended() : Instant.now()) : stored.getEndedAt();
        if (from == null || to == null) {
            return "";
        }
        Duration duration = Duration.between(from, to);
        return duration.toSeconds() >= 60 ? String.format(Locale.ROOT, "%d min %d s", duration.toMinutes(),
                duration.toSecondsPart()) : String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    String error() {
        if (active != null) {
            return active.failure() == null ? "" : active.failure();
        }
        return stored == null || stored.getError() == null ? "" : stored.getError();
    }
}
