package io.sextant.dsl.validation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import io.sextant.dsl.seg.Definition;

/**
 * Finds whether a definition reaches itself through references, with one such path. The reference graph is
 * explored only from the definitions asked about (what they reach, in this file or others): validating the
 * few definitions an edit changed follows their references, not every reference of the file, which resolving
 * cost most of a keystroke's validation on a file of a thousand definitions. One instance per validation
 * run; asking about every definition of a file walks each reference once.
 * <p>
 * Tarjan's algorithm, started lazily from each definition asked about that no earlier walk reached: a walk
 * completes the strongly connected components of everything it reaches, so the components found are the
 * same as those of a walk over the whole file.
 */
final class ReferenceCycles<T extends Definition> {

    private final Function<T, List<T>> references;
    private final Map<T, List<T>> edges = new IdentityHashMap<>();
    private final Map<T, Integer> index = new IdentityHashMap<>();
    private final Map<T, Integer> low = new IdentityHashMap<>();
    private final Map<T, Set<T>> componentOf = new IdentityHashMap<>();
    private final Map<T, Optional<List<String>>> cycles = new IdentityHashMap<>();
    private final Deque<T> stack = new ArrayDeque<>();
    private final Set<T> onStack = Collections.newSetFromMap(new IdentityHashMap<>());
    private int counter;

    /** @param references the definitions a definition refers to directly (resolved, no proxies) */
    ReferenceCycles(Function<T, List<T>> references) {
        this.references = references;
    }

    /** The names along one cycle from the definition back to it (start → ... → start), or null when it is on none. */
    List<String> cycleThrough(T definition) {
        return cycles.computeIfAbsent(definition, start -> {
            if (!index.containsKey(start)) {
                walkFrom(start);
            }
            List<T> path = pathBack(start, componentOf.get(start));
            return Optional.ofNullable(path == null ? null : path.stream().map(Definition::getName).toList());
        }).orElse(null);
    }

    private List<T> edges(T node) {
        return edges.computeIfAbsent(node, references);
    }

    /** Tarjan's algorithm from one root, iterative (a long chain of references must not overflow the stack). */
    private void walkFrom(T root) {
        Deque<Object[]> work = new ArrayDeque<>(); // {node, next edge position}
        enter(root, work);
        while (!work.isEmpty()) {
            Object[] frame = work.peek();
            @SuppressWarnings("unchecked")
            T node = (T) frame[0];
            List<T> targets = edges(node);
            int position = (Integer) frame[1];
            if (position < targets.size()) {
                frame[1] = position + 1;
                T target = targets.get(position);
                if (!index.containsKey(target)) {
                    enter(target, work);
                } else if (onStack.contains(target)) {
                    low.put(node, Math.min(low.get(node), index.get(target)));
                }
            } else {
                work.pop();
                if (!work.isEmpty()) {
                    @SuppressWarnings("unchecked")
                    T parent = (T) work.peek()[0];
                    low.put(parent, Math.min(low.get(parent), low.get(node)));
                }
                if (low.get(node).equals(index.get(node))) {
                    Set<T> component = Collections.newSetFromMap(new IdentityHashMap<>());
                    T member;
                    do {
                        member = stack.pop();
                        onStack.remove(member);
                        component.add(member);
                        componentOf.put(member, component);
                    } while (member != node);
                }
            }
        }
    }

    private void enter(T node, Deque<Object[]> work) {
        index.put(node, counter);
        low.put(node, counter++);
        stack.push(node);
        onStack.add(node);
        work.push(new Object[] { node, 0 });
    }

    /** The shortest path start → ... → start inside the component, or null (a single node without a self reference). */
    private List<T> pathBack(T start, Set<T> component) {
        Map<T, T> previous = new HashMap<>();
        Deque<T> queue = new ArrayDeque<>();
        Set<T> seen = new HashSet<>();
        queue.add(start);
        while (!queue.isEmpty()) {
            T node = queue.poll();
            for (T next : edges(node)) {
                if (!component.contains(next)) {
                    continue;
                }
                if (next == start) {
                    List<T> path = new ArrayList<>();
                    for (T at = node; at != null; at = at == start ? null : previous.get(at)) {
                        path.add(0, at);
                    }
                    path.add(start);
                    return path;
                }
                if (seen.add(next)) {
                    previous.put(next, node);
                    queue.add(next);
                }
            }
        }
        return null;
    }
}
