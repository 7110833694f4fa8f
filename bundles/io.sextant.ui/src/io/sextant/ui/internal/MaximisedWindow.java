package io.sextant.ui.internal;

import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.core.services.events.IEventBroker;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.ui.basic.MWindow;
import org.eclipse.e4.ui.workbench.IPresentationEngine;
import org.eclipse.e4.ui.workbench.UIEvents;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Shell;
import org.osgi.service.event.EventHandler;

/**
 * The workbench window opens maximised the first time (a model processor applied to the initial model only:
 * later starts restore the size the user left). When its shell is made it also gets the bounds of its
 * monitor's work area, so that it fills the screen from its first paint even where no window manager
 * maximises it (an X server without one, as in the UI tests).
 */
public final class MaximisedWindow {

    @Execute
    public void maximise(MApplication application, IEventBroker broker) {
        for (MWindow window : application.getChildren()) {
            if (!window.getTags().contains(IPresentationEngine.WINDOW_MAXIMIZED_TAG)) {
                window.getTags().add(IPresentationEngine.WINDOW_MAXIMIZED_TAG);
            }
        }
        EventHandler[] handler = new EventHandler[1];
        handler[0] = event -> {
            if (event.getProperty(UIEvents.EventTags.ELEMENT) instanceof MWindow
                    && event.getProperty(UIEvents.EventTags.NEW_VALUE) instanceof Shell shell && !shell.isDisposed()) {
                broker.unsubscribe(handler[0]);
                fill(shell);
                // and again once the workbench has finished making the window (it may size it after this)
                shell.getDisplay().asyncExec(() -> {
                    if (!shell.isDisposed()) {
                        fill(shell);
                    }
                });
            }
        };
        broker.subscribe(UIEvents.UIElement.TOPIC_WIDGET, handler[0]);
    }

    /** Gives the shell the work area of its monitor, and maximises it. */
    static void fill(Shell shell) {
        Rectangle area = (shell.getMonitor() != null ? shell.getMonitor() : shell.getDisplay().getPrimaryMonitor())
                .getClientArea();
        if (area.width > 0 && area.height > 0) {
            shell.setBounds(area);
        }
        shell.setMaximized(true);
    }
}
