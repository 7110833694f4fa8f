package io.sextant.store.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.sextant.model.DataSource;
import io.sextant.model.SextantFactory;
import io.sextant.store.DataSources;
import io.sextant.store.Identity;

/** Data sources in H2; changes are audited like everything else. */
public final class DataSourcesStore implements DataSources {

    private final Database database;
    private final Identity identity;

    public DataSourcesStore(Database database, Identity identity) {
        this.database = database;
        this.identity = identity;
    }

    @Override
    public DataSource save(String name, String dialect, String jdbcUrl) {
        String trimmed = Texts.required(name, "The data source's name");
        Texts.required(dialect, "The dialect of data source " + trimmed);
        Texts.required(jdbcUrl, "The JDBC URL of data source " + trimmed);
        String user = Texts.user(identity);
        database.write("save the data source " + trimmed, connection -> {
            Optional<DataSource> existing = find(connection.prepareStatement(
                    "SELECT * FROM data_sources WHERE name = ? FOR UPDATE"), trimmed);
            Instant now = Instant.now();
            if (existing.isPresent()) {
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE data_sources SET dialect = ?, jdbc_url = ? WHERE id = ?")) {
                    update.setString(1, dialect.strip());
                    update.setString(2, jdbcUrl.strip());
                    update.setLong(3, existing.get().getId());
                    update.executeUpdate();
                }
                Audit.write(connection, now, user, "data source " + trimmed, "change",
                        existing.get().getDialect() + " " + withoutSecrets(existing.get().getJdbcUrl()),
                        dialect + " " + withoutSecrets(jdbcUrl), null, null);
            } else {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO data_sources (name, dialect, jdbc_url, created_at) VALUES (?, ?, ?, ?)")) {
                    insert.setString(1, trimmed);
                    insert.setString(2, dialect.strip());
                    insert.setString(3, jdbcUrl.strip());
                    insert.setObject(4, Database.timestamp(now));
                    insert.executeUpdate();
                }
                Audit.write(connection, now, user, "data source " + trimmed, "add", null,
                        dialect + " " + withoutSecrets(jdbcUrl), null, null);
            }
            return null;
        });
        return find(trimmed).orElseThrow();
    }

    @Override
    public Optional<DataSource> find(String name) {
        return database.read("read the data source " + name,
                connection -> find(connection.prepareStatement("SELECT * FROM data_sources WHERE name = ?"), name));
    }

    @Override
    public List<DataSource> list() {
        return database.read("list the data sources", connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT * FROM data_sources ORDER BY name")) {
                return sources(query);
            }
        });
    }

    /** The URL for the audit log, with passwords (password=..., pwd=...) masked: the log is read by everyone. */
    static String withoutSecrets(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)((?:password|pwd)=)[^;&]*", "$1***");
    }

    private static Optional<DataSource> find(PreparedStatement query, String name) throws SQLException {
        try (query) {
            query.setString(1, name);
            return sources(query).stream().findFirst();
        }
    }

    private static List<DataSource> sources(PreparedStatement query) throws SQLException {
        List<DataSource> sources = new ArrayList<>();
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                DataSource source = SextantFactory.eINSTANCE.createDataSource();
                source.setId(rows.getLong("id"));
                source.setName(rows.getString("name"));
                source.setDialect(rows.getString("dialect"));
                source.setJdbcUrl(rows.getString("jdbc_url"));
                source.setCreatedAt(Database.instant(rows.getObject("created_at")));
                sources.add(source);
            }
        }
        return sources;
    }
}
