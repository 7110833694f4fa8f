package io.sextant.project;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

import io.sextant.analysis.AnalysisRegistry;
import io.sextant.analysis.AnalysisRunner;
import io.sextant.data.EventDataSource;
import io.sextant.data.catalog.CatalogService;
import io.sextant.data.catalog.DataCatalog;
import io.sextant.data.sources.TrinoCatalogCache;
import io.sextant.data.sources.TrinoSettings;
import io.sextant.data.sources.TrinoSource;
import io.sextant.dsl.context.ProjectContext;
import io.sextant.dsl.context.ProjectFacts;
import io.sextant.dsl.context.VersionHistory;
import io.sextant.dsl.ide.SegLanguageServices;
import io.sextant.engine.Engine;
import io.sextant.store.Identity;
import io.sextant.store.Repository;
import io.sextant.store.StoreException;

/**
 * A Sextant project on disk, without the IDE: a folder with .seg files (by convention in {@code definitions/}),
 * the embedded event source and the repository in {@code .sextant/}. The event source and repository are
 * opened when first asked for, so validating a project never creates a database.
 */
public final class SextantProject implements AutoCloseable {

    /** The name under which runs record the project's embedded event source. */
    public static final String DATA_SOURCE_NAME = "events";
    public static final String DEFINITIONS_FOLDER = "definitions";

    private final Path folder;
    private final Identity identity;
    private final EventDataSource source;
    private Repository repository;
    private Optional<DataCatalog> catalog;
    private ProjectDefinitions definitions;

    private SextantProject(Path folder, Identity identity, EventDataSource source) {
        this.folder = folder;
        this.identity = identity;
        this.source = source;
    }

    /** The project in this folder, which must exist. */
    public static SextantProject open(Path folder, Identity identity) throws ProjectException {
        return open(folder, identity, null);
    }

    /**
     * The project in this folder, which must exist; its events are those of its data source settings
     * ({@code .sextant/datasource.properties}, a Trino server; {@code trinoPassword} for it, null for none) when it
     * has them, else its embedded store.
     */
    public static SextantProject open(Path folder, Identity identity, String trinoPassword) throws ProjectException {
        Path absolute = folder.toAbsolutePath().normalize();
        if (!Files.isDirectory(absolute)) {
            throw new ProjectException(Files.exists(absolute) ? folder + " is a file, not a project folder"
                    : "no project folder " + folder);
        }
        java.util.Optional<TrinoSettings> trino;
        try {
            trino = TrinoSettings.load(absolute);
        } catch (TrinoSettings.SettingsException e) {
            throw new ProjectException(e.getMessage(), e);
        }
        return new SextantProject(absolute, identity, trino.isPresent() ? EventDataSource.trino(trino.get(), trinoPassword)
                : EventDataSource.embedded(absolute));
    }

    public Path folder() {
        return folder;
    }

    public EventDataSource source() {
        return source;
    }

    /** Whether event data has been imported (the embedded database exists). */
    public boolean hasData() {
        return source.trinoSettings().isPresent() || EventDataSource.hasEmbeddedData(folder);
    }

    /** The repository of definitions, versions and runs, created on first use. */
    public synchronized Repository repository() throws ProjectException {
        if (repository == null) {
            try {
                repository = Repository.open(Repository.locationIn(folder), identity);
            } catch (StoreException e) {
                throw new ProjectException("cannot open the repository of " + folder.getFileName() + ": " + e.getMessage(), e);
            }
        }
        return repository;
    }

    /** The catalog of the imported events; empty when nothing has been imported. */
    public synchronized Optional<DataCatalog> catalog() throws ProjectException {
        if (catalog == null) {
            if (source.trinoSettings().isPresent()) {
                catalog = Optional.of(trinoCatalog(false));
            } else if (!hasData()) {
                catalog = Optional.empty();
            } else {
                try {
                    DataCatalog read = new CatalogService(source).read();
                    catalog = read.events().isEmpty() ? Optional.empty() : Optional.of(read);
                } catch (SQLException e) {
                    throw new ProjectException("cannot read the event catalog of " + folder.getFileName() + ": "
                            + e.getMessage(), e);
                }
            }
        }
        return catalog;
    }

    /**
     * The catalog of a Trino source: the one kept in the project for its settings, else (or when {@code refresh})
     * derived on the server and kept.
     */
    public synchronized DataCatalog trinoCatalog(boolean refresh) throws ProjectException {
        TrinoSettings settings = source.trinoSettings().orElseThrow(
                () -> new ProjectException("the project " + folder.getFileName() + " has no Trino data source"));
        if (!refresh) {
            Optional<DataCatalog> kept = TrinoCatalogCache.read(folder, settings);
            if (kept.isPresent()) {
                return kept.get();
            }
        }
        try {
            DataCatalog derived = TrinoSource.deriveCatalog(source);
            TrinoCatalogCache.write(folder, settings, derived);
            catalog = Optional.of(derived);
            definitions = null;
            return derived;
        } catch (TrinoSource.TrinoSourceException e) {
            throw new ProjectException(e.getMessage(), e);
        } catch (java.io.IOException e) {
            throw new ProjectException("cannot keep the catalog in " + TrinoCatalogCache.file(folder) + ": "
                    + e.getMessage(), e);
        }
    }

    /** Forgets the catalog read so far (after an import). */
    public synchronized void forgetCatalog() {
        catalog = null;
        definitions = null;
    }

    /**
     * The project's definitions, parsed and validated against the catalog (when there is data) and the
     * repository's published versions (when there is a repository), read once.
     */
    public synchronized ProjectDefinitions definitions() throws ProjectException {
        if (definitions == null) {
            ProjectContext context = ProjectContext.of(catalog().orElse(null), versionHistory(), ProjectFacts.NONE);
            definitions = ProjectDefinitions.load(folder, SegLanguageServices.create(uri -> context));
        }
        return definitions;
    }

    private VersionHistory versionHistory() throws ProjectException {
        if (!Files.exists(Repository.locationIn(folder)) && repository == null) {
            return VersionHistory.NONE; // never create a repository just to validate
        }
        return repository().versionHistory();
    }

    /** A runner of analyses over this project's data, recording runs in its repository. */
    public AnalysisRunner analysisRunner() throws ProjectException {
        DataCatalog data = catalog().orElseThrow(() -> new ProjectException("the project " + folder.getFileName()
                + " has no event data yet: import events first"));
        return new AnalysisRunner(AnalysisRegistry.read(), repository(), Engine.on(source), DATA_SOURCE_NAME, data);
    }

    /**
     * The day analyses are run as of when none is given: the last day of the data, else today (UTC). The last
     * day is the latest with at least a tenth of the median daily volume, so that a few events with broken
     * clocks (dated years ahead, which real data has) do not move it.
     */
    public LocalDate defaultAsOf() throws ProjectException {
        return hasData() ? lastDataDay(source) : LocalDate.now(ZoneOffset.UTC);
    }

    /**
     * The last day of a source's events (see {@link #defaultAsOf()}): the latest day with at least a tenth of
     * the median daily volume; today (UTC) when it has no events.
     */
    public static LocalDate lastDataDay(EventDataSource source) throws ProjectException {
        java.util.TreeMap<LocalDate, Long> volumes = new java.util.TreeMap<>();
        if (source.trinoSettings().isPresent()) {
            try {
                volumes = TrinoSource.dailyVolumes(source);
            } catch (TrinoSource.TrinoSourceException e) {
                throw new ProjectException("cannot read the days of the event data: " + e.getMessage(), e);
            }
        } else try (java.sql.Connection connection = source.open();
                java.sql.Statement statement = connection.createStatement();
                java.sql.ResultSet rows = statement.executeQuery(
                        "SELECT CAST(event_time AS DATE), COUNT(*) FROM events GROUP BY CAST(event_time AS DATE)")) {
            while (rows.next()) {
                volumes.put(rows.getObject(1, LocalDate.class), rows.getLong(2));
            }
        } catch (SQLException e) {
            throw new ProjectException("cannot read the days of the event data: " + e.getMessage(), e);
        }
        if (volumes.isEmpty()) {
            return LocalDate.now(ZoneOffset.UTC);
        }
        long[] sorted = volumes.values().stream().mapToLong(Long::longValue).sorted().toArray();
        long median = sorted[sorted.length / 2];
        return volumes.descendingMap().entrySet().stream().filter(e -> e.getValue() * 10 >= median)
                .map(java.util.Map.Entry::getKey).findFirst().orElse(volumes.lastKey());
    }

    /** Closes the repository (the event source holds no open connection between uses). */
    @Override
    public synchronized void close() {
        if (repository != null) {
            repository.close();
            repository = null;
        }
    }
}
