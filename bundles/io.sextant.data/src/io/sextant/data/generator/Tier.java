package io.sextant.data.generator;

/**
 * The sizes the generator makes, by number of users; the event counts are about 100k, 5M and 50M (the exact
 * number is in the ground truth).
 */
public enum Tier {
    /** About 100,000 events: tests and the sample project. */
    S(470),
    /** About 5 million events: the benchmarks. */
    M(23_500),
    /** About 50 million events: scale checks. */
    L(235_000);

    private final int users;

    Tier(int users) {
        this.users = users;
    }

    public int users() {
        return users;
    }
}
