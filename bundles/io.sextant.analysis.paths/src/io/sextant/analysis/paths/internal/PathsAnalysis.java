package io.sextant.analysis.paths.internal;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 * Paths after an anchor. A user's path starts at their first anchor event and is the next {@code steps} events
 * strictly after it within the window, repeats in a row counted once ("page, page, export" is "page → export"), left-out events
 * skipped, up to the outcome if it comes. A path reaches the outcome when the outcome follows the anchor within
 * the window; each path's conversion is the share of its users who reach it (Wilson interval). Three tables: the
 * most common paths, the paths with the highest conversion and those with the lowest (the stalling ones), the
 * last two among paths of at least 30 users.
 */
public final class PathsAnalysis implements Analysis {

    static final String ARROW = " → ";

    @Override
    public List<String> unmetRequirements(AnalysisContext context) {
        List<String> unmet = new ArrayList<>();
        for (String parameter : List.of("anchor", "outcome")) {
            String event = context.parameters().text(parameter);
            if (context.catalog().event(event).isEmpty()) {
                unmet.add("the data has no event '" + event + "' (the " + parameter + ")");
            }
        }
        int steps = context.parameters().integer("steps");
        if (steps < 1 || steps > 10) {
            unmet.add("steps is between 1 and 10, not " + steps);
        }
        if (context.parameters().integer("window") < 1) {
            unmet.add("the window is at least 1 day");
        }
        return unmet;
    }

    /** One user's path. */
    static final class UserPath {
        final List<String> events = new ArrayList<>();
        LocalDateTime anchored;
        boolean reached;

        /** The path of a user's events (in time order). */
        static UserPath follow(List<UserEvents.Event> userEvents, String anchor, String outcome, int steps,
                long windowHours, Set<String> excluded) {
            UserPath path = new UserPath();
            for (UserEvents.Event event : userEvents) {
                if (path.anchored == null) {
                    if (event.name().equals(anchor)) {
                        path.anchored = event.time();
                    }
                    continue;
                }
                // events at the anchor's own instant have no order after it
                if (!event.time().isAfter(path.anchored) || !event.time().isBefore(path.anchored.plusHours(windowHours))) {
                    continue;
                }
                if (event.name().equals(outcome)) {
                    path.reached = true;
                    break;
                }
                if (excluded.contains(event.name()) || path.events.size() >= steps) {
                    continue;
                }
                if (path.events.isEmpty() || !path.events.get(path.events.size() - 1).equals(event.name())) {
                    path.events.add(event.name());
                }
            }
            return path;
        }
    }

    @Override
    public List<Result> run(AnalysisContext context, IProgressMonitor monitor) throws AnalysisException, EngineException {
        String anchor = context.parameters().text("anchor");
        String outcome = context.parameters().text("outcome");
        int steps = context.parameters().integer("steps");
        long windowHours = 24L * context.parameters().integer("window");
        int top = context.parameters().integer("top");
        Segment segment = context.parameters().segment("segment");
        Set<String> excluded = new HashSet<>();
        String exclude = context.parameters().text("exclude");
        if (exclude != null) {
            Arrays.stream(exclude.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(excluded::add);
        }

        Map<String, long[]> paths = new HashMap<>(); // path → users, reached
        context.engine().eventsByUser(segment, List.of(), monitor, (id, events) -> {
            UserPath path = UserPath.follow(events, anchor, outcome, steps, windowHours, excluded);
            if (path.anchored != null) {
                String key = path.events.isEmpty() ? "(nothing)" : String.join(ARROW, path.events);
                long[] counts = paths.computeIfAbsent(anchor + ARROW + key, k -> new long[2]);
                counts[0]++;
                if (path.reached) {
                    counts[1]++;
                }
            }
        });

        List<Map.Entry<String, long[]>> all = new ArrayList<>(paths.entrySet());
        long users = all.stream().mapToLong(e -> e.getValue()[0]).sum();
        all.sort(Comparator.comparingLong((Map.Entry<String, long[]> e) -> -e.getValue()[0])
                .thenComparing(Map.Entry::getKey));
        List<Map.Entry<String, long[]>> solid = all.stream().filter(e -> e.getValue()[0] >= Estimate.SMALL_SAMPLE)
                .toList();
        Comparator<Map.Entry<String, long[]>> byConversion = Comparator
                .comparingDouble((Map.Entry<String, long[]> e) -> (double) e.getValue()[1] / e.getValue()[0]);
        List<Map.Entry<String, long[]>> reaching = solid.stream().sorted(byConversion.reversed()).limit(top).toList();
        List<Map.Entry<String, long[]>> stalling = solid.stream().sorted(byConversion).limit(top).toList();
        String of = users + " users with a '" + anchor + "'";
        return List.of(table("Most common paths", "The paths of the " + of, all.subList(0, Math.min(top, all.size()))),
                table("Paths that reach " + outcome, "Paths of at least " + Estimate.SMALL_SAMPLE
                        + " users with the highest share reaching '" + outcome + "'", reaching),
                table("Paths that stall", "Paths of at least " + Estimate.SMALL_SAMPLE + " users with the lowest share"
                        + " reaching '" + outcome + "'", stalling));
    }

    private static Result table(String name, String description, List<Map.Entry<String, long[]>> rows) {
        List<String> paths = new ArrayList<>();
        List<Double> users = new ArrayList<>();
        List<Double> reached = new ArrayList<>();
        List<Double> conversion = new ArrayList<>();
        List<Double> lower = new ArrayList<>();
        List<Double> upper = new ArrayList<>();
        for (Map.Entry<String, long[]> row : rows) {
            Estimate share = Estimate.proportion(row.getValue()[1], row.getValue()[0]);
            paths.add(row.getKey());
            users.add((double) row.getValue()[0]);
            reached.add((double) row.getValue()[1]);
            conversion.add(share.value());
            lower.add(share.lower());
            upper.add(share.upper());
        }
        return Results.table(name, description).text("path", paths).number("users", "users", users)
                .number("reached", "users", reached).number("conversion", "share", conversion)
                .number("lower", "share", lower).number("upper", "share", upper).build();
    }
}
