package io.sextant.engine.tests;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.sextant.data.Dialects;
import io.sextant.data.EventDataSource;

/**
 * A real PostgreSQL server from the machine's packages (Debian's postgresql), started in a temporary folder on
 * a free loopback port and stopped at the end. PostgreSQL refuses to run as root, so as root it runs as the
 * postgres user. When the server is not installed the tests fail with the command that installs it: under CI
 * they must run, never skip.
 */
public final class PostgresServer implements AutoCloseable {

    private final Path folder;
    private final Path binaries;
    private final int port;
    private final boolean asPostgresUser;

    private PostgresServer(Path folder, Path binaries, int port, boolean asPostgresUser) {
        this.folder = folder;
        this.binaries = binaries;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    public static PostgresServer start() throws IOException, InterruptedException {
        Path binaries = findBinaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path folder = Files.createTempDirectory("sextant-postgres");
        // the server's user must reach its folder
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        PostgresServer server = new PostgresServer(folder, binaries, port, root);
        server.run("initdb", "-D", folder.resolve("data").toString(), "-U", "sextant", "--auth=trust", "--no-locale",
                "-E", "UTF8");
        server.run("pg_ctl", "-D", folder.resolve("data").toString(), "-l", folder.resolve("server.log").toString(),
                "-w", "-t", "60", "-o", "-p " + port + " -k " + folder + " -c listen_addresses=127.0.0.1 -c fsync=off"
                        + " -c synchronous_commit=off -c full_page_writes=off",
                "start");
        return server;
    }

    private static Path findBinaries() {
        List<Path> candidates = new ArrayList<>();
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .sorted(Comparator.comparing((Path b) -> versionOf(b)).reversed()).forEach(candidates::add);
            } catch (IOException e) {
                // fall through to the PATH
            }
        }
        for (String entry : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, "initdb")) && Files.isExecutable(Path.of(entry, "pg_ctl"))) {
                candidates.add(Path.of(entry));
            }
        }
        if (candidates.isEmpty()) {
            throw new IllegalStateException("PostgreSQL is not installed, and the engine's tests need a real server:"
                    + " apt-get install postgresql (.ci/run does this)");
        }
        return candidates.get(0);
    }

    private static int versionOf(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void run(String program, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (asPostgresUser) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(binaries.resolve(program).toString());
        command.addAll(List.of(arguments));
        Path log = folder.resolve(program + ".out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(program + " did not finish in 120 s");
        }
        if (process.exitValue() != 0) {
            throw new IOException(program + " failed (exit " + process.exitValue() + "): " + Files.readString(log));
        }
    }

    /** A new, empty database on the server as an event data source. */
    public EventDataSource createDatabase(String name) throws SQLException {
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return EventDataSource.jdbc(url(name), "sextant", null, Dialects.POSTGRESQL, new org.postgresql.Driver());
    }

    private Connection connect(String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "sextant");
        return new org.postgresql.Driver().connect(url(database), properties);
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            run("pg_ctl", "-D", folder.resolve("data").toString(), "-m", "immediate", "-w", "stop");
        } finally {
            try (Stream<Path> paths = Files.walk(folder)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
