package io.sextant.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sextant.dsl.context.ProjectContext;
import io.sextant.dsl.context.ProjectFacts;
import io.sextant.dsl.context.VersionHistory;
import io.sextant.dsl.ide.SegLanguageServices;
import io.sextant.dsl.ide.SegProject;

/**
 * 10,000 inputs mutated from the examples (seeded, so a failure can be replayed): parsing, validating,
 * completing and formatting never throw, a broken input always gets a diagnostic in words (no grammar
 * internals), and no input takes a second.
 */
class SegFuzzTest {

    private static final int INPUTS = 10_000;
    private static final long SEED = 20261124L;
    private static final long LIMIT_NANOS = 1_000_000_000L;

    private static final String[] TOKENS = { "segment", "metric", "where", "and", "or", "not", "did", "then",
            "within", "days", "after", "signup", "first", "count", "sum", "{", "}", "(", ")", "[", "]", ",", ".",
            ":", "%", "=", ">=", "<", "!=", "\"", "\"purchase\"", "user.", "-", "0", "3.5", "999999999999999999999",
            "/*", "*/", "//", "\n", "\t", "\u00e9", "\u0000", "\uD83D\uDE00", "package", "import", "in segment",
            "variants {", "version", "owner \"x\"", "experiment E {", "ratio", "/" };

    private static SegLanguageServices services;

    @BeforeAll
    static void withCatalog() {
        FixtureContext.current = ProjectContext.of(SegContextValidatorTest.CATALOG, VersionHistory.NONE,
                ProjectFacts.NONE);
        services = SegLanguageServices.create(uri -> FixtureContext.current);
    }

    @AfterAll
    static void reset() {
        FixtureContext.current = ProjectContext.EMPTY;
    }

    @Test
    void mutatedInputsNeverBreakTheLanguage() {
        // Xtext catches an exception thrown by a check and logs it: a logged error is a broken check too
        List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
        org.apache.log4j.AppenderSkeleton errors = new org.apache.log4j.AppenderSkeleton() {
            @Override
            protected void append(org.apache.log4j.spi.LoggingEvent event) {
                if (event.getLevel().isGreaterOrEqual(org.apache.log4j.Level.ERROR)) {
                    logged.add(event.getRenderedMessage() + (event.getThrowableInformation() == null ? ""
                            : ": " + event.getThrowableInformation().getThrowable()));
                }
            }

            @Override
            public void close() {
            }

            @Override
            public boolean requiresLayout() {
                return false;
            }
        };
        org.apache.log4j.Logger.getRootLogger().addAppender(errors);
        try {
            fuzz();
        } finally {
            org.apache.log4j.Logger.getRootLogger().removeAppender(errors);
        }
        assertTrue(logged.isEmpty(), () -> "errors logged while validating: " + logged.subList(0, Math.min(5, logged.size())));
    }

    private void fuzz() {
        Random random = new Random(SEED);
        List<String> seeds = List.of(Examples.text("core.seg"), Examples.text("growth.seg"));
        SegProject project = services.newProject();
        project.put(URI.createURI("memory:/fuzz/core.seg"), seeds.get(0));
        URI uri = URI.createURI("memory:/fuzz/input.seg");
        List<String> slow = new ArrayList<>();
        // syntax errors are words: no ANTLR token names or Xtext's own phrases (MessagesTest)
        List<String> internals = new ArrayList<>();
        long slowest = 0;
        for (int i = 0; i < INPUTS; i++) {
            String input = mutate(seeds.get(random.nextInt(seeds.size())), random);
            long start = System.nanoTime();
            try {
                XtextResource resource = project.put(uri, input);
                List<Issue> issues = services.validate(resource, CancelIndicator.NullImpl);
                if (!resource.getErrors().isEmpty()) {
                    assertTrue(!issues.isEmpty(), "input " + i + " has syntax errors but no diagnostic");
                }
                for (Issue issue : issues) {
                    for (String internal : MessagesTest.INTERNALS) {
                        if (issue.getMessage().contains(internal) && internals.size() < 10) {
                            internals.add("input " + i + ": " + issue.getMessage());
                        }
                    }
                }
                if (i % 10 == 0) {
                    services.complete(resource, random.nextInt(input.length() + 1), CancelIndicator.NullImpl);
                    services.outline(resource);
                }
                if (i % 50 == 0 && resource.getErrors().isEmpty()) {
                    services.format(resource);
                }
            } catch (RuntimeException | StackOverflowError e) {
                throw new AssertionError("input " + i + " (seed " + SEED + ") broke the language: " + e + "\n" + input, e);
            }
            long took = System.nanoTime() - start;
            slowest = Math.max(slowest, took);
            if (took > LIMIT_NANOS) {
                slow.add("input " + i + " took " + took / 1_000_000 + " ms");
            }
        }
        System.out.println("fuzz: " + INPUTS + " inputs, slowest " + slowest / 1_000_000 + " ms");
        assertTrue(slow.isEmpty(), () -> "inputs over 1 s: " + slow);
        assertTrue(internals.isEmpty(), () -> "messages with grammar internals: " + internals);
    }

    /** One to four edits: delete, insert a token, duplicate, swap or truncate. */
    static String mutate(String text, Random random) {
        StringBuilder out = new StringBuilder(text);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(out.length() + 1);
            switch (random.nextInt(5)) {
                case 0 -> out.delete(at, Math.min(out.length(), at + 1 + random.nextInt(20)));
                case 1 -> out.insert(at, TOKENS[random.nextInt(TOKENS.length)]);
                case 2 -> {
                    int end = Math.min(out.length(), at + random.nextInt(60));
                    out.insert(at, out.substring(at, end));
                }
                case 3 -> {
                    if (out.length() > 2) {
                        int a = random.nextInt(out.length() - 1);
                        char c = out.charAt(a);
                        out.setCharAt(a, out.charAt(a + 1));
                        out.setCharAt(a + 1, c);
                    }
                }
                default -> out.setLength(at);
            }
        }
        return out.toString();
    }
}
