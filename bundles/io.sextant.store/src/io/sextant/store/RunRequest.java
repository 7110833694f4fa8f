package io.sextant.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An analysis run about to start, with its provenance.
 *
 * @param analysisId      the analysis contribution's id
 * @param parameters      parameter values by name, in the order they are shown
 * @param inputs          the definition versions the run uses
 * @param dataSourceName  the data source it reads
 * @param dataFingerprint a fingerprint of the data as read (so that a report can tell whether the data changed)
 */
public record RunRequest(String analysisId, Map<String, String> parameters, List<Input> inputs, String dataSourceName,
        String dataFingerprint) {

    /** A definition version used by a run, by value. */
    public record Input(String qualifiedName, int number, String contentHash) {
        public Input {
            Objects.requireNonNull(qualifiedName, "qualifiedName");
            Objects.requireNonNull(contentHash, "contentHash");
        }
    }

    public RunRequest {
        Objects.requireNonNull(analysisId, "analysisId");
        parameters = new LinkedHashMap<>(parameters);
        inputs = List.copyOf(inputs);
    }
}
