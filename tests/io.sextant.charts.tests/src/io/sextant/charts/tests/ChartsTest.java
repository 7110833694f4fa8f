package io.sextant.charts.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.imageio.ImageIO;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sextant.analysis.AnalysisRegistry;
import io.sextant.analysis.AnalysisRequest;
import io.sextant.analysis.AnalysisRunner;
import io.sextant.analysis.DefinitionLookup;
import io.sextant.analysis.Results;
import io.sextant.charts.ChartKind;
import io.sextant.charts.Charts;
import io.sextant.charts.Effect;
import io.sextant.data.EventDataSource;
import io.sextant.data.catalog.CatalogService;
import io.sextant.data.generator.GeneratorSettings;
import io.sextant.data.generator.GroundTruth;
import io.sextant.data.generator.SyntheticGenerator;
import io.sextant.data.generator.Tier;
import io.sextant.data.imports.DataImporter;
import io.sextant.data.imports.ImportMapping;
import io.sextant.dsl.SegStandaloneSetup;
import io.sextant.dsl.seg.Definition;
import io.sextant.dsl.seg.SegFile;
import io.sextant.engine.Engine;
import io.sextant.model.AnalysisRun;
import io.sextant.model.MatrixResult;
import io.sextant.model.Result;
import io.sextant.model.RunStatus;
import io.sextant.model.SeriesResult;
import io.sextant.model.TableResult;
import io.sextant.store.Identity;
import io.sextant.store.Repository;

/**
 * Charts of real results: cohort retention, a funnel and behaviour → outcome run on generated tier S data, and
 * their stored results are drawn; then bad input (no rows, NaN, nothing drawable).
 */
class ChartsTest {

    private static final String DEFINITIONS = """
            package charts.test
            metric UpgradeConversion { owner "t" conversion did "plan_upgraded" within 14 days after signup }
            """;

    @TempDir
    static Path folder;

    private static Repository repository;
    private static List<Result> cohorts;
    private static List<Result> funnel;
    private static List<Result> behaviour;

    @BeforeAll
    static void runAnalysesOnGeneratedData() throws Exception {
        GroundTruth truth = new SyntheticGenerator().generate(folder.resolve("data"), GeneratorSettings.of(Tier.S, 7),
                new NullProgressMonitor());
        EventDataSource source = EventDataSource.embedded(folder.resolve("project"));
        DataImporter importer = new DataImporter(source);
        importer.importFile(truth.files().get("users.csv"), ImportMapping.users("user_id", "signup_time").build(),
                new NullProgressMonitor());
        importer.importFile(truth.files().get("events.csv"), ImportMapping.events("user_id", "event", "time").build(),
                new NullProgressMonitor());
        repository = Repository.open(Repository.locationIn(folder.resolve("project")), Identity.of("charts"));
        AnalysisRunner runner = new AnalysisRunner(AnalysisRegistry.read(), repository, Engine.on(source), "events",
                new CatalogService(source).read());
        DefinitionLookup lookup = DefinitionLookup.of(definitions());
        LocalDate asOf = GeneratorSettings.DEFAULT_START.plusDays(GeneratorSettings.DEFAULT_DAYS - 1);
        cohorts = results(runner.run(new AnalysisRequest("cohort-retention", Map.of("period", "week"), asOf, lookup),
                new NullProgressMonitor()));
        funnel = results(runner.run(new AnalysisRequest("funnel", Map.of("steps",
                "signed_up, feature_viewed, plan_upgraded"), asOf, lookup), new NullProgressMonitor()));
        behaviour = results(runner.run(new AnalysisRequest("behaviour-outcome", Map.of("outcome", "UpgradeConversion"),
                asOf, lookup), new NullProgressMonitor()));
    }

    @AfterAll
    static void close() {
        if (repository != null) {
            repository.close();
        }
    }

    private static List<Definition> definitions() throws IOException {
        XtextResourceSet resources = new SegStandaloneSetup().createInjectorAndDoEMFRegistration()
                .getInstance(XtextResourceSet.class);
        XtextResource resource = (XtextResource) resources.createResource(URI.createURI("test:/charts.seg"));
        resource.load(new ByteArrayInputStream(DEFINITIONS.getBytes(StandardCharsets.UTF_8)), null);
        EcoreUtil.resolveAll(resources);
        return new ArrayList<>(((SegFile) resource.getContents().get(0)).getDefinitions());
    }

    /** The run's results as the repository stores them. */
    private static List<Result> results(AnalysisRun run) {
        assertEquals(RunStatus.SUCCEEDED, run.getStatus(), run.getError());
        return List.copyOf(repository.runs().run(run.getId()).orElseThrow().getResults());
    }

    @Test
    void cohortRetentionIsAHeatmapAndACurve() throws IOException {
        MatrixResult matrix = (MatrixResult) cohorts.get(0);
        SeriesResult curve = (SeriesResult) cohorts.get(2);
        assertEquals(Optional.of(ChartKind.HEATMAP), Charts.kindOf(matrix));
        assertEquals(Optional.of(ChartKind.LINE), Charts.kindOf(curve));
        assertEquals(Optional.of(ChartKind.BARS), Charts.kindOf(cohorts.get(1)), "cohort sizes: plain bars");
        BufferedImage heatmap = image(Charts.png(matrix, 640, 360), 640, 360, "heatmap");
        assertTrue(colours(heatmap) > 8, "the heatmap's cells are shaded in many colours");
        image(Charts.png(curve, 500, 300), 500, 300, "retention-curve");
        image(Charts.png(cohorts.get(1), 500, 300), 500, 300, "cohort-sizes");
    }

    @Test
    void funnelIsBars() throws IOException {
        TableResult table = (TableResult) funnel.get(0);
        assertEquals(Optional.of(ChartKind.FUNNEL), Charts.kindOf(table));
        BufferedImage image = image(Charts.png(table, 600, 260), 600, 260, "funnel");
        assertTrue(colours(image) > 3, "the funnel has bars and text");
    }

    @Test
    void behaviourOutcomeIsRankedBarsWithWhiskers() throws IOException {
        TableResult table = (TableResult) behaviour.get(0);
        assertEquals(Optional.of(ChartKind.RANKED_BARS), Charts.kindOf(table));
        image(Charts.png(table, 700, 420), 700, 420, "behaviour-outcome");
    }

    @Test
    void forestPlotTakesPlainEffects() throws IOException {
        List<Effect> effects = List.of(new Effect("variant B vs A: conversion", 0.021, 0.004, 0.038),
                new Effect("variant C vs A: conversion", -0.012, -0.03, 0.006),
                new Effect("variant B vs A: revenue", 0.05, Double.NaN, 0.09));
        image(Charts.forestPng("Experiment lifts", "share", effects, 600, 240), 600, 240, "forest");
    }

    @Test
    void aTableOfEffectsIsAForestPlot() throws IOException {
        // the experiment analysis' lifts: label, estimate, lower, upper first, then more columns
        TableResult lifts = Results.table("Lifts", "").text("label", List.of("tour vs control: UpgradeConversion",
                "tour vs control: Retention7")).number("estimate", "%", List.of(40.6, -1.8))
                .number("lower", "%", List.of(15.8, -9.7)).number("upper", "%", List.of(66.0, 6.2))
                .number("p-value", null, List.of(0.001, 0.65)).build();
        assertEquals(Optional.of(ChartKind.FOREST), Charts.kindOf(lifts));
        BufferedImage image = image(Charts.png(lifts, 600, 240), 600, 240, "forest-from-table");
        assertTrue(colours(image) > 3, "the forest plot has points, whiskers and text");
        // the same numbers without the exact column names are ranked bars, not effects
        TableResult other = Results.table("Other", "").text("label", List.of("a")).number("value", "%", List.of(1.0))
                .number("value lower", "%", List.of(0.5)).number("value upper", "%", List.of(1.5)).build();
        assertEquals(Optional.of(ChartKind.RANKED_BARS), Charts.kindOf(other));
    }

    @Test
    void badInputGivesAnImageThatExplains() throws IOException {
        TableResult empty = Results.table("Nothing", "").text("step", List.of()).number("users", "users", List.of())
                .build();
        BufferedImage noRows = image(Charts.png(empty, 300, 200), 300, 200, "empty");
        assertTrue(colours(noRows) > 1, "the explanation is written on the image");

        List<Double> nan = new ArrayList<>();
        nan.add(Double.NaN);
        nan.add(null);
        MatrixResult allNaN = Results.matrix("Broken", "", "share", List.of("a", "b"), List.of("0"), nan);
        image(Charts.png(allNaN, 300, 200), 300, 200, "nan-matrix");
        SeriesResult nanSeries = Results.series("NaN curve", "", "week", "share", List.of(0.0, 1.0),
                List.of(Double.NaN, Double.NaN), null, null);
        image(Charts.png(nanSeries, 300, 200), 300, 200, "nan-series");
        TableResult someNaN = Results.table("Some NaN", "").text("behaviour", List.of("x", "y"))
                .number("difference", "share", List.of(0.1, Double.NaN)).number("lower", "share", nan)
                .number("upper", "share", List.of(0.2, 0.3)).build();
        image(Charts.png(someNaN, 300, 200), 300, 200, "some-nan");
        image(Charts.forestPng("No effects", null, List.of(new Effect("x", Double.NaN, 0, 1)), 300, 200), 300, 200,
                "no-effects");
        TableResult textOnly = Results.table("Words", "").text("word", List.of("a")).build();
        assertEquals(Optional.empty(), Charts.kindOf(textOnly));
        image(Charts.png(textOnly, 300, 200), 300, 200, "no-chart");

        IllegalArgumentException tiny = assertThrows(IllegalArgumentException.class,
                () -> Charts.png(textOnly, 10, 10));
        assertTrue(tiny.getMessage().contains("10 × 10"), tiny.getMessage());
    }

    /** Decodes the PNG, checks its size, keeps a copy in target/charts for a person to look at. */
    private static BufferedImage image(byte[] png, int width, int height, String name) throws IOException {
        assertTrue(png.length > 100, name + ": a PNG of " + png.length + " bytes");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(width, image.getWidth(), name + ": width");
        assertEquals(height, image.getHeight(), name + ": height");
        Path out = Path.of("target", "charts");
        Files.createDirectories(out);
        Files.write(out.resolve(name + ".png"), png);
        return image;
    }

    private static int colours(BufferedImage image) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                seen.add(image.getRGB(x, y));
            }
        }
        return seen.size();
    }
}
