package io.sextant.analysis.experiments.internal;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.eclipse.core.runtime.IProgressMonitor;

import io.sextant.dsl.seg.Experiment;
import io.sextant.dsl.seg.Variant;
import io.sextant.engine.EngineException;
import io.sextant.engine.EngineRun;

/**
 * Who is in which variant, by the language's rule: a user's variant is the variant property of their first
 * assignment event before T (the event and its filters as the experiment's assignment clause says). Users are
 * left out, and counted, when their assignment events name more than one variant, when the first names none or
 * a variant the experiment does not define, or when they are not in the experiment's population.
 *
 * @param variantOf          user → variant, for the users who count
 * @param users              variant → users who count, in the experiment's order of variants
 * @param severalVariants    users whose assignment events name more than one variant
 * @param withoutVariant     users whose first assignment event has no variant value
 * @param unknownVariants    variant value the experiment does not define → users
 * @param outsidePopulation  assigned users who are not members of the population
 */
record Assignments(Map<String, String> variantOf, Map<String, Long> users, long severalVariants, long withoutVariant,
        Map<String, Long> unknownVariants, long outsidePopulation) {

    /** Reads the assignments; {@code population} null: every user of the analysis takes part. */
    static Assignments read(EngineRun run, Experiment experiment, Set<String> population, IProgressMonitor monitor)
            throws EngineException {
        List<String> names = new ArrayList<>();
        for (Variant variant : experiment.getVariants()) {
            names.add(variant.getName());
        }
        Map<String, String> variantOf = new HashMap<>();
        Map<String, Long> unknown = new TreeMap<>();
        long[] several = { 0 };
        long[] without = { 0 };
        long[] outside = { 0 };
        // the events come ordered by user and time: one user's events are consecutive
        String[] current = { null };
        String[] first = { null };
        boolean[] firstHasVariant = { false };
        boolean[] conflicting = { false };
        Runnable finish = () -> {
            String user = current[0];
            if (user == null) {
                return;
            }
            if (population != null && !population.contains(user)) {
                outside[0]++;
            } else if (conflicting[0]) {
                several[0]++;
            } else if (!firstHasVariant[0]) {
                without[0]++;
            } else if (!names.contains(first[0])) {
                unknown.merge(first[0], 1L, Long::sum);
            } else {
                variantOf.put(user, first[0]);
            }
        };
        run.assignments(experiment, monitor, (String user, LocalDateTime time, String variant) -> {
            if (!user.equals(current[0])) {
                finish.run();
                current[0] = user;
                first[0] = variant;
                firstHasVariant[0] = variant != null;
                conflicting[0] = false;
            } else if (variant != null && first[0] != null && !variant.equals(first[0])) {
                conflicting[0] = true;
            }
        });
        finish.run();
        Map<String, Long> users = new LinkedHashMap<>();
        for (String name : names) {
            users.put(name, 0L);
        }
        for (String variant : variantOf.values()) {
            users.merge(variant, 1L, Long::sum);
        }
        return new Assignments(variantOf, users, several[0], without[0], unknown, outside[0]);
    }

    long assigned() {
        return variantOf.size();
    }
}
