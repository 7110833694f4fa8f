package io.sextant.store.tests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Random;
import java.util.function.IntConsumer;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sextant.dsl.context.DefinitionText;
import io.sextant.model.DefinitionKind;
import io.sextant.store.DraftRequest;
import io.sextant.store.Identity;
import io.sextant.store.Repository;

/**
 * 10,000 versions recorded (1,000 definitions × 10 versions, seeded texts), then history, diff, latest and
 * published-version queries on them. The baseline, measured in the same run, is the same texts inserted
 * with plain JDBC into one H2 table with the store's durability settings, one commit each: the ratio is
 * what the store's checks, locking and audit cost on top of the database.
 */
@Tag("benchmark")
class RepositoryBenchmark {

    private static final int DEFINITIONS = 1_000;
    private static final int VERSIONS = 10;
    private static final int QUERIES = 1_000;

    @TempDir
    Path folder;

    @Test
    void recordTenThousandVersionsAndQueryThem() throws Exception {
        List<String> report = new ArrayList<>();
        Random random = new Random(42);
        String[][] texts = new String[DEFINITIONS][VERSIONS];
        for (int d = 0; d < DEFINITIONS; d++) {
            for (int v = 0; v < VERSIONS; v++) {
                texts[d][v] = text(d, v + 1, random);
            }
        }

        double baselineMillis = baseline(texts);

        Path file = Repository.locationIn(folder.resolve("store"));
        long closing;
        try (Repository repository = Repository.open(file, Identity.of("bench"))) {
            long start = System.nanoTime();
            double[] perWrite = new double[DEFINITIONS * VERSIONS];
            int i = 0;
            for (int v = 0; v < VERSIONS; v++) {
                for (int d = 0; d < DEFINITIONS; d++) {
                    long t = System.nanoTime();
                    repository.definitions().recordDraft(new DraftRequest("bench.D" + d, DefinitionKind.SEGMENT, v + 1, texts[d][v]));
                    perWrite[i++] = (System.nanoTime() - t) / 1e6;
                }
            }
            double storeMillis = (System.nanoTime() - start) / 1e6;
            report.add(String.format(Locale.ROOT, "record %d versions: %.0f ms (%.0f versions/s; per version median %.2f ms,"
                    + " p99 %.2f ms)", perWrite.length, storeMillis, perWrite.length / storeMillis * 1000,
                    percentile(perWrite, 50), percentile(perWrite, 99)));
            report.add(String.format(Locale.ROOT, "baseline, plain JDBC insert of the same texts, one commit each: %.0f ms;"
                    + " store / baseline = %.1f", baselineMillis, storeMillis / baselineMillis));

            for (int d = 0; d < 50; d++) {
                repository.definitions().submitForReview("bench.D" + d, VERSIONS, null);
                repository.as(Identity.of("reviewer")).definitions().approveAndPublish("bench.D" + d, VERSIONS, null);
            }
            Random pick = new Random(7);
            report.add(time("history of a definition (10 versions, texts included)", pick,
                    d -> repository.definitions().history("bench.D" + d).orElseThrow()));
            report.add(time("diff between two versions", pick, d -> repository.definitions()
                    .diff("bench.D" + d, 1 + pick.nextInt(VERSIONS), 1 + pick.nextInt(VERSIONS))));
            report.add(time("latest version", pick, d -> repository.definitions().latest("bench.D" + d).orElseThrow()));
            report.add(time("published versions (the language's check)", pick,
                    d -> repository.versionHistory().published("bench.D" + d)));
            report.add(time("audit log of a definition", pick, d -> repository.audit().forDefinition("bench.D" + d)));
            long check = System.nanoTime();
            int problems = repository.checkIntegrity().size();
            report.add(String.format(Locale.ROOT, "integrity check of the whole repository: %.0f ms, %d problems",
                    (System.nanoTime() - check) / 1e6, problems));
            report.add(String.format(Locale.ROOT, "repository file while open: %.1f MB", Files.size(file) / 1e6));
            closing = System.nanoTime();
        }
        report.add(String.format(Locale.ROOT, "close (compacts the file): %.0f ms; repository file after: %.1f MB",
                (System.nanoTime() - closing) / 1e6, Files.size(file) / 1e6));

        Path out = Path.of("target", "benchmarks", "store.txt");
        Files.createDirectories(out.getParent());
        report.add(0, "Repository store benchmark (seed 42, " + DEFINITIONS + " definitions × " + VERSIONS + " versions, "
                + Runtime.getRuntime().availableProcessors() + " cores, Java " + Runtime.version() + ")");
        Files.write(out, report);
        report.forEach(System.out::println);
    }

    private static String time(String what, Random pick, IntConsumer query) {
        for (int i = 0; i < 100; i++) {
            query.accept(pick.nextInt(DEFINITIONS)); // warm-up
        }
        double[] millis = new double[QUERIES];
        for (int i = 0; i < QUERIES; i++) {
            int d = pick.nextInt(DEFINITIONS);
            long t = System.nanoTime();
            query.accept(d);
            millis[i] = (System.nanoTime() - t) / 1e6;
        }
        return String.format(Locale.ROOT, "%s: median %.3f ms, p99 %.3f ms (%d queries)", what, percentile(millis, 50),
                percentile(millis, 99), QUERIES);
    }

    private double baseline(String[][] texts) throws Exception {
        Path base = folder.resolve("baseline").resolve("plain");
        Files.createDirectories(base.getParent());
        Properties user = new Properties();
        user.put("user", "sextant");
        user.put("password", "");
        try (Connection connection = org.h2.Driver.load().connect("jdbc:h2:file:" + base
                + ";WRITE_DELAY=0;LOCK_TIMEOUT=10000", user)) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE versions (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
                        + " name VARCHAR(1000), number INT, source_text VARCHAR(1000000), content_hash CHAR(64),"
                        + " UNIQUE (name, number))");
            }
            connection.setAutoCommit(false);
            long start = System.nanoTime();
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO versions (name, number, source_text, content_hash) VALUES (?, ?, ?, ?)")) {
                for (int v = 0; v < VERSIONS; v++) {
                    for (int d = 0; d < DEFINITIONS; d++) {
                        insert.setString(1, "bench.D" + d);
                        insert.setInt(2, v + 1);
                        insert.setString(3, texts[d][v]);
                        insert.setString(4, DefinitionText.contentHash(texts[d][v]));
                        insert.executeUpdate();
                        connection.commit();
                    }
                }
            }
            return (System.nanoTime() - start) / 1e6;
        }
    }

    private static String text(int definition, int version, Random random) {
        StringBuilder text = new StringBuilder("segment D" + definition + " {\n    version " + version
                + "\n    owner \"analyst" + random.nextInt(20) + "@acme.example\"\n    description \"seeded definition\"\n"
                + "    where did \"event" + random.nextInt(50) + "\" within " + (7 + random.nextInt(60)) + " days");
        int clauses = random.nextInt(4);
        for (int c = 0; c < clauses; c++) {
            text.append("\n        and count \"event").append(random.nextInt(50)).append("\" within ")
                    .append(1 + random.nextInt(90)).append(" days >= ").append(1 + random.nextInt(5));
        }
        return text.append("\n}").toString();
    }

    private static double percentile(double[] values, int percent) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percent / 100.0 * sorted.length) - 1)];
    }
}
