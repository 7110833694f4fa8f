package io.sextant.analysis;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A request to run an analysis: its id, parameter values as texts (as a playbook or the run dialog gives them),
 * the as-of date, and the definitions the parameters may name.
 */
public record AnalysisRequest(String analysisId, Map<String, String> parameters, LocalDate asOf,
        DefinitionLookup definitions) {

    public AnalysisRequest {
        Objects.requireNonNull(analysisId, "analysisId");
        Objects.requireNonNull(asOf, "asOf");
        Objects.requireNonNull(definitions, "definitions");
        parameters = new LinkedHashMap<>(parameters);
    }
}
