package io.sextant.ui.editor.internal;

import org.eclipse.ui.plugin.AbstractUIPlugin;
import org.osgi.framework.BundleContext;

import io.sextant.ui.editor.internal.model.SegWorkspace;

/** Keeps the editors' model of the workspace in step with the files while the bundle runs. */
public final class EditorPlugin extends AbstractUIPlugin {

    @Override
    public void start(BundleContext context) throws Exception {
        super.start(context);
        SegWorkspace.get().start();
    }

    @Override
    public void stop(BundleContext context) throws Exception {
        SegWorkspace.get().stop();
        super.stop(context);
    }
}
