package io.sextant.ui.editor.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.emf.common.util.URI;
import org.eclipse.swt.SWT;
import org.eclipse.xtext.util.CancelIndicator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.sextant.dsl.ide.SegProject;
import io.sextant.tests.support.Conditions;
import io.sextant.tests.support.Input;
import io.sextant.tests.support.UiThread;
import io.sextant.tests.support.Workbenches;
import io.sextant.ui.editor.internal.editor.SegEditor;
import io.sextant.ui.editor.internal.editor.SegReconciler;
import io.sextant.ui.editor.internal.model.LanguageWork;
import io.sextant.ui.editor.internal.model.SegLanguage;

/**
 * Not a test: the editor on a seeded file of 1,000 definitions. Each keystroke (a real key event) toggles an
 * unknown event, and the time until the editor shows the changed annotations is measured; the language work
 * done on the UI thread is measured by the editor's own instrumentation. The baseline is parsing and
 * validating the same text without the editor, in the same run. Run with releng/benchmark.sh; the figures go
 * to target/benchmarks/editor.txt of this module.
 */
@Tag("benchmark")
class EditorBenchmark {

    private static final int DEFINITIONS = 1_000;
    private static final int KEYSTROKES = 40;

    @Test
    void thousandDefinitions() throws Exception {
        Workbenches.awaitWindow();
        Workbenches.closeOtherShells();
        IProject project = EditorFixture.project(EditorFixture.uniqueName("benchmark"));
        String text = generate(new Random(42));
        IFile file = EditorFixture.write(project, "big.seg", text);
        // the builder validates the new file and the repository records its 1,000 drafts: not what is measured
        awaitIdle();

        LanguageWork.reset();
        long openStart = System.nanoTime();
        SegEditor editor = EditorFixture.open(file);
        double openMillis = (System.nanoTime() - openStart) / 1e6;
        LanguageWork.Longest openUi = LanguageWork.languageOnUiThread();
        LanguageWork.Longest openApply = LanguageWork.applyOnUiThread();

        SegReconciler reconciler = editor.reconciler();
        List<Long> appliedAt = new java.util.concurrent.CopyOnWriteArrayList<>();
        reconciler.addAppliedListener(result -> appliedAt.add(System.nanoTime()));
        // when the problems of each text (by stamp) went on screen
        java.util.Map<Long, Long> problemsAt = new java.util.concurrent.ConcurrentHashMap<>();
        reconciler.addProblemsListener(stamp -> problemsAt.putIfAbsent(stamp, System.nanoTime()));
        int caret = text.indexOf("did \"upgrade\"", text.length() / 2) + "did \"upgrade".length();
        EditorFixture.focus(editor);
        UiThread.run(() -> editor.selectAndReveal(caret, 0));
        awaitIdle();
        LanguageWork.reset();
        double loadBefore = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        double[] latencies = new double[KEYSTROKES];
        double[] everything = new double[KEYSTROKES];
        for (int i = 0; i < KEYSTROKES; i++) {
            boolean typing = i % 2 == 0;
            int before = appliedAt.size();
            long start = System.nanoTime();
            Input.key(0, typing ? 'x' : SWT.BS);
            Conditions.waitUntil("keystroke " + i + " to be validated and shown", () -> {
                var applied = reconciler.applied();
                return appliedAt.size() > before && applied != null && applied.stamp() == reconciler.latest().stamp();
            }, Duration.ofSeconds(30));
            everything[i] = (appliedAt.get(appliedAt.size() - 1) - start) / 1e6;
            latencies[i] = (problemsAt.getOrDefault(reconciler.latest().stamp(), appliedAt.get(appliedAt.size() - 1)) - start) / 1e6;
            boolean marked = EditorFixture.problems(editor).contains("unknown event 'upgradex': did you mean 'upgrade'?");
            assertTrue(marked == typing, "keystroke " + i + " should " + (typing ? "" : "not ") + "show the unknown event");
            Conditions.sleep(Duration.ofMillis(150));
        }
        LanguageWork.Longest typingUi = LanguageWork.languageOnUiThread();
        LanguageWork.Longest typingApply = LanguageWork.applyOnUiThread();
        LanguageWork.Longest typingElsewhere = LanguageWork.languageElsewhere();
        String profile = LanguageWork.profile();
        double loadAfter = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();

        // baseline: the same text parsed and validated without the editor, in this process
        SegProject alone = SegLanguage.services().newProject();
        URI uri = URI.createURI("memory:/baseline/big.seg");
        double[] plain = new double[15];
        for (int i = 0; i < 20; i++) {
            long start = System.nanoTime();
            SegLanguage.services().validate(alone.put(uri, text), CancelIndicator.NullImpl);
            if (i >= 5) {
                plain[i - 5] = (System.nanoTime() - start) / 1e6;
            }
        }
        Arrays.sort(plain);
        double baseline = plain[plain.length / 2];
        Arrays.sort(latencies);
        Arrays.sort(everything);
        double median = latencies[KEYSTROKES / 2];
        double p90 = latencies[(int) (KEYSTROKES * 0.9)];
        double max = latencies[KEYSTROKES - 1];
        UiThread.run(() -> Workbenches.activePage().closeAllEditors(false));
        project.delete(true, true, null);

        String report = String.format(Locale.ROOT, """
                .seg editor benchmark (%s, Java %s, %d cores, load average %.1f before typing and %.1f after)
                file: %,d definitions, %,d characters; %d keystrokes (real key events), each adding or removing an unknown event
                baseline  parse + validate the file without the editor       %8.1f ms   1.0x
                keystroke to updated annotations, median (goal 300 ms)      %8.1f ms  %5.1fx  %s
                keystroke to updated annotations, 90th percentile           %8.1f ms  %5.1fx
                keystroke to updated annotations, slowest                   %8.1f ms  %5.1fx
                keystroke to colours, outline and folds as well, median / 90th percentile  %8.1f ms / %8.1f ms
                (the editor waits %d ms after the last keystroke before validating)
                longest language work on the UI thread while typing (goal 50 ms) %6.2f ms  (%s)  %s
                longest application of results on the UI thread while typing     %6.2f ms  (%s)
                longest language work in the background while typing           %6.1f ms  (%s)
                opening the file until its validation shows                      %6.1f ms
                longest language work on the UI thread while opening             %6.2f ms  (%s)
                longest application of results on the UI thread while opening    %6.2f ms  (%s)
                where the time went while typing (every step the editor times):
                %s""", java.time.LocalDate.now(), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter, DEFINITIONS, text.length(), KEYSTROKES, baseline,
                median, median / baseline, median <= 300 ? "within" : "OVER", p90, p90 / baseline, max, max / baseline, everything[KEYSTROKES / 2], everything[(int) (KEYSTROKES * 0.9)],
                SegReconciler.DELAY_MILLIS, typingUi.millis(), typingUi.what(), typingUi.millis() <= 50 ? "within" : "OVER",
                typingApply.millis(), typingApply.what(), typingElsewhere.millis(), typingElsewhere.what(), openMillis,
                openUi.millis(), openUi.what(), openApply.millis(), openApply.what(), profile);
        Path out = Path.of("target", "benchmarks", "editor.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.println(report);
        System.out.println("written to " + out.toAbsolutePath());
    }

    private static void awaitIdle() {
        Conditions.waitUntil("the workspace's jobs to finish", () -> org.eclipse.core.runtime.jobs.Job.getJobManager().isIdle(),
                Duration.ofSeconds(300));
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
