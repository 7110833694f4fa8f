package io.sextant.dsl.context;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Collectors;

/** The content hash of a definition's source, shared by the language and the repository. */
public final class DefinitionText {

    private DefinitionText() {
    }

    /**
     * SHA-256 (hex) of the text with line endings made \n and trailing blanks removed from each line, so
     * that saving on another platform or re-indenting the end of a line is not a change.
     */
    public static String contentHash(String text) {
        String normalized = text.replace("\r\n", "\n").replace('\r', '\n').lines()
                .map(String::stripTrailing).collect(Collectors.joining("\n")).strip();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(normalized.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
