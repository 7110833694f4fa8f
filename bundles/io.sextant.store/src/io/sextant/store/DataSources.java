package io.sextant.store;

import java.util.List;
import java.util.Optional;

import io.sextant.model.DataSource;

/** The data sources a project's analyses read: a JDBC URL plus the SQL dialect to speak. */
public interface DataSources {

    /** Adds the data source, or changes the dialect and URL of the one with that name. */
    DataSource save(String name, String dialect, String jdbcUrl);

    Optional<DataSource> find(String name);

    List<DataSource> list();
}
