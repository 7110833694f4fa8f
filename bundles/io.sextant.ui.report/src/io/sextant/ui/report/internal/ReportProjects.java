package io.sextant.ui.report.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.core.resources.IProject;

import io.sextant.project.ProjectException;
import io.sextant.project.SextantProject;
import io.sextant.store.PreferenceIdentity;

/**
 * The headless project behind each workspace project a report was asked for. Kept open (its repository is an
 * embedded H2 file that the workbench's own repository shares within this process) and read again for each
 * report, so that edited .seg files and new runs are seen.
 */
final class ReportProjects {

    private static final Map<IProject, SextantProject> OPEN = new ConcurrentHashMap<>();

    private ReportProjects() {
    }

    static SextantProject of(IProject project) throws ProjectException {
        if (project.getLocation() == null) {
            throw new ProjectException("the project " + project.getName() + " is not on disk");
        }
        SextantProject opened = OPEN.get(project);
        if (opened == null) {
            opened = SextantProject.open(project.getLocation().toFile().toPath(), new PreferenceIdentity());
            OPEN.put(project, opened);
        }
        opened.forgetCatalog(); // the .seg files may have changed since the last report
        return opened;
    }

    static void closeAll() {
        OPEN.values().forEach(SextantProject::close);
        OPEN.clear();
    }
}
