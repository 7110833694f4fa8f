package io.sextant.ui.analysis.internal;

import java.time.Instant;
import java.util.Map;

import org.eclipse.core.resources.IProject;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.ProgressMonitorWrapper;
import org.eclipse.core.runtime.jobs.Job;

/**
 * An analysis job that has not ended yet: what it runs and how far it is. The runner reports its progress
 * through {@link #monitor}, which passes everything on to the job's own monitor; cancelling cancels the job.
 */
public final class ActiveRun {

    private final IProject project;
    private final String analysisId;
    private final String analysisName;
    private final Map<String, String> parameters;
    private final Instant started = Instant.now();
    private volatile Job job;
    private volatile double worked;
    private volatile double total = 1;
    private volatile String failure;
    private volatile Instant ended;

    ActiveRun(IProject project, String analysisId, String analysisName, Map<String, String> parameters) {
        this.project = project;
        this.analysisId = analysisId;
        this.analysisName = analysisName;
        this.parameters = Map.copyOf(parameters);
    }

    void attach(Job job) {
        this.job = job;
    }

    /** The job's monitor, counting the work done for {@link #progress()}. */
    IProgressMonitor monitor(IProgressMonitor jobMonitor) {
        return new ProgressMonitorWrapper(jobMonitor) {
            @Override
            public void beginTask(String name, int totalWork) {
                total = Math.max(1, totalWork);
                worked = 0;
                super.beginTask(name, totalWork);
            }

            @Override
            public void internalWorked(double work) {
                worked = Math.min(total, worked + work);
                super.internalWorked(work);
            }

            @Override
            public void worked(int work) {
                worked = Math.min(total, worked + work);
                super.worked(work);
            }
        };
    }

    /** Done so far, from 0 to 1. */
    public double progress() {
        return worked / total;
    }

    public IProject project() {
        return project;
    }

    public String analysisId() {
        return analysisId;
    }

    public String analysisName() {
        return analysisName;
    }

    public Map<String, String> parameters() {
        return parameters;
    }

    public Instant started() {
        return started;
    }

    /**
     * Ends the run with a failure that recorded nothing (a mistake found before the analysis started, such as an
     * event the data does not have): the Runs view keeps listing it as failed, with the message.
     */
    void failed(String message) {
        failure = message;
        ended = Instant.now();
    }

    /** The failure of a run that ended without being recorded, or null. */
    public String failure() {
        return failure;
    }

    /** When it ended, or null while it runs. */
    public Instant ended() {
        return ended;
    }

    /** Asks the job to stop; the runner records the run as cancelled. */
    public void cancel() {
        Job current = job;
        if (current != null) {
            current.cancel();
        }
    }
}
