package io.sextant.data.imports;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;

import io.sextant.data.EventDataSource;
import io.sextant.data.imports.internal.MappingText;

/**
 * The column mappings a project remembers, by name (the wizard and the CLI use the file's name), in
 * {@code <project>/.sextant/import-mappings.properties}: plain text that can be reviewed and committed.
 */
public final class MappingStore {

    public static final String FILE_NAME = "import-mappings.properties";

    private final Path file;

    public MappingStore(Path projectFolder) {
        this.file = projectFolder.resolve(EventDataSource.PROJECT_FOLDER).resolve(FILE_NAME);
    }

    /** The remembered mapping of this name; an unreadable setting is an error naming file and key. */
    public Optional<ImportMapping> load(String name) throws IOException {
        Properties properties = read();
        try {
            return Optional.ofNullable(MappingText.get(properties, prefix(name), file.getFileName().toString()));
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Remembers the mapping under this name, replacing an earlier one. The file is replaced atomically. */
    public void save(String name, ImportMapping mapping) throws IOException {
        Properties properties = read();
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            if (key.startsWith(prefix(name))) {
                properties.remove(key);
            }
        }
        MappingText.put(properties, prefix(name), mapping);
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling(FILE_NAME + ".tmp");
        try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
            properties.store(out, "Sextant import mappings: <name>.<setting>=<value>");
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private Properties read() throws IOException {
        Properties properties = new Properties();
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(in);
            }
        }
        return properties;
    }

    private static String prefix(String name) {
        return name + ".";
    }
}
