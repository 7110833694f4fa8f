package io.sextant.data.generator;

import java.time.LocalDate;
import java.util.Objects;

/**
 * What to generate.
 *
 * @param seed       the seed: equal settings give byte-identical files
 * @param users      the number of users (see {@link Tier})
 * @param start      the first day of the data (the product's launch)
 * @param days       how many days the data covers
 * @param csv        whether to write events.csv and users.csv
 * @param jsonLines  whether to write events.jsonl and users.jsonl
 */
public record GeneratorSettings(long seed, int users, LocalDate start, int days, boolean csv, boolean jsonLines) {

    /** Launch on a Monday, so weeks in the data start on Mondays. */
    public static final LocalDate DEFAULT_START = LocalDate.of(2025, 1, 6);
    public static final int DEFAULT_DAYS = 120;

    public GeneratorSettings {
        Objects.requireNonNull(start, "start");
        if (users < 1) {
            throw new IllegalArgumentException("users must be at least 1, not " + users);
        }
        if (days < 56) {
            throw new IllegalArgumentException("days must be at least 56 (eight weeks), not " + days);
        }
        if (!csv && !jsonLines) {
            throw new IllegalArgumentException("write at least one of CSV and JSON Lines");
        }
    }

    public static GeneratorSettings of(Tier tier, long seed) {
        return new GeneratorSettings(seed, tier.users(), DEFAULT_START, DEFAULT_DAYS, true, false);
    }

    public GeneratorSettings withFormats(boolean csvFiles, boolean jsonLinesFiles) {
        return new GeneratorSettings(seed, users, start, days, csvFiles, jsonLinesFiles);
    }

    public GeneratorSettings withUsers(int count) {
        return new GeneratorSettings(seed, count, start, days, csv, jsonLines);
    }
}
