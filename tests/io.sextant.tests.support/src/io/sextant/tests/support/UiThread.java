package io.sextant.tests.support;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.PlatformUI;

/** Runs code on the SWT UI thread, whether the caller is on it (useUIThread=true) or not. */
public final class UiThread {

    private UiThread() {
    }

    public static Display display() {
        Display current = Display.getCurrent();
        if (current != null) {
            return current;
        }
        return PlatformUI.isWorkbenchRunning() ? PlatformUI.getWorkbench().getDisplay() : Display.getDefault();
    }

    /** Calls the supplier on the UI thread and returns its value; exceptions are rethrown to the caller. */
    public static <T> T call(Supplier<T> supplier) {
        Display display = display();
        if (display.getThread() == Thread.currentThread()) {
            return supplier.get();
        }
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        AtomicReference<Error> error = new AtomicReference<>();
        display.syncExec(() -> {
            try {
                result.set(supplier.get());
            } catch (RuntimeException e) {
                failure.set(e);
            } catch (Error e) {
                error.set(e);
            }
        });
        if (failure.get() != null) {
            throw failure.get();
        }
        if (error.get() != null) {
            throw error.get();
        }
        return result.get();
    }

    public static void run(Runnable runnable) {
        call(() -> {
            runnable.run();
            return null;
        });
    }

    /** Dispatches every pending event when called on the UI thread; elsewhere waits for one round trip. */
    public static void processEvents() {
        Display display = display();
        if (display.getThread() == Thread.currentThread()) {
            while (!display.isDisposed() && display.readAndDispatch()) {
                // dispatch until the queue is empty
            }
        } else {
            display.syncExec(() -> {
            });
        }
    }
}
