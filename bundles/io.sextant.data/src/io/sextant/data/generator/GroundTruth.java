package io.sextant.data.generator;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What the generator put into the data, so later analyses can be tested against it. Written beside the data
 * as {@code ground-truth.json}; per user as {@code users-truth.csv}.
 *
 * @param seed           the seed
 * @param users          users in users.csv
 * @param eventRows      rows in events.csv (duplicates and defects included)
 * @param distinctEvents rows that are not exact duplicates of an earlier row
 * @param start          the first day
 * @param days           the number of days
 * @param eventCounts    rows per event name (duplicates included)
 * @param costPerEvent   the cost of one event of each type (for cost-to-serve metrics)
 * @param segments       the hidden segments, with the outcome rates they were built to have
 * @param experiments    the experiments, their assignment and true effects
 * @param anomalies      days on which the volume of an event was changed on purpose
 * @param defects        rows written to be found by the quality checks
 * @param purchases      purchase events with a positive amount
 * @param revenue        their total amount
 * @param files          the files written, by role (users, events, truth, ...)
 */
public record GroundTruth(long seed, int users, long eventRows, long distinctEvents, LocalDate start, int days,
        Map<String, Long> eventCounts, Map<String, BigDecimal> costPerEvent, List<SegmentTruth> segments,
        List<ExperimentTruth> experiments, List<InjectedAnomaly> anomalies, Defects defects, long purchases,
        BigDecimal revenue, Map<String, Path> files) {

    /**
     * A hidden segment: a rule over behaviour that the generator made predictive of an outcome.
     *
     * @param name     its name
     * @param rule     the rule, in words (the .seg form is in the sample project)
     * @param members  users who satisfy the rule
     * @param outcomes outcome name → rate among members and among the rest ({@code <outcome>} and
     *                 {@code <outcome>.others}), each over the users for whom the outcome could be observed
     */
    public record SegmentTruth(String name, String rule, long members, Map<String, Double> outcomes) {
    }

    /**
     * An experiment.
     *
     * @param name                the value of the experiment property of its assignment events
     * @param population          who takes part
     * @param intendedShares      variant → intended share (sums to 1)
     * @param assignedUsers       variant → users really assigned
     * @param loggedUsers         variant → users with an assignment event (differs from assigned under SRM)
     * @param metric              the metric its effect is on
     * @param trueEffect          the true absolute effect of each non-control variant on the metric's rate
     * @param observedRate        variant → the metric's rate among assigned users
     * @param sampleRatioMismatch whether the logged split deviates from the intended one on purpose
     */
    public record ExperimentTruth(String name, String population, Map<String, Double> intendedShares,
            Map<String, Long> assignedUsers, Map<String, Long> loggedUsers, String metric,
            Map<String, Double> trueEffect, Map<String, Double> observedRate, boolean sampleRatioMismatch) {
    }

    /** The volume of {@code event} on {@code day} was multiplied by {@code factor}. */
    public record InjectedAnomaly(String event, LocalDate day, double factor) {
    }

    /**
     * Rows written to be found by the quality checks.
     *
     * @param exactDuplicates   rows repeated exactly
     * @param unknownUserEvents events of users who are not in users.csv
     * @param futureEvents      events dated years after the data
     * @param preLaunchEvents   events dated before the first day
     * @param negativeAmounts   purchases with a negative amount
     */
    public record Defects(long exactDuplicates, long unknownUserEvents, long futureEvents, long preLaunchEvents,
            long negativeAmounts) {
    }
}
