package io.sextant.ui.analysis.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.eclipse.core.resources.IProject;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;

import io.sextant.analysis.AnalysisDescriptor;
import io.sextant.analysis.AnalysisException;
import io.sextant.analysis.AnalysisRequest;
import io.sextant.model.AnalysisRun;

/**
 * The analysis jobs started from the IDE while they run, and the project they run on, for the Runs view. A
 * sequence (a playbook's analyses) runs one after another; a request that cannot start (a bad parameter) is
 * reported and the next one runs.
 */
public final class AnalysisJobs {

    /** What listeners hear: a run started, progressed or ended (with the stored run, or null and an error). */
    public interface Listener {
        void changed(ActiveRun run, AnalysisRun ended, String error);
    }

    private static final AnalysisJobs INSTANCE = new AnalysisJobs();

    private final List<ActiveRun> active = new CopyOnWriteArrayList<>();
    /** Runs of this session that failed before anything was recorded: listed as failed, newest first. */
    private final List<ActiveRun> failed = new CopyOnWriteArrayList<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile IProject currentProject;

    public static AnalysisJobs get() {
        return INSTANCE;
    }

    public List<ActiveRun> active() {
        return List.copyOf(active);
    }

    /** The runs of this session that failed before they could be recorded (the repository has no record of them). */
    public List<ActiveRun> failed() {
        return List.copyOf(failed);
    }

    /** The project whose runs the views show: the one last run on (or chosen). */
    public IProject currentProject() {
        return currentProject;
    }

    public void setCurrentProject(IProject project) {
        currentProject = project;
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    /** Runs the requests one after another; {@code done} hears each stored run. */
    public void start(ProjectSession session, List<AnalysisRequest> requests, Consumer<AnalysisRun> done) {
        currentProject = session.project();
        startNext(session, new ArrayList<>(requests), done);
    }

    private void startNext(ProjectSession session, List<AnalysisRequest> remaining, Consumer<AnalysisRun> done) {
        if (remaining.isEmpty()) {
            return;
        }
        AnalysisRequest request = remaining.remove(0);
        String name = session.registry().descriptor(request.analysisId()).map(AnalysisDescriptor::name)
                .orElse(request.analysisId());
        ActiveRun run = new ActiveRun(session.project(), request.analysisId(), name, request.parameters());
        AnalysisRun[] stored = new AnalysisRun[1];
        // like AnalysisRunner.job, with the monitor wrapped so that the Runs view can show the progress
        Job job = Job.create("Analysis: " + name, monitor -> {
            try {
                stored[0] = session.runner().run(request, run.monitor(monitor));
                return monitor.isCanceled() ? Status.CANCEL_STATUS : Status.OK_STATUS;
            } catch (AnalysisException e) {
                return Status.error(e.getMessage());
            }
        });
        // the Runs view and the status bar show its progress; a modal progress dialog would block the views
        job.setUser(false);
        run.attach(job);
        job.addJobChangeListener(new JobChangeAdapter() {
            @Override
            public void done(IJobChangeEvent event) {
                active.remove(run);
                IStatus status = event.getResult();
                String error = stored[0] == null && status != null && !status.isOK() && status.getSeverity() != IStatus.CANCEL
                        ? status.getMessage() : null;
                if (stored[0] == null && status != null && status.getSeverity() == IStatus.CANCEL) {
                    error = "cancelled before it was recorded";
                }
                if (error != null && status.getSeverity() != IStatus.CANCEL) {
                    run.failed(error);
                    failed.add(0, run);
                }
                fire(run, stored[0], error);
                if (stored[0] != null && done != null) {
                    done.accept(stored[0]);
                }
                if (status == null || status.getSeverity() != IStatus.CANCEL) {
                    startNext(session, remaining, done);
                }
            }
        });
        active.add(run);
        fire(run, null, null);
        job.schedule();
    }

    private void fire(ActiveRun run, AnalysisRun ended, String error) {
        for (Listener listener : listeners) {
            listener.changed(run, ended, error);
        }
    }
}
