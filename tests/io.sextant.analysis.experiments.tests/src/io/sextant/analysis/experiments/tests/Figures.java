package io.sextant.analysis.experiments.tests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The check figures (agreement, coverage, false-positive rates, sample ratio results): printed and written to
 * target/benchmarks/experiments.txt of this test bundle, which is started afresh in each test run.
 */
final class Figures {

    private static boolean started;

    private Figures() {
    }

    static synchronized void record(String line) {
        System.out.println("experiments: " + line);
        try {
            Path file = outputFolder().resolve("benchmarks").resolve("experiments.txt");
            Files.createDirectories(file.getParent());
            if (!started) {
                Files.deleteIfExists(file);
                started = true;
            }
            Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The test bundle's target folder (set by its pom), else the working directory. */
    static Path outputFolder() {
        String folder = System.getProperty("sextant.test.output");
        return Path.of(folder != null ? folder : ".").toAbsolutePath().normalize();
    }

    /** The repository's root (set by the pom), else found above the working directory. */
    static Path repositoryRoot() {
        String root = System.getProperty("sextant.repository.root");
        if (root != null) {
            return Path.of(root).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("releng/scripts/experiment_reference.py"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the repository (releng/scripts/experiment_reference.py)"
                + " above " + Path.of("").toAbsolutePath());
    }
}
