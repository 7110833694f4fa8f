package io.sextant.tests.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.eclipse.swt.widgets.Display;
import org.opentest4j.AssertionFailedError;

/**
 * Waits for a condition while keeping the UI alive: on the UI thread the event loop keeps running between
 * checks, elsewhere the condition is evaluated on the UI thread. A timeout fails the test with the
 * condition's description, so the failure says what never happened.
 */
public final class Conditions {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final long POLL_MILLIS = 20;

    private Conditions() {
    }

    public static void waitUntil(String description, BooleanSupplier condition) {
        waitUntil(description, condition, DEFAULT_TIMEOUT);
    }

    public static void waitUntil(String description, BooleanSupplier condition, Duration timeout) {
        waitFor(description, () -> condition.getAsBoolean() ? Boolean.TRUE : null, timeout);
    }

    /** Waits until the supplier returns something other than null, and returns it. */
    public static <T> T waitFor(String description, Supplier<T> supplier) {
        return waitFor(description, supplier, DEFAULT_TIMEOUT);
    }

    public static <T> T waitFor(String description, Supplier<T> supplier, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException lastFailure = null;
        while (true) {
            try {
                T value = UiThread.call(supplier);
                if (value != null) {
                    return value;
                }
                lastFailure = null;
            } catch (RuntimeException e) {
                // a lookup may fail while the UI is still being built; keep the cause for the report
                lastFailure = e;
            }
            if (System.nanoTime() > deadline) {
                AssertionFailedError timedOut = new AssertionFailedError(
                        "timed out after " + timeout.toMillis() + " ms waiting for: " + description);
                if (lastFailure != null) {
                    timedOut.initCause(lastFailure);
                }
                throw timedOut;
            }
            pause();
        }
    }

    /** Lets the UI run for the given time (dispatching events on the UI thread). */
    public static void sleep(Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < deadline) {
            pause();
        }
    }

    private static void pause() {
        Display display = Display.getCurrent();
        if (display != null) {
            UiThread.processEvents();
        }
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionFailedError("interrupted while waiting", e);
        }
    }
}
