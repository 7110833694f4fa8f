package io.sextant.report.internal;

import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/**
 * How wide a text prints in the PDF, in points: measured with the fonts the PDF embeds (the DejaVu families in
 * the folders {@code fonts/fontsConfig.xml} names), so that a column is as wide as its widest word really is — an
 * average character width misjudges words of wide letters ("members" in bold took more than it allowed, and
 * BIRT cut its "s"). Where a font cannot be read, a wide average stands in for it.
 */
final class TextWidths {

    enum Face {
        REGULAR("DejaVuSans.ttf", 0.62), BOLD("DejaVuSans-Bold.ttf", 0.72), MONO("DejaVuSansMono.ttf", 0.61);

        final String file;
        /** The width of a character in em when the font cannot be read: a little more than a wide average. */
        final double fallback;

        Face(String file, double fallback) {
            this.file = file;
            this.fallback = fallback;
        }
    }

    private static final FontRenderContext CONTEXT = new FontRenderContext(null, true, true);
    private static final Map<Face, java.util.Optional<Font>> FONTS = new ConcurrentHashMap<>();

    private TextWidths() {
    }

    /** The width of the text at this size (points) in this face, in points; zero-width spaces take none. */
    static double width(String text, double size, Face face) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        java.util.Optional<Font> font = FONTS.computeIfAbsent(face, TextWidths::load);
        if (font.isEmpty()) {
            return text.replace(DesignAssembler.WRAP, "").length() * size * face.fallback;
        }
        // measured at 100 pt and scaled: the fractional metrics of the PDF, not those of a screen's pixel grid
        return font.get().deriveFont(100f).getStringBounds(text, CONTEXT).getWidth() * size / 100;
    }

    private static java.util.Optional<Font> load(Face face) {
        for (Path folder : fontFolders()) {
            Path file = folder.resolve(face.file);
            if (Files.isRegularFile(file)) {
                try {
                    return java.util.Optional.of(Font.createFont(Font.TRUETYPE_FONT, file.toFile()));
                } catch (java.awt.FontFormatException | IOException e) {
                    // the next folder, else the average
                }
            }
        }
        return java.util.Optional.empty();
    }

    private static final Pattern PATH = Pattern.compile("<path\\s+path=\"([^\"]+)\"");

    /** The folders fonts/fontsConfig.xml gives the PDF emitter. */
    private static List<Path> fontFolders() {
        Bundle bundle = FrameworkUtil.getBundle(TextWidths.class);
        URL config = bundle == null ? null : bundle.getEntry("fonts/fontsConfig.xml");
        if (config == null) {
            return List.of();
        }
        try (InputStream in = config.openStream()) {
            Matcher paths = PATH.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            List<Path> folders = new java.util.ArrayList<>();
            while (paths.find()) {
                folders.add(Path.of(paths.group(1)));
            }
            return folders;
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
