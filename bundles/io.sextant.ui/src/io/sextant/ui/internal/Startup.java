package io.sextant.ui.internal;

import org.eclipse.ui.IStartup;

/** Starts the plug-in's workspace listeners when the workbench has started. */
public final class Startup implements IStartup {

    @Override
    public void earlyStartup() {
        SextantUiPlugin.get().startRecording();
    }
}
