package io.sextant.dsl.validation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.sextant.dsl.seg.Definition;

/** Finds the definitions that reach themselves through references, with one such path each. */
final class ReferenceCycles {

    private ReferenceCycles() {
    }

    /**
     * @param definitions the definitions of one file; what they reach in other files is followed too, so a
     *                    cycle through several files is found
     * @return for every definition on a cycle, the names along one cycle from it back to it; definitions
     *         not on a cycle are absent
     */
    static <T extends Definition> Map<T, List<String>> find(List<T> definitions, Function<T, List<T>> references) {
        Map<T, List<T>> edges = new IdentityHashMap<>();
        List<T> nodes = new ArrayList<>(definitions);
        for (int i = 0; i < nodes.size(); i++) {
            T node = nodes.get(i);
            if (!edges.containsKey(node)) {
                List<T> targets = references.apply(node);
                edges.put(node, targets);
                nodes.addAll(targets);
            }
        }
        Map<T, List<String>> result = new IdentityHashMap<>();
        for (Set<T> component : stronglyConnected(List.copyOf(edges.keySet()), edges)) {
            for (T member : component) {
                List<T> path = pathBack(member, component, edges);
                if (path != null) {
                    result.put(member, path.stream().map(Definition::getName).toList());
                }
            }
        }
        return result;
    }

    /** Tarjan's algorithm, iterative (a long chain of references must not overflow the stack). */
    private static <T> List<Set<T>> stronglyConnected(List<T> nodes, Map<T, List<T>> edges) {
        Map<T, Integer> index = new IdentityHashMap<>();
        Map<T, Integer> low = new IdentityHashMap<>();
        Deque<T> stack = new ArrayDeque<>();
        Set<T> onStack = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        List<Set<T>> components = new ArrayList<>();
        int counter = 0;
        for (T root : nodes) {
            if (index.containsKey(root)) {
                continue;
            }
            Deque<Object[]> work = new ArrayDeque<>(); // {node, next edge position}
            work.push(new Object[] { root, 0 });
            index.put(root, counter);
            low.put(root, counter++);
            stack.push(root);
            onStack.add(root);
            while (!work.isEmpty()) {
                Object[] frame = work.peek();
                @SuppressWarnings("unchecked")
                T node = (T) frame[0];
                List<T> targets = edges.getOrDefault(node, List.of());
                int position = (Integer) frame[1];
                if (position < targets.size()) {
                    frame[1] = position + 1;
                    T target = targets.get(position);
                    if (!index.containsKey(target)) {
                        index.put(target, counter);
                        low.put(target, counter++);
                        stack.push(target);
                        onStack.add(target);
                        work.push(new Object[] { target, 0 });
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
                        Set<T> component = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
                        T member;
                        do {
                            member = stack.pop();
                            onStack.remove(member);
                            component.add(member);
                        } while (member != node);
                        components.add(component);
                    }
                }
            }
        }
        return components;
    }

    /** The shortest path start → ... → start inside the component, or null (a single node without a self reference). */
    private static <T> List<T> pathBack(T start, Set<T> component, Map<T, List<T>> edges) {
        Map<T, T> previous = new HashMap<>();
        Deque<T> queue = new ArrayDeque<>();
        Set<T> seen = new HashSet<>();
        queue.add(start);
        while (!queue.isEmpty()) {
            T node = queue.poll();
            for (T next : edges.getOrDefault(node, List.of())) {
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
