package io.sextant.tests.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;

/** Access to the running workbench for UI tests. */
public final class Workbenches {

    public static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);

    private Workbenches() {
    }

    /** Waits until the workbench runs and has an active window with an active page, and returns the window. */
    public static IWorkbenchWindow awaitWindow() {
        return awaitWindow(STARTUP_TIMEOUT);
    }

    public static IWorkbenchWindow awaitWindow(Duration timeout) {
        return Conditions.waitFor("the workbench window to be open with an active page", () -> {
            if (!PlatformUI.isWorkbenchRunning()) {
                return null;
            }
            IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
            if (window == null && PlatformUI.getWorkbench().getWorkbenchWindowCount() > 0) {
                window = PlatformUI.getWorkbench().getWorkbenchWindows()[0];
            }
            return window != null && window.getActivePage() != null && window.getShell().isVisible() ? window : null;
        }, timeout);
    }

    public static IWorkbenchPage activePage() {
        return awaitWindow().getActivePage();
    }

    public static Shell shell() {
        return awaitWindow().getShell();
    }

    /**
     * Closes every shell that is not a workbench window (dialogs, popups) and returns their titles. Tests call
     * it before they start, so a dialog left open by an earlier failure cannot swallow their input.
     */
    public static List<String> closeOtherShells() {
        return UiThread.call(() -> {
            Set<Shell> windows = new HashSet<>();
            for (IWorkbenchWindow window : PlatformUI.getWorkbench().getWorkbenchWindows()) {
                windows.add(window.getShell());
            }
            List<String> closed = new ArrayList<>();
            for (Shell shell : UiThread.display().getShells()) {
                if (!windows.contains(shell) && !shell.isDisposed() && shell.isVisible()) {
                    closed.add(shell.getText());
                    shell.close();
                }
            }
            return closed;
        });
    }

    /** Shows a view by id and returns it, failing with the view id if it cannot be created. */
    public static IViewPart showView(String viewId) {
        return UiThread.call(() -> {
            try {
                return activePage().showView(viewId);
            } catch (PartInitException e) {
                throw new IllegalStateException("cannot show view " + viewId + ": " + e.getMessage(), e);
            }
        });
    }
}
