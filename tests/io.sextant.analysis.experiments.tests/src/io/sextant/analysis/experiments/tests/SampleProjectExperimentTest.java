package io.sextant.analysis.experiments.tests;

import static io.sextant.analysis.experiments.tests.ExperimentProject.column;
import static io.sextant.analysis.experiments.tests.ExperimentProject.summary;
import static io.sextant.analysis.experiments.tests.ExperimentProject.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;

import io.sextant.data.generator.GeneratorSettings;
import io.sextant.data.generator.GroundTruth;
import io.sextant.data.generator.GroundTruth.ExperimentTruth;
import io.sextant.data.generator.SyntheticGenerator;
import io.sextant.data.generator.Tier;
import io.sextant.dsl.SegDefinitions;
import io.sextant.dsl.seg.AnalysisUse;
import io.sextant.dsl.seg.BooleanLiteral;
import io.sextant.dsl.seg.Literal;
import io.sextant.dsl.seg.LiteralValue;
import io.sextant.dsl.seg.NumberLiteral;
import io.sextant.dsl.seg.Parameter;
import io.sextant.dsl.seg.Playbook;
import io.sextant.dsl.seg.ReferenceValue;
import io.sextant.dsl.seg.StringLiteral;
import io.sextant.model.AnalysisRun;
import io.sextant.model.RunStatus;
import io.sextant.model.TableResult;

/**
 * The sample project as the IDE creates it (tier S, seed 42, every event) with its own definitions
 * (bundles/io.sextant.project/samples): the Q3Growth playbook's experiment analysis runs on it as written.
 */
class SampleProjectExperimentTest {

    @Test
    void thePlaybooksExperimentAnalysisRunsOnTheSampleData() throws Exception {
        Path folder = Files.createTempDirectory("sextant-sample-experiment");
        GroundTruth truth = new SyntheticGenerator().generate(folder.resolve("data"), GeneratorSettings.of(Tier.S, 42),
                new NullProgressMonitor());
        Path samples = Figures.repositoryRoot().resolve("bundles/io.sextant.project/samples");
        Map<String, String> files = new LinkedHashMap<>();
        for (String name : List.of("core.seg", "growth.seg")) {
            files.put(name, Files.readString(samples.resolve(name), StandardCharsets.UTF_8));
        }
        LocalDate asOf = GeneratorSettings.DEFAULT_START.plusDays(GeneratorSettings.DEFAULT_DAYS - 1);
        ExperimentProject project = new ExperimentProject(folder, truth.files().get("users.csv"),
                truth.files().get("events.csv"), asOf, files);

        Playbook playbook = (Playbook) project.definitions.stream().filter(d -> d.getName().equals("Q3Growth"))
                .findFirst().orElseThrow();
        AnalysisUse use = playbook.getAnalyses().stream().filter(a -> a.getAnalysis().equals("experiment"))
                .findFirst().orElseThrow(() -> new AssertionError("the playbook has no experiment analysis"));
        AnalysisRun run = project.run(parameters(use));
        assertEquals(RunStatus.SUCCEEDED, run.getStatus(), run.getError());

        ExperimentTruth tour = truth.experiments().stream().filter(e -> e.name().equals("onboarding_tour")).findFirst()
                .orElseThrow();
        TableResult ratio = table(run, "Sample ratio");
        Map<String, Long> users = new TreeMap<>();
        for (int i = 0; i < 2; i++) {
            users.put(column(ratio, "variant").getTexts().get(i), column(ratio, "users").getNumbers().get(i).longValue());
        }
        assertEquals(tour.loggedUsers(), users);
        assertEquals(1.0, summary(run, "trustworthy"));
        assertEquals(List.of("UpgradeConversion: tour vs control", "Retention7: tour vs control",
                "CostToServe: tour vs control"), column(table(run, "Lifts"), "label").getTexts());
        // 2 % relative on a rate of about 0.2 with ~150 users a variant: far from the planned power, and said so
        double power = summary(run, "power reached, tour");
        assertTrue(power < 0.2, "power " + power);
        Figures.record(String.format("sample project (tier S): OnboardingTour %s, power reached %.3f", users, power));
    }

    /** A playbook's parameters as the runner takes them: literals as text, definitions by qualified name. */
    private static Map<String, String> parameters(AnalysisUse use) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (Parameter parameter : use.getParameters()) {
            String value = switch (parameter.getValue()) {
                case ReferenceValue reference -> SegDefinitions.qualifiedName(reference.getDefinition());
                case LiteralValue literal -> text(literal.getLiteral());
                default -> throw new AssertionError(parameter.getValue());
            };
            parameters.put(parameter.getName(), value);
        }
        return parameters;
    }

    private static String text(Literal literal) {
        return switch (literal) {
            case StringLiteral s -> s.getValue();
            case NumberLiteral n -> n.getValue().toPlainString();
            case BooleanLiteral b -> String.valueOf(b.isValue());
            default -> throw new AssertionError(literal);
        };
    }
}
