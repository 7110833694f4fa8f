package io.sextant.analysis.tests;

import java.util.List;

import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EStructuralFeature;

/** How the differential tests compare the results two engines stored for the same request. */
final class ResultComparison {

    private ResultComparison() {
    }

    /**
     * Every attribute of the two results and of what they contain (columns, rows), but the stored ids; numbers to
     * 1e-9 (NaN equals NaN). Each difference is added to {@code differences}, named by {@code where}.
     */
    static void compare(String where, EObject ours, EObject theirs, List<String> differences) {
        if (ours.eClass() != theirs.eClass()) {
            differences.add(where + ": a " + ours.eClass().getName() + " against a " + theirs.eClass().getName());
            return;
        }
        for (EStructuralFeature feature : ours.eClass().getEAllStructuralFeatures()) {
            if (feature.getName().equals("id")) {
                continue;
            }
            Object a = ours.eGet(feature);
            Object b = theirs.eGet(feature);
            if (feature instanceof EAttribute) {
                if (feature.isMany()) {
                    List<?> as = (List<?>) a;
                    List<?> bs = (List<?>) b;
                    if (as.size() != bs.size()) {
                        differences.add(where + ", " + feature.getName() + ": " + as.size() + " values against "
                                + bs.size() + ": " + as + " / " + bs);
                        continue;
                    }
                    for (int i = 0; i < as.size(); i++) {
                        if (!same(as.get(i), bs.get(i))) {
                            differences.add(where + ", " + feature.getName() + "[" + i + "]: " + as.get(i) + " against "
                                    + bs.get(i));
                        }
                    }
                } else if (!same(a, b)) {
                    differences.add(where + ", " + feature.getName() + ": " + a + " against " + b);
                }
            } else if (((EReference) feature).isContainment()) {
                List<?> as = feature.isMany() ? (List<?>) a : a == null ? List.of() : List.of(a);
                List<?> bs = feature.isMany() ? (List<?>) b : b == null ? List.of() : List.of(b);
                if (as.size() != bs.size()) {
                    differences.add(where + ", " + feature.getName() + ": " + as.size() + " against " + bs.size());
                    continue;
                }
                for (int i = 0; i < as.size(); i++) {
                    compare(where + ", " + feature.getName() + "[" + i + "]", (EObject) as.get(i), (EObject) bs.get(i),
                            differences);
                }
            }
        }
    }

    static boolean same(Object a, Object b) {
        if (a instanceof Double x && b instanceof Double y) {
            return x.equals(y) || Math.abs(x - y) <= 1e-9;
        }
        return a == null ? b == null : a.equals(b);
    }
}
