package io.sextant.analysis.experiments.stats;

/**
 * One variant's conversions: how many of its users converted.
 *
 * @param variant   the variant's name
 * @param converted users who converted
 * @param users     users in the variant
 */
public record Conversions(String variant, long converted, long users) {

    public Conversions {
        if (users < 1 || converted < 0 || converted > users) {
            throw new IllegalArgumentException(variant + ": " + converted + " converted of " + users
                    + " users is not a count of conversions");
        }
    }

    public double rate() {
        return (double) converted / users;
    }
}
