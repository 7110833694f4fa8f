package io.sextant.ui.internal;

import org.eclipse.ui.plugin.AbstractUIPlugin;
import org.osgi.framework.BundleContext;

import io.sextant.ui.internal.repository.ProjectRepositories;
import io.sextant.ui.internal.repository.SegFileRecording;

/** Starts recording saved definitions in the repository, and closes the repositories when Sextant stops. */
public final class SextantUiPlugin extends AbstractUIPlugin {

    private static SextantUiPlugin instance;

    private final SegFileRecording recording = new SegFileRecording();

    @Override
    public void start(BundleContext context) throws Exception {
        super.start(context);
        instance = this;
    }

    /** Called by {@link Startup} once the workbench (and so the workspace) is up. */
    void startRecording() {
        ProjectRepositories.get().start();
        recording.start();
    }

    @Override
    public void stop(BundleContext context) throws Exception {
        recording.stop();
        ProjectRepositories.get().stop();
        instance = null;
        super.stop(context);
    }

    public static SextantUiPlugin get() {
        return instance;
    }

    public SegFileRecording recording() {
        return recording;
    }
}
