package io.sextant.ui.editor.internal.editor;

import java.util.List;
import java.util.Optional;

import org.eclipse.core.resources.IProject;

import io.sextant.model.AnalysisRun;
import io.sextant.model.Column;
import io.sextant.model.Result;
import io.sextant.model.TableResult;
import io.sextant.store.Repository;
import io.sextant.ui.internal.repository.ProjectRepositories;

/**
 * What the repository knows of a definition's runs, for the hover: the newest run that used it and, when that
 * run measured the segment's size (the segment-value analysis's "members" column), the size.
 */
final class LastRun {

    /** When the run ended, to the minute, in UTC as the repository stores it: "2026-11-25 04:12 UTC". */
    static final java.time.format.DateTimeFormatter WHEN = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(java.time.ZoneOffset.UTC);

    private LastRun() {
    }

    /** One or two lines about the newest run of the definition, or empty when it never ran (or there is no repository). */
    static Optional<String> describe(IProject project, String qualifiedName, String simpleName) {
        Repository repository;
        List<AnalysisRun> runs;
        try {
            repository = ProjectRepositories.get().of(project).orElse(null);
            if (repository == null) {
                return Optional.empty();
            }
            runs = repository.runs().findByDefinition(qualifiedName, null);
        } catch (RuntimeException e) { // StoreException among them
            return Optional.empty(); // the repository cannot be read: the hover shows the definition alone
        }
        if (runs.isEmpty()) {
            return Optional.empty();
        }
        AnalysisRun run = runs.get(0);
        StringBuilder text = new StringBuilder("Last run: ").append(run.getAnalysisId()).append(", ")
                .append(run.getStatus().getLiteral()).append(", ")
                .append(WHEN.format(run.getEndedAt() != null ? run.getEndedAt() : run.getStartedAt()));
        size(run, simpleName).ifPresent(size -> text.append("\nLast size: ").append(size).append(" users"));
        return Optional.of(text.toString());
    }

    /** The segment's member count in a result table of the run with "segment" and "members" columns. */
    private static Optional<Long> size(AnalysisRun run, String simpleName) {
        for (Result result : run.getResults()) {
            if (!(result instanceof TableResult table)) {
                continue;
            }
            Column segments = column(table, "segment");
            Column members = column(table, "members");
            if (segments == null || members == null) {
                continue;
            }
            int row = segments.getTexts().indexOf(simpleName);
            if (row >= 0 && row < members.getNumbers().size() && members.getNumbers().get(row) != null) {
                return Optional.of(Math.round(members.getNumbers().get(row)));
            }
        }
        return Optional.empty();
    }

    private static Column column(TableResult table, String name) {
        return table.getColumns().stream().filter(c -> name.equals(c.getName())).findFirst().orElse(null);
    }
}
