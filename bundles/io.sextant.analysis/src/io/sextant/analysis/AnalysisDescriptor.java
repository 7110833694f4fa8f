package io.sextant.analysis;

import java.util.List;
import java.util.Optional;

/**
 * An analysis as its contribution describes it: id (as playbooks name it), name, category, description,
 * parameters, the events it needs, and the bundle that contributes it.
 */
public record AnalysisDescriptor(String id, String name, String category, String description,
        List<ParameterDescriptor> parameters, List<String> requiredEvents, String contributor) {

    public AnalysisDescriptor {
        parameters = List.copyOf(parameters);
        requiredEvents = List.copyOf(requiredEvents);
    }

    public Optional<ParameterDescriptor> parameter(String name) {
        return parameters.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
