package io.sextant.report;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * A project's report settings, kept in {@code .sextant/settings.properties} so that they travel with the
 * project (and the command line sees what the IDE set). {@code report.minimumCellSize} is k: a table cell or
 * chart value about fewer than k users is not shown.
 */
public record ReportSettings(int minimumCellSize) {

    public static final String FILE = ".sextant/settings.properties";
    public static final String MINIMUM_CELL_SIZE = "report.minimumCellSize";
    public static final int DEFAULT_MINIMUM_CELL_SIZE = 10;

    public ReportSettings {
        if (minimumCellSize < 1) {
            throw new IllegalArgumentException(MINIMUM_CELL_SIZE + " must be 1 or more, not " + minimumCellSize);
        }
    }

    public static ReportSettings defaults() {
        return new ReportSettings(DEFAULT_MINIMUM_CELL_SIZE);
    }

    /** The settings of the project in this folder; the defaults where the file or the key is missing. */
    public static ReportSettings read(Path projectFolder) throws ReportException {
        Path file = projectFolder.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return defaults();
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException e) {
            throw new ReportException("cannot read " + FILE + ": " + e.getMessage(), e);
        }
        String value = properties.getProperty(MINIMUM_CELL_SIZE);
        if (value == null || value.isBlank()) {
            return defaults();
        }
        try {
            int k = Integer.parseInt(value.trim());
            if (k < 1) {
                throw new NumberFormatException();
            }
            return new ReportSettings(k);
        } catch (NumberFormatException e) {
            throw new ReportException(FILE + ": " + MINIMUM_CELL_SIZE + " must be a whole number of users, 1 or more, not '"
                    + value.trim() + "'");
        }
    }

    /** Stores these settings in the project, keeping the file's other keys. */
    public void write(Path projectFolder) throws ReportException {
        Path file = projectFolder.resolve(FILE);
        Properties properties = new Properties();
        try {
            if (Files.isRegularFile(file)) {
                try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    properties.load(in);
                }
            }
            properties.setProperty(MINIMUM_CELL_SIZE, Integer.toString(minimumCellSize));
            Files.createDirectories(file.getParent());
            Path temporary = Files.createTempFile(file.getParent(), "settings", ".tmp");
            try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                properties.store(out, "Sextant project settings");
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ReportException("cannot write " + FILE + ": " + e.getMessage(), e);
        }
    }
}
