package io.sextant.tests.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Display;

/** Saves what the screen shows as a PNG. */
public final class Screenshots {

    /** Where screenshots of tests go: target/screenshots of the test module (tycho-surefire's working folder). */
    public static final Path DIRECTORY = Path.of("target", "screenshots");

    private Screenshots() {
    }

    /** Captures the whole display into the file (folders are created) and returns the file. */
    public static Path capture(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        UiThread.run(() -> {
            Display display = UiThread.display();
            Rectangle bounds = display.getBounds();
            Image image = new Image(display, bounds.width, bounds.height);
            GC gc = new GC(display);
            try {
                gc.copyArea(image, 0, 0);
                ImageData data = image.getImageData();
                ImageLoader loader = new ImageLoader();
                loader.data = new ImageData[] { data };
                loader.save(file.toAbsolutePath().toString(), SWT.IMAGE_PNG);
            } finally {
                gc.dispose();
                image.dispose();
            }
        });
        return file;
    }

    /** Captures into DIRECTORY under a name made of the given parts. */
    public static Path capture(String name) throws IOException {
        return capture(DIRECTORY.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".png"));
    }
}
