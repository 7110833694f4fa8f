package io.sextant.tests.support;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * JUnit 5 extension: when a test fails, saves a screenshot named after the test into target/screenshots,
 * so a UI failure under Xvfb can be seen afterwards. Use with {@code @ExtendWith(ScreenshotOnFailure.class)}.
 */
public class ScreenshotOnFailure implements TestWatcher {

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        String name = context.getRequiredTestClass().getSimpleName() + "."
                + context.getTestMethod().map(m -> m.getName()).orElse("unknown");
        try {
            Path file = Screenshots.capture(name);
            System.err.println("screenshot of failed test " + name + ": " + file.toAbsolutePath());
        } catch (IOException | RuntimeException e) {
            System.err.println("could not save a screenshot of failed test " + name + ": " + e);
        }
    }
}
