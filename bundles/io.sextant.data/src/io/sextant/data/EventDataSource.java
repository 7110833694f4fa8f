package io.sextant.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where a project's event data lives: a JDBC connection plus the dialect of its engine. The default is a
 * DuckDB database file inside the project, created on first use. Every connection handed out has the schema of
 * {@link EventSchema}.
 */
public final class EventDataSource {

    /** The folder inside a project that holds its data source and import settings. */
    public static final String PROJECT_FOLDER = ".sextant";

    /**
     * Imports finished in this process, by URL: readers that keep what they read of a source (the engine keeps
     * its property columns) compare this count to know that it changed. Keyed by URL, because several source
     * objects may stand for one database (the editor's and an analysis run's).
     */
    private static final ConcurrentHashMap<String, AtomicLong> IMPORTS = new ConcurrentHashMap<>();

    private final String url;
    private final Properties credentials;
    private final Dialect dialect;
    private final Driver driver;
    /** The settings of a Trino source (read-only, tables of the team's lake), else null. */
    private final io.sextant.data.sources.TrinoSettings trino;
    private volatile boolean schemaChecked;

    private EventDataSource(String url, Properties credentials, Dialect dialect, Driver driver) {
        this(url, credentials, dialect, driver, null);
    }

    private EventDataSource(String url, Properties credentials, Dialect dialect, Driver driver,
            io.sextant.data.sources.TrinoSettings trino) {
        this.url = Objects.requireNonNull(url, "url");
        this.credentials = credentials;
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.driver = driver;
        this.trino = trino;
    }

    /**
     * The events of a Trino server's table (see {@link io.sextant.data.sources.TrinoSettings}): read where they
     * are, nothing copied, nothing written but the tables a run stages its members in. TLS when the URL is https.
     * {@code password} null or empty: none (a server without authentication; Trino accepts a password only
     * over TLS).
     */
    public static EventDataSource trino(io.sextant.data.sources.TrinoSettings settings, String password) {
        Properties properties = new Properties();
        properties.setProperty("user", settings.user());
        if (password != null && !password.isEmpty()) {
            properties.setProperty("password", password);
        }
        if (settings.tls()) {
            properties.setProperty("SSL", "true");
        }
        properties.setProperty("source", "sextant");
        return new EventDataSource(settings.jdbcUrl(), properties, Dialects.TRINO, new io.trino.jdbc.TrinoDriver(),
                settings);
    }

    /** The Trino settings of this source, when it is one. */
    public java.util.Optional<io.sextant.data.sources.TrinoSettings> trinoSettings() {
        return java.util.Optional.ofNullable(trino);
    }

    /** The file name of a project's embedded DuckDB database, inside {@link #PROJECT_FOLDER}. */
    public static final String DUCKDB_FILE = "events.duckdb";
    /** The file name of a project's embedded H2 database (the default before DuckDB), inside {@link #PROJECT_FOLDER}. */
    public static final String H2_FILE = "events.mv.db";

    /**
     * The project's embedded event store: its DuckDB database {@code <project>/.sextant/events.duckdb} (the
     * default, columnar: analyses scan millions of events in well under a second), created on first use; a
     * project whose events are still in an H2 file ({@code events.mv.db}, made before DuckDB was the default)
     * keeps opening on it until it is converted ({@code sextant convert}).
     */
    public static EventDataSource embedded(Path projectFolder) {
        Path folder = projectFolder.resolve(PROJECT_FOLDER);
        if (!Files.exists(folder.resolve(DUCKDB_FILE)) && Files.exists(folder.resolve(H2_FILE))) {
            return embeddedH2(projectFolder);
        }
        return embeddedDuckDb(projectFolder);
    }

    /**
     * The file that holds the project's embedded events ({@link #embedded}): the DuckDB file, or the H2 file of a
     * project not yet converted; the DuckDB file's path when there is neither (nothing imported yet).
     */
    public static Path embeddedFile(Path projectFolder) {
        Path folder = projectFolder.resolve(PROJECT_FOLDER).toAbsolutePath();
        if (!Files.exists(folder.resolve(DUCKDB_FILE)) && Files.exists(folder.resolve(H2_FILE))) {
            return folder.resolve(H2_FILE);
        }
        return folder.resolve(DUCKDB_FILE);
    }

    /** Whether the project has an embedded event store (something was imported into it). */
    public static boolean hasEmbeddedData(Path projectFolder) {
        return Files.exists(embeddedFile(projectFolder));
    }

    /**
     * The project's embedded DuckDB database, {@code <project>/.sextant/events.duckdb}. DuckDB lets one process
     * write a database file at a time, so a second process (the command line beside the IDE) is refused with a
     * lock error instead of waiting. Its memory is bounded ({@link #DUCKDB_MEMORY_LIMIT}); what does not fit
     * spills to a temporary folder beside the file.
     */
    public static EventDataSource embeddedDuckDb(Path projectFolder) {
        Path file = projectFolder.resolve(PROJECT_FOLDER).toAbsolutePath().resolve(DUCKDB_FILE);
        Properties settings = new Properties();
        settings.setProperty("memory_limit", DUCKDB_MEMORY_LIMIT);
        return new EventDataSource("jdbc:duckdb:" + file, settings, Dialects.DUCKDB, new org.duckdb.DuckDBDriver());
    }

    /**
     * DuckDB's memory limit for an embedded source: its default is 80% of the machine's memory, which beside a
     * JVM heap is more than an analyst's laptop can give; joins and sorts larger than this spill to disk.
     */
    public static final String DUCKDB_MEMORY_LIMIT = "1GB";

    /**
     * The project's embedded H2 database, {@code <project>/.sextant/events.mv.db}, created on first use: the
     * store of projects made before DuckDB was the default, and the source a conversion reads. The file lock is
     * the default one, so a second process cannot open it while the IDE has it open.
     */
    public static EventDataSource embeddedH2(Path projectFolder) {
        Path folder = projectFolder.resolve(PROJECT_FOLDER).toAbsolutePath();
        String url = "jdbc:h2:file:" + folder.resolve("events") + ";CACHE_SIZE=" + cacheSizeKb(Runtime.getRuntime().maxMemory());
        return new EventDataSource(url, new Properties(), Dialects.H2, new org.h2.Driver());
    }

    /**
     * H2's page cache for the embedded source, in KB: a quarter of the JVM's maximum heap, at least 128 MB. The
     * engine reads the events through its two query indexes, and every index entry costs a lookup of the row in
     * the table; when the table is larger than the cache and its rows lie in another order than the index's (the
     * dedup key orders them by time, or by the hash of the event id), those lookups read the same pages again and
     * again: the assignment query of a 300k-user experiment (a 236 MB file) read 251,307 pages with 128 MB and
     * 137,138 with 1.5 GB (README, "Experiment statistics").
     */
    static long cacheSizeKb(long maxHeapBytes) {
        if (maxHeapBytes == Long.MAX_VALUE) {
            return 128L * 1024; // no heap limit known
        }
        return Math.max(128L * 1024, maxHeapBytes / 4 / 1024);
    }

    /**
     * Any JDBC database. Inside OSGi the driver class is rarely visible to DriverManager, so the caller
     * passes the driver it has (or null to ask DriverManager).
     */
    public static EventDataSource jdbc(String url, String user, String password, Dialect dialect, Driver driver) {
        Properties credentials = new Properties();
        if (user != null) {
            credentials.setProperty("user", user);
        }
        if (password != null) {
            credentials.setProperty("password", password);
        }
        return new EventDataSource(url, credentials, dialect, driver);
    }

    public Dialect dialect() {
        return dialect;
    }

    /** The JDBC URL, for messages and the data view. */
    public String url() {
        return url;
    }

    /**
     * The same data read through this source's connection, with the SQL of another dialect: what "Show SQL" for
     * another engine renders (the property columns are read from this source).
     */
    public EventDataSource renderingAs(Dialect other) {
        return new EventDataSource(url, credentials, other, driver, trino);
    }

    /**
     * A new connection with the schema in place (created on first use); the caller closes it. Connections to a
     * DuckDB file share one database in this process while it is in use (see SharedDuckDb): call
     * {@link #release()} before moving, replacing or deleting the file.
     */
    public Connection open() throws SQLException {
        String file = url.startsWith("jdbc:h2:file:") ? url.substring("jdbc:h2:file:".length()).split(";")[0]
                : url.startsWith("jdbc:duckdb:") && url.length() > "jdbc:duckdb:".length()
                        ? url.substring("jdbc:duckdb:".length()).split("\\?")[0] : null;
        if (file != null && !file.startsWith(":memory:")) {
            try {
                Path parent = Path.of(file).toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
            } catch (java.io.IOException e) {
                throw new SQLException("cannot create the folder of the data source " + url + ": " + e.getMessage(), e);
            }
        }
        Connection connection = file != null && !file.startsWith(":memory:") && dialect == Dialects.DUCKDB
                && driver != null ? io.sextant.data.internal.SharedDuckDb.connect(driver, url, Path.of(file), credentials)
                : driver != null ? driver.connect(url, credentials) : DriverManager.getConnection(url, credentials);
        if (connection == null) {
            throw new SQLException("the JDBC driver does not accept the URL " + url);
        }
        if (trino != null) {
            return connection; // the team's tables, read as they are: no schema of Sextant's on the server
        }
        if (!schemaChecked) {
            // during an import in this process its indexes are the import's to build; checked at the next open
            boolean importRunning = io.sextant.data.internal.RunningImports.isRunning(url);
            try {
                EventSchema.ensure(connection, dialect, importRunning);
            } catch (SQLException | RuntimeException e) {
                connection.close();
                throw e;
            }
            schemaChecked = !importRunning;
        }
        return connection;
    }

    /**
     * How many imports into this source have ended (committed, failed or cancelled) in this process: changes
     * when an import may have added property columns or users. Imports by other processes are not counted.
     */
    public long importsEnded() {
        return IMPORTS.computeIfAbsent(url, u -> new AtomicLong()).get();
    }

    /** Called by each import into this source when it ends, whatever the outcome; see {@link #importsEnded()}. */
    public void importEnded() {
        IMPORTS.computeIfAbsent(url, u -> new AtomicLong()).incrementAndGet();
    }

    /**
     * Makes the next {@link #open()} check the schema and indexes again: after a failure that may have left
     * the query indexes dropped (see {@link EventSchema#createQueryIndexes}).
     */
    public void recheckSchema() {
        schemaChecked = false;
    }

    /**
     * Lets go of the DuckDB database this process keeps open for this source's file, if any: before the file is
     * moved, replaced or deleted. Connections still open stay usable until closed. Nothing for other engines.
     */
    public void release() {
        io.sextant.data.internal.SharedDuckDb.release(url);
    }

    @Override
    public String toString() {
        return dialect.name() + " " + url;
    }
}
