package io.sextant.data.imports;

import java.nio.file.Path;
import java.sql.SQLException;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;

import io.sextant.data.EventDataSource;
import io.sextant.data.catalog.CatalogService;
import io.sextant.data.imports.internal.ImportRun;

/**
 * Imports CSV and JSON Lines files into a data source. Run it in an Eclipse Job (or on the CLI's console
 * monitor): it reports progress and stops when the monitor is cancelled, throwing
 * {@link org.eclipse.core.runtime.OperationCanceledException}. Either the whole file is imported (good rows
 * added, bad rows quarantined, duplicates dropped) or the source is left as it was.
 */
public final class DataImporter {

    private final EventDataSource source;
    private boolean deriveCatalog = true;
    private MappingStore mappings;

    public DataImporter(EventDataSource source) {
        this.source = source;
    }

    /** Whether the catalog is derived again after each import (default: yes). */
    public DataImporter deriveCatalog(boolean value) {
        deriveCatalog = value;
        return this;
    }

    /**
     * Remembers the mapping of each successful import in the project, under the file's name, so the wizard
     * and the CLI offer it again for the next file of that name.
     */
    public DataImporter rememberMappingsIn(MappingStore store) {
        mappings = store;
        return this;
    }

    /**
     * Imports one file.
     *
     * @throws ImportException a user mistake (missing file, mapping that does not fit the file); nothing changed
     * @throws SQLException    the data source failed; nothing changed
     */
    public ImportSummary importFile(Path file, ImportMapping mapping, IProgressMonitor monitor)
            throws ImportException, SQLException {
        SubMonitor progress = SubMonitor.convert(monitor, "Importing " + file.getFileName(), deriveCatalog ? 100 : 90);
        ImportSummary summary = new ImportRun(source, file, mapping).execute(progress.split(90));
        if (mappings != null) {
            try {
                mappings.save(file.getFileName().toString(), mapping);
            } catch (java.io.IOException e) {
                throw new ImportException(file.getFileName() + " was imported, but its mapping could not be"
                        + " remembered in the project: " + e.getMessage(), e);
            }
        }
        if (deriveCatalog) {
            // newChild, not split: the import is committed, and its catalog follows it even when a cancel came in
            // meanwhile (split would throw, reporting as cancelled an import that is in the source, catalog stale)
            new CatalogService(source).derive(progress.newChild(10));
        }
        return summary;
    }
}
