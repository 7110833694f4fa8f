package io.sextant.report.internal;

import java.net.URL;
import java.util.logging.Level;

import org.eclipse.birt.core.exception.BirtException;
import org.eclipse.birt.core.framework.Platform;
import org.eclipse.birt.report.engine.api.EngineConfig;
import org.eclipse.birt.report.engine.api.EngineConstants;
import org.eclipse.birt.report.engine.api.IReportEngine;
import org.eclipse.birt.report.engine.api.IReportEngineFactory;
import org.eclipse.birt.report.model.api.DesignConfig;
import org.eclipse.birt.report.model.api.IDesignEngine;
import org.eclipse.birt.report.model.api.IDesignEngineFactory;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.osgi.framework.FrameworkUtil;

/**
 * The one BIRT report engine of the process (starting one costs about a second and 100 MB, so it is never
 * started per report). It is started lazily, by a Job the first time a report is asked for, and kept until the
 * bundle stops. Tasks of one engine may run in parallel.
 */
public final class BirtEngine {

    private static final Object LOCK = new Object();
    private static Job starting;
    private static volatile Started started;
    private static volatile Throwable failure;

    /** The running engines. */
    public record Started(IReportEngine reportEngine, IDesignEngine designEngine) {
    }

    private BirtEngine() {
    }

    /** Whether the engine is up (a render then costs no start-up). */
    public static boolean isStarted() {
        return started != null;
    }

    /** Schedules the start-up Job if nothing started it yet, and returns it (done when the engine is up). */
    public static Job startJob() {
        synchronized (LOCK) {
            if (starting == null) {
                starting = Job.create("Starting the report engine", monitor -> {
                    try {
                        started = start();
                        return Status.OK_STATUS;
                    } catch (BirtException | RuntimeException | LinkageError e) {
                        failure = e;
                        return Status.error("the report engine did not start: " + e.getMessage(), e);
                    }
                });
                starting.setSystem(true);
                starting.schedule();
            }
            return starting;
        }
    }

    /**
     * The engine, waiting for the start-up Job.
     *
     * @throws IllegalStateException if it did not start (the message says why)
     */
    public static Started get(IProgressMonitor monitor) {
        if (started != null) {
            return started;
        }
        Job job = startJob();
        try {
            while (!job.join(200, monitor)) {
                if (monitor != null && monitor.isCanceled()) {
                    throw new OperationCanceledException();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationCanceledException();
        }
        if (started == null) {
            Throwable cause = failure;
            synchronized (LOCK) {
                starting = null; // a later report may try again
            }
            throw new IllegalStateException("the report engine did not start: "
                    + (cause == null ? "unknown cause" : cause.getMessage()), cause);
        }
        return started;
    }

    private static Started start() throws BirtException {
        EngineConfig config = new EngineConfig();
        // the Java event handlers of the designs (TableDataSet) are loaded through this bundle's class loader
        config.getAppContext().put(EngineConstants.APPCONTEXT_CLASSLOADER_KEY, BirtEngine.class.getClassLoader());
        URL fonts = FrameworkUtil.getBundle(BirtEngine.class).getEntry("fonts/fontsConfig.xml");
        if (fonts != null) {
            config.setFontConfig(fonts);
        }
        config.setLogConfig(null, Level.WARNING);
        Platform.startup(config);
        IReportEngineFactory reportFactory = (IReportEngineFactory) Platform
                .createFactoryObject(IReportEngineFactory.EXTENSION_REPORT_ENGINE_FACTORY);
        IDesignEngineFactory designFactory = (IDesignEngineFactory) Platform
                .createFactoryObject(IDesignEngineFactory.EXTENSION_DESIGN_ENGINE_FACTORY);
        if (reportFactory == null || designFactory == null) {
            throw new IllegalStateException("BIRT's engine factories are not registered: is the report engine installed?");
        }
        return new Started(reportFactory.createReportEngine(config), designFactory.createDesignEngine(new DesignConfig()));
    }

    /** Stops the engine (bundle stop, and the benchmark's cold starts). */
    public static void shutdown() {
        synchronized (LOCK) {
            if (starting != null) {
                try {
                    starting.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (started != null) {
                started.reportEngine().destroy();
            }
            started = null;
            starting = null;
            failure = null;
        }
    }
}
