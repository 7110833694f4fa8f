package io.sextant.dsl.validation;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** "Did you mean": the known name closest to a misspelt one, by edit distance. */
public final class Spelling {

    private Spelling() {
    }

    /**
     * The candidate with the smallest edit distance to the name, if that distance is small for the name's
     * length (at most 2, or a third of the length for long names); ties go to the alphabetically first.
     */
    public static Optional<String> closest(String name, Collection<String> candidates) {
        int limit = Math.max(2, name.length() / 3);
        return candidates.stream()
                .map(candidate -> new Match(candidate, distance(name.toLowerCase(), candidate.toLowerCase())))
                .filter(match -> match.distance() <= limit)
                .min(Comparator.comparingInt(Match::distance).thenComparing(Match::candidate))
                .map(Match::candidate);
    }

    private record Match(String candidate, int distance) {
    }

    /** Levenshtein distance with adjacent transpositions counted as one edit (optimal string alignment). */
    public static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
