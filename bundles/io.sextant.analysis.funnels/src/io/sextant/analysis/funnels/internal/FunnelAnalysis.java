package io.sextant.analysis.funnels.internal;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;

import io.sextant.analysis.Analysis;
import io.sextant.analysis.AnalysisContext;
import io.sextant.analysis.AnalysisException;
import io.sextant.analysis.Estimate;
import io.sextant.analysis.Results;
import io.sextant.dsl.seg.Segment;
import io.sextant.engine.EngineException;
import io.sextant.engine.UserEvents;
import io.sextant.model.Result;

/**
 * A funnel. A user enters at their first event of the first step; each later step is the first event of its name
 * strictly after the step before (as in the language's sequences: events at the same instant make no order), and
 * all must come within the window after entering (before the as-of instant).
 * Step k's users are those who reached it; conversion is against the users who entered and against the step
 * before (with Wilson intervals); the time to convert is the median time from entering.
 */
public final class FunnelAnalysis implements Analysis {

    static final int MAX_STEPS = 10;

    @Override
    public List<String> unmetRequirements(AnalysisContext context) {
        List<String> unmet = new ArrayList<>();
        List<String> steps = steps(context);
        if (steps.size() < 2 || steps.size() > MAX_STEPS) {
            unmet.add("a funnel has 2 to " + MAX_STEPS + " steps, not " + steps.size());
        }
        for (String step : steps) {
            if (context.catalog().event(step).isEmpty()) {
                unmet.add("the data has no event '" + step + "' (a step of the funnel)");
            }
        }
        int window = context.parameters().integer("window");
        if (window < 1) {
            unmet.add("the window is at least 1 day, not " + window);
        }
        return unmet;
    }

    private static List<String> steps(AnalysisContext context) {
        return Arrays.stream(context.parameters().text("steps").split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
    }

    /** One user's progress through the steps, fed with their events in time order. */
    static final class Progress {
        private final List<String> steps;
        private final long windowHours;
        LocalDateTime entered;
        int reached;
        final LocalDateTime[] times;

        Progress(List<String> steps, long windowHours) {
            this.steps = steps;
            this.windowHours = windowHours;
            this.times = new LocalDateTime[steps.size()];
        }

        void event(String name, LocalDateTime time) {
            if (entered == null) {
                if (name.equals(steps.get(0))) {
                    entered = time;
                    times[0] = time;
                    reached = 1;
                }
                return;
            }
            if (reached < steps.size() && name.equals(steps.get(reached)) && time.isAfter(times[reached - 1])
                    && time.isBefore(entered.plusHours(windowHours))) {
                times[reached] = time;
                reached++;
            }
        }
    }

    @Override
    public List<Result> run(AnalysisContext context, IProgressMonitor monitor) throws AnalysisException, EngineException {
        List<String> steps = steps(context);
        long windowHours = 24L * context.parameters().integer("window");
        Segment segment = context.parameters().segment("segment");
        int k = steps.size();
        long[] reached = new long[k];
        List<List<Double>> hoursToStep = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            hoursToStep.add(new ArrayList<>());
        }
        context.engine().eventsByUser(segment, steps, monitor, (id, events) -> {
            Progress progress = new Progress(steps, windowHours);
            for (UserEvents.Event event : events) {
                progress.event(event.name(), event.time());
            }
            for (int i = 0; i < progress.reached; i++) {
                reached[i]++;
                hoursToStep.get(i).add(Duration.between(progress.entered, progress.times[i]).toSeconds() / 3600.0);
            }
        });

        List<Double> users = new ArrayList<>();
        List<Double> fromStart = new ArrayList<>();
        List<Double> fromStartLower = new ArrayList<>();
        List<Double> fromStartUpper = new ArrayList<>();
        List<Double> fromPrevious = new ArrayList<>();
        List<Double> dropOff = new ArrayList<>();
        List<Double> medianHours = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            Estimate start = Estimate.proportion(reached[i], reached[0]);
            users.add((double) reached[i]);
            fromStart.add(reached[0] == 0 ? null : start.value());
            fromStartLower.add(reached[0] == 0 ? null : start.lower());
            fromStartUpper.add(reached[0] == 0 ? null : start.upper());
            long before = i == 0 ? reached[0] : reached[i - 1];
            fromPrevious.add(before == 0 ? null : (double) reached[i] / before);
            dropOff.add(i == 0 ? null : (double) (reached[i - 1] - reached[i]));
            medianHours.add(median(hoursToStep.get(i)));
        }
        String who = segment == null ? "all users" : "the members of " + segment.getName();
        List<Double> x = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            x.add((double) (i + 1));
        }
        return List.of(
                Results.table("Funnel", "Users of " + who + " who reached each step within "
                        + context.parameters().integer("window") + " days of their first '" + steps.get(0) + "'")
                        .text("step", steps).number("users", "users", users)
                        .number("conversion from start", "share", fromStart)
                        .number("lower", "share", fromStartLower).number("upper", "share", fromStartUpper)
                        .number("conversion from previous", "share", fromPrevious)
                        .number("drop-off", "users", dropOff).number("median time to reach", "hours", medianHours)
                        .build(),
                Results.series("Funnel conversion", "Share of entering users who reached each step, with 95% Wilson"
                        + " intervals", "step", "share", x, fromStart, fromStartLower, fromStartUpper));
    }

    private static Double median(List<Double> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
