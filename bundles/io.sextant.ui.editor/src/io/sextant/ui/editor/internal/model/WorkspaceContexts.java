package io.sextant.ui.editor.internal.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.core.resources.IProject;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IPath;
import org.eclipse.emf.common.util.URI;

import io.sextant.data.EventDataSource;
import io.sextant.data.catalog.CatalogService;
import io.sextant.data.catalog.DataCatalog;
import io.sextant.dsl.context.EventCatalog;
import io.sextant.dsl.context.ProjectContext;
import io.sextant.dsl.context.ProjectContextProvider;
import io.sextant.dsl.context.ProjectFacts;
import io.sextant.dsl.context.PublishedVersion;
import io.sextant.dsl.context.VersionHistory;
import io.sextant.store.StoreException;
import io.sextant.ui.internal.repository.ProjectRepositories;

/**
 * The context of a .seg file in the workspace: its project's event catalog (read from the project's embedded
 * event source, {@code .sextant/events.mv.db}, again whenever that file changes) and the published versions
 * of its repository. A project without imported data has no catalog, so the catalog rules are skipped.
 */
public final class WorkspaceContexts implements ProjectContextProvider {

    /** How often the event source's file is looked at for changes. */
    private static final long RECHECK_NANOS = 1_000_000_000L;

    private record CachedCatalog(long modified, long size, EventCatalog catalog, long checkedAt) {
    }

    private record CachedVersions(long modified, VersionHistory history, long checkedAt) {
    }

    private final Map<IProject, CachedCatalog> catalogs = new ConcurrentHashMap<>();
    private final Map<IProject, CachedVersions> versions = new ConcurrentHashMap<>();

    @Override
    public ProjectContext contextFor(URI resource) {
        IProject project = SegFiles.project(resource);
        if (project == null || !project.isOpen()) {
            return ProjectContext.EMPTY;
        }
        return ProjectContext.of(catalog(project), versions(project), ProjectFacts.NONE);
    }

    /** Forgets the catalog read for the project (the next validation reads it again). */
    public void forget(IProject project) {
        catalogs.remove(project);
        versions.remove(project);
    }

    private EventCatalog catalog(IProject project) {
        IPath location = project.getLocation();
        if (location == null) {
            return null;
        }
        Path folder = location.toFile().toPath();
        Path file = EventDataSource.embeddedFile(folder);
        long now = System.nanoTime();
        CachedCatalog cached = catalogs.get(project);
        if (cached != null && now - cached.checkedAt() < RECHECK_NANOS) {
            return cached.catalog();
        }
        try {
            if (!Files.exists(file)) {
                catalogs.put(project, new CachedCatalog(-1, -1, null, now));
                return null; // no data imported: never create the database just to look
            }
            long modified = Files.getLastModifiedTime(file).toMillis();
            long size = Files.size(file);
            // DuckDB commits into its write-ahead log first and into the file at a checkpoint
            Path log = file.resolveSibling(file.getFileName() + ".wal");
            if (Files.exists(log)) {
                modified = Math.max(modified, Files.getLastModifiedTime(log).toMillis());
                size += Files.size(log);
            }
            if (cached != null && cached.modified() == modified && cached.size() == size) {
                catalogs.put(project, new CachedCatalog(modified, size, cached.catalog(), now));
                return cached.catalog();
            }
            DataCatalog catalog = new CatalogService(EventDataSource.embedded(folder)).read();
            EventCatalog result = catalog.events().isEmpty() ? null : catalog;
            if (result != null && cached != null && cached.catalog() != null
                    && result.events().equals(cached.catalog().events())
                    && result.userAttributes().equals(cached.catalog().userAttributes())) {
                // the database file changes when it is merely opened (reading the catalog is enough): the same
                // events and attributes keep the same object, so that editors do not validate everything again
                result = cached.catalog();
            }
            catalogs.put(project, new CachedCatalog(modified, size, result, now));
            return result;
        } catch (java.io.IOException | SQLException | RuntimeException e) {
            ILog.of(getClass()).warn("Cannot read the event catalog of project " + project.getName()
                    + "; the catalog checks are skipped: " + e.getMessage());
            catalogs.put(project, new CachedCatalog(-1, -1, null, now));
            return null;
        }
    }

    /**
     * The repository's published versions, answered from memory: validation asks once per definition, and a
     * query each time made a 1,000-definition file ten times slower to validate. The answers are forgotten
     * when the repository commits anything (its {@code repository.last-commit} file changes).
     */
    private VersionHistory versions(IProject project) {
        IPath location = project.getLocation();
        if (location == null) {
            return VersionHistory.NONE;
        }
        Path marker = location.toFile().toPath().resolve(EventDataSource.PROJECT_FOLDER).resolve("repository.last-commit");
        long now = System.nanoTime();
        CachedVersions cached = versions.get(project);
        if (cached != null && now - cached.checkedAt() < RECHECK_NANOS) {
            return cached.history();
        }
        long modified;
        try {
            modified = Files.exists(marker) ? Files.getLastModifiedTime(marker).toMillis() : -1;
        } catch (java.io.IOException e) {
            modified = -2;
        }
        if (cached != null && cached.modified() == modified) {
            versions.put(project, new CachedVersions(modified, cached.history(), now));
            return cached.history();
        }
        VersionHistory source;
        try {
            source = ProjectRepositories.get().of(project).map(r -> r.versionHistory()).orElse(VersionHistory.NONE);
        } catch (StoreException e) {
            source = VersionHistory.NONE; // the recording listener shows why the repository cannot be opened
        }
        Map<String, List<PublishedVersion>> answers = new ConcurrentHashMap<>();
        VersionHistory from = source;
        VersionHistory history = name -> answers.computeIfAbsent(name, n -> {
            try {
                return from.published(n);
            } catch (RuntimeException e) {
                return List.of();
            }
        });
        versions.put(project, new CachedVersions(modified, history, now));
        return history;
    }
}
