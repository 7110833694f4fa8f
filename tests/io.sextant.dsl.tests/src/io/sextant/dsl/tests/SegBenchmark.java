package io.sextant.dsl.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;

import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.sextant.dsl.context.ProjectContext;
import io.sextant.dsl.context.ProjectFacts;
import io.sextant.dsl.context.VersionHistory;
import io.sextant.dsl.ide.SegLanguageServices;
import io.sextant.dsl.ide.SegProject;

/**
 * Not a test: the language's speed on a seeded file of 1,000 definitions, against lexing the same text as
 * the baseline measured in the same run. Run with releng/benchmark.sh; the figures go to
 * target/benchmarks/dsl.txt of this module.
 */
@Tag("benchmark")
class SegBenchmark {

    private static final int DEFINITIONS = 1_000;
    private static final int WARMUP = 15;
    private static final int RUNS = 25;

    @Test
    void thousandDefinitions() throws IOException {
        FixtureContext.current = ProjectContext.of(SegContextValidatorTest.CATALOG, VersionHistory.NONE,
                ProjectFacts.NONE);
        try {
            run();
        } finally {
            FixtureContext.current = ProjectContext.EMPTY;
        }
    }

    private void run() throws IOException {
        SegLanguageServices services = SegLanguageServices.create(uri -> FixtureContext.current);
        String text = generate(new Random(42));
        SegProject project = services.newProject();
        URI uri = URI.createURI("memory:/bench/big.seg");
        XtextResource first = project.put(uri, text);
        int issues = services.validate(first, CancelIndicator.NullImpl).size();

        double lex = median(() -> services.lexicalHighlighting(text).size());
        double parse = median(() -> project.put(uri, text).getContents().size());
        double parseValidate = median(() -> services.validate(project.put(uri, text), CancelIndicator.NullImpl).size());
        XtextResource resource = project.put(uri, text);
        int assistOffset = text.indexOf("where did ", text.length() / 2) + "where did ".length();
        double assist = median(() -> services.complete(resource, assistOffset, CancelIndicator.NullImpl).size());
        int editOffset = text.indexOf(">= 3", text.length() / 2) + 3;
        String edited = text.substring(0, editOffset) + "4" + text.substring(editOffset + 1);
        double edit = median(() -> services.validate(project.put(uri, edited), CancelIndicator.NullImpl).size());
        double format = median(() -> services.format(project.put(uri, text)).length());

        String report = String.format(Locale.ROOT, """
                .seg language benchmark (%s, Java %s, %d cores)
                file: %,d definitions, %,d characters, %d issues; median of %d runs after %d warm-up runs
                baseline  lex the file                    %8.1f ms   1.0x
                parse the file                            %8.1f ms  %5.1fx
                parse + validate the file (budget 100 ms) %8.1f ms  %5.1fx  %s
                content assist at an event (budget 30 ms) %8.1f ms  %5.1fx  %s
                one-character edit + revalidate           %8.1f ms  %5.1fx
                format the file                           %8.1f ms  %5.1fx
                """, java.time.LocalDate.now(), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), DEFINITIONS, text.length(), issues, RUNS, WARMUP, lex,
                parse, parse / lex, parseValidate, parseValidate / lex, parseValidate <= 100 ? "within" : "OVER",
                assist, assist / lex, assist <= 30 ? "within" : "OVER", edit, edit / lex, format, format / lex);
        Path out = Path.of("target", "benchmarks", "dsl.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.println(report);
        System.out.println("written to " + out.toAbsolutePath());
    }

    private static double median(Supplier<Object> work) {
        for (int i = 0; i < WARMUP; i++) {
            work.get();
        }
        double[] millis = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            work.get();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        return millis[RUNS / 2];
    }

    /** 1,000 definitions over the fixture catalog: segments, metrics, hypotheses and experiments that refer to each other. */
    static String generate(Random random) {
        String[] events = { "signup", "feature_viewed", "purchase", "upgrade", "experiment_assigned" };
        List<String> segments = new ArrayList<>();
        List<String> metrics = new ArrayList<>();
        StringBuilder text = new StringBuilder("package bench\n\n");
        for (int i = 0; i < DEFINITIONS; i++) {
            int kind = i < 600 ? 0 : i < 900 ? 1 : i < 950 ? 2 : 3;
            switch (kind) {
                case 0 -> {
                    String name = "Segment" + i;
                    String event = events[random.nextInt(events.length)];
                    text.append("/** Segment number ").append(i).append(". */\n");
                    text.append("segment ").append(name).append(" {\n    version ").append(1 + random.nextInt(5))
                            .append("\n    owner \"analyst").append(i % 7).append("@acme.example\"\n")
                            .append("    where count \"").append(event).append("\" within ").append(1 + random.nextInt(30))
                            .append(" days after signup >= 3\n        and user.country in (\"US\", \"CA\")\n")
                            .append("        and not did \"upgrade\" within 14 days\n")
                            .append("        and \"signup\" then \"feature_viewed\" [surface = \"editor\"] within 7 days\n")
                            .append("        and sum \"purchase\".amount within 30 days > ").append(random.nextInt(500));
                    if (!segments.isEmpty() && random.nextBoolean()) {
                        text.append("\n        and in segment ").append(segments.get(random.nextInt(segments.size())));
                    }
                    text.append("\n}\n\n");
                    segments.add(name);
                }
                case 1 -> {
                    String name = "Metric" + i;
                    text.append("metric ").append(name).append(" {\n    owner \"finance@acme.example\"\n    ")
                            .append(random.nextBoolean() ? "sum \"purchase\".amount within 30 days after signup"
                                    : "conversion did \"upgrade\" within 14 days after signup")
                            .append("\n}\n\n");
                    metrics.add(name);
                }
                case 2 -> text.append("hypothesis Hypothesis").append(i).append(" {\n    owner \"o\"\n    segment ")
                        .append(segments.get(random.nextInt(segments.size()))).append("\n    success ")
                        .append(metrics.get(random.nextInt(metrics.size()))).append(" increases by 2 %\n}\n\n");
                default -> text.append("experiment Experiment").append(i).append(" {\n    owner \"o\"\n    population ")
                        .append(segments.get(random.nextInt(segments.size())))
                        .append("\n    variants { control 50 %, treatment 50 % }\n    assignment \"experiment_assigned\".variant\n    primary ")
                        .append(metrics.get(random.nextInt(metrics.size()))).append("\n    alpha 0.05\n}\n\n");
            }
        }
        return text.toString();
    }
}
