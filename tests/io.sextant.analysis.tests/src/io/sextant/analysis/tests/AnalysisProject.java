package io.sextant.analysis.tests;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;

import io.sextant.analysis.AnalysisRegistry;
import io.sextant.analysis.AnalysisRunner;
import io.sextant.analysis.DefinitionLookup;
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
import io.sextant.store.Identity;
import io.sextant.store.Repository;

/**
 * The project the analyses' tests share: tier S generated data in H2, a repository, and definitions over the
 * data. Made once per test run (generating and importing it takes seconds) and closed when the JVM ends; the
 * tests only add runs to it, each test reading back its own.
 */
final class AnalysisProject implements AutoCloseable {

    private static AnalysisProject shared;

    /** The shared project, made on first use in a temporary folder. */
    static synchronized AnalysisProject shared() throws Exception {
        if (shared == null) {
            Path folder = java.nio.file.Files.createTempDirectory("sextant-analyses");
            AnalysisProject project = new AnalysisProject(folder);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                project.close();
                try (var paths = java.nio.file.Files.walk(folder)) {
                    paths.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                } catch (java.io.IOException e) {
                    // a temporary folder left behind harms nothing
                }
            }));
            shared = project;
        }
        return shared;
    }

    static final LocalDate AS_OF = GeneratorSettings.DEFAULT_START.plusDays(GeneratorSettings.DEFAULT_DAYS - 1);

    static final String DEFINITIONS = """
            package sample.core

            segment Explorers { owner "t" where count "feature_viewed" within 7 days after signup >= 3 }
            segment Stuck { owner "t"
                where count "session_started" within 14 days after signup >= 3
                    and count "task_completed" within 14 days after signup < 2 }
            segment Web { owner "t" where user.device = "web" }
            segment WebExplorers { owner "t" version 2 where in segment Explorers and in segment Web }
            metric UpgradeConversion { owner "t" conversion did "plan_upgraded" within 14 days after signup }
            metric Revenue { owner "t" sum "purchase".amount within 30 days after signup unit "USD" }
            metric Sessions { owner "t" count "session_started" within 30 days after signup }
            metric RevenuePerSession { owner "t" ratio Revenue / Sessions }
            """;

    final GroundTruth truth;
    final EventDataSource source;
    final Repository repository;
    final List<Definition> definitions = new ArrayList<>();
    final AnalysisRunner runner;

    AnalysisProject(Path folder) throws Exception {
        truth = new SyntheticGenerator().generate(folder.resolve("data"), GeneratorSettings.of(Tier.S, 42),
                new NullProgressMonitor());
        source = EventDataSource.embeddedH2(folder.resolve("project")); // the reference queries below are written for H2
        DataImporter importer = new DataImporter(source);
        importer.importFile(truth.files().get("users.csv"), ImportMapping.users("user_id", "signup_time").build(),
                new NullProgressMonitor());
        importer.importFile(truth.files().get("events.csv"), ImportMapping.events("user_id", "event", "time").build(),
                new NullProgressMonitor());
        repository = Repository.open(Repository.locationIn(folder.resolve("project")), Identity.of("alice"));
        definitions.addAll(parse(DEFINITIONS));
        runner = new AnalysisRunner(AnalysisRegistry.read(), repository, Engine.on(source), "events",
                new CatalogService(source).read());
    }

    /** The definitions of a .seg text, references resolved; a text with errors is a broken test. */
    static List<Definition> parse(String text) throws java.io.IOException {
        XtextResourceSet resources = new SegStandaloneSetup().createInjectorAndDoEMFRegistration()
                .getInstance(XtextResourceSet.class);
        XtextResource resource = (XtextResource) resources.createResource(URI.createURI("test:/core.seg"));
        resource.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), null);
        if (!resource.getErrors().isEmpty()) {
            throw new IllegalStateException(resource.getErrors().toString());
        }
        EcoreUtil.resolveAll(resources);
        return ((SegFile) resource.getContents().get(0)).getDefinitions();
    }

    DefinitionLookup lookup() {
        return DefinitionLookup.of(definitions);
    }

    Definition definition(String name) {
        return definitions.stream().filter(d -> d.getName().equals(name)).findFirst().orElseThrow();
    }

    @Override
    public void close() {
        repository.close();
    }
}
