package io.sextant.ui.report.internal;

import org.eclipse.core.runtime.Plugin;
import org.osgi.framework.BundleContext;

/** Closes the projects opened for reports when the workbench stops. */
public final class ReportUiPlugin extends Plugin {

    public static final String ID = "io.sextant.ui.report";

    @Override
    public void stop(BundleContext context) throws Exception {
        ReportProjects.closeAll();
        super.stop(context);
    }
}
