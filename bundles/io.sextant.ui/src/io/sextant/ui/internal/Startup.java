package io.sextant.ui.internal;

import org.eclipse.ui.IStartup;

import io.sextant.ui.internal.sample.SampleProject;

/** Starts the plug-in's workspace listeners when the workbench has started, and creates the sample project if asked. */
public final class Startup implements IStartup {

    @Override
    public void earlyStartup() {
        SextantUiPlugin.get().startRecording();
        SampleProject.createIfWanted();
    }
}
