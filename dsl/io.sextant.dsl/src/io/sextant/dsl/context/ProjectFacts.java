package io.sextant.dsl.context;

import java.util.Optional;
import java.util.OptionalLong;

/** Facts measured by earlier analysis runs, when there are any. */
public interface ProjectFacts {

    ProjectFacts NONE = new ProjectFacts() {
        @Override
        public OptionalLong lastKnownSize(String segment) {
            return OptionalLong.empty();
        }

        @Override
        public Optional<MetricBaseline> baseline(String metric) {
            return Optional.empty();
        }
    };

    /** The number of users in the segment (qualified name) at its last run. */
    OptionalLong lastKnownSize(String segment);

    /** The metric's (qualified name) per-user mean and standard deviation at its last run. */
    Optional<MetricBaseline> baseline(String metric);
}
