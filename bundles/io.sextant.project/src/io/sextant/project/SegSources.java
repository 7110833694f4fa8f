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
            java.nio.charset.CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
            java.nio.ByteBuffer input = java.nio.ByteBuffer.wrap(bytes);
            java.nio.CharBuffer output = java.nio.CharBuffer.allocate(bytes.length + 1);
            java.nio.charset.CoderResult result = decoder.decode(input, output, true);
            if (result.isError()) {
                throw new Unreadable(projectFolder.relativize(file), line(bytes, input.position()),
                        "not UTF-8 text: the byte 0x" + String.format("%02X", bytes[input.position()] & 0xff) + " at line "
                                + line(bytes, input.position()) + " is not UTF-8; save the file as UTF-8");
            }
            decoder.flush(output);
            return output.flip().toString();
        } catch (IOException e) {
            throw new Unreadable(projectFolder.relativize(file), 1, "cannot be read: " + e.getMessage());
        }
    }

    /** The 1-based line of a byte offset. */
    private static int line(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    /** A .seg file that cannot be read as UTF-8 text: a problem of that file, not of the project. */
    static final class Unreadable extends ProjectException {

        private static final long serialVersionUID = 1L;

        final Path file;
        final int line;
        final String problem;

        Unreadable(Path file, int line, String problem) {
            super(file + ": " + problem);
            this.file = file;
            this.line = line;
            this.problem = problem;
        }
    }
}
