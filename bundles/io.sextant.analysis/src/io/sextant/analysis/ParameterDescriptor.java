package io.sextant.analysis;

import java.util.List;

/**
 * A parameter an analysis declares: its name, type, default (null: none), whether it is required, the allowed
 * values of a choice and a one-line description.
 */
public record ParameterDescriptor(String name, ParameterType type, String defaultValue, boolean required,
        List<String> choices, String description) {

    public ParameterDescriptor {
        choices = choices == null ? List.of() : List.copyOf(choices);
    }
}
