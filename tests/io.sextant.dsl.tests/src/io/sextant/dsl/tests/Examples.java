package io.sextant.dsl.tests;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.testing.util.ParseHelper;

import io.sextant.dsl.seg.SegFile;

/** The example .seg files shipped in this bundle's examples/ folder. */
final class Examples {

    static final List<String> NAMES = List.of("core.seg", "growth.seg");

    private Examples() {
    }

    static String text(String name) {
        try (InputStream in = Examples.class.getResourceAsStream("/examples/" + name)) {
            if (in == null) {
                throw new IllegalStateException("example " + name + " is not in the test bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses every example into one resource set, as files of one project, and returns them in order. */
    static List<SegFile> parseAll(ParseHelper<SegFile> parser, XtextResourceSet resourceSet) throws Exception {
        List<SegFile> files = new java.util.ArrayList<>();
        for (String name : NAMES) {
            files.add(parser.parse(text(name), URI.createURI("memory:/project/" + name), resourceSet));
        }
        return files;
    }
}
