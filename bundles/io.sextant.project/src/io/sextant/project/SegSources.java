package io.sextant.project;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/** Finding and reading a project's .seg files. */
final class SegSources {

    private SegSources() {
    }

    /**
     * Every .seg file under the folder, sorted by path; folders whose name starts with a dot (.sextant, .git)
     * and build output folders are not looked into.
     */
    static List<Path> find(Path folder) throws IOException {
        List<Path> files = new ArrayList<>();
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                boolean skipped = !dir.equals(folder) && (name.startsWith(".") || name.equals("target") || name.equals("bin"));
                return skipped ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && file.getFileName().toString().endsWith(".seg")) {
                    files.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        files.sort(null);
        return files;
    }

    /** The file's text, which must be UTF-8: anything else is named as a mistake rather than read as garbage. */
    static String read(Path file, Path projectFolder) throws ProjectException {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ProjectException(projectFolder.relativize(file) + ": not UTF-8 text");
        } catch (IOException e) {
            throw new ProjectException(projectFolder.relativize(file) + ": cannot be read: " + e.getMessage(), e);
        }
    }
}
