package io.sextant.dsl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.sextant.dsl.context.CatalogEvent;
import io.sextant.dsl.context.EventCatalog;
import io.sextant.dsl.context.ProjectContext;
import io.sextant.dsl.context.ProjectFacts;
import io.sextant.dsl.context.VersionHistory;
import io.sextant.dsl.ide.SegLanguageServices;
import io.sextant.dsl.ide.SegLanguageServices.OutlineEntry;
import io.sextant.dsl.ide.SegLanguageServices.Proposal;
import io.sextant.dsl.ide.SegProject;
import io.sextant.dsl.ide.highlighting.SegSemanticHighlightingCalculator;

/** The editor's view of the language: the facade over Xtext's generic IDE services, on a two-file project. */
class SegLanguageServicesTest {

    private static final URI CORE = URI.createURI("memory:/project/core.seg");
    private static final URI GROWTH = URI.createURI("memory:/project/growth.seg");

    private static SegLanguageServices services;
    private SegProject project;
    private XtextResource growth;

    @BeforeAll
    static void createServices() {
        services = SegLanguageServices.create(uri -> FixtureContext.current);
    }

    @BeforeEach
    void loadProject() {
        FixtureContext.current = ProjectContext.of(SegContextValidatorTest.CATALOG, VersionHistory.NONE, ProjectFacts.NONE);
        project = services.newProject();
        project.put(CORE, Examples.text("core.seg"));
        growth = project.put(GROWTH, Examples.text("growth.seg"));
    }

    @Test
    void validationSeesTheWholeProject() {
        FixtureContext.current = ProjectContext.EMPTY;
        assertEquals(List.of(), services.validate(growth, CancelIndicator.NullImpl));
        project.remove(CORE);
        assertTrue(services.validate(growth, CancelIndicator.NullImpl).stream()
                .anyMatch(i -> i.getMessage().contains("ActiveUsers")), "once core.seg is removed its segment is unresolved");
        XtextResource alone = project.put(GROWTH, Examples.text("growth.seg"));
        assertTrue(services.validate(alone, CancelIndicator.NullImpl).stream()
                .anyMatch(i -> i.getMessage().contains("ActiveUsers")), "without core.seg its segment is unresolved");
    }

    /**
     * Each services instance validates against its own project context, even when another injector of the
     * language (another instance, or a plain standalone setup) registered its validator first.
     */
    @Test
    void everyInstanceValidatesWithItsOwnContext() {
        new io.sextant.dsl.SegStandaloneSetup().createInjectorAndDoEMFRegistration();
        EventCatalog onlyHere = EventCatalog.of(Map.of("only_here", new CatalogEvent("only_here", Map.of())), Map.of());
        SegLanguageServices own = SegLanguageServices.create(uri -> ProjectContext.of(onlyHere, VersionHistory.NONE,
                ProjectFacts.NONE));
        SegProject files = own.newProject();
        XtextResource resource = files.put(URI.createURI("memory:/own/a.seg"),
                "segment A { owner \"o\" where did \"only_here\" and did \"not_there\" }");
        List<String> messages = own.validate(resource, CancelIndicator.NullImpl).stream().map(i -> i.getMessage()).toList();
        assertEquals(List.of("unknown event 'not_there' (not in the project's catalog)"), messages);
    }

    @Test
    void keywordsAtTheTopLevel() {
        String text = "package acme.x\n\n";
        XtextResource file = project.put(URI.createURI("memory:/project/new.seg"), text);
        Set<String> proposed = texts(services.complete(file, text.length(), CancelIndicator.NullImpl));
        assertTrue(proposed.containsAll(Set.of("segment", "metric", "hypothesis", "experiment", "playbook", "import")),
                () -> "top-level keywords, got " + proposed);
    }

    @Test
    void referencesAcrossFiles() {
        String text = "package acme.growth\nimport acme.core.*\nsegment S { owner \"o\" where in segment ";
        XtextResource file = project.put(URI.createURI("memory:/project/s.seg"), text);
        Set<String> proposed = texts(services.complete(file, text.length(), CancelIndicator.NullImpl));
        assertTrue(proposed.contains("ActiveUsers") && proposed.contains("NorthAmerica"),
                () -> "segments of core.seg through the import, got " + proposed);
    }

    @Test
    void catalogEventsAndProperties() {
        String text = "segment S { owner \"o\" where did ";
        XtextResource file = project.put(URI.createURI("memory:/project/e.seg"), text);
        List<Proposal> events = services.complete(file, text.length(), CancelIndicator.NullImpl);
        assertTrue(texts(events).containsAll(Set.of("\"signup\"", "\"feature_viewed\"", "\"purchase\"")),
                () -> "catalog events, got " + texts(events));
        Proposal purchase = events.stream().filter(p -> p.text().equals("\"purchase\"")).findFirst().orElseThrow();
        assertEquals("event, 3 properties", purchase.description());

        String property = "segment S { owner \"o\" where sum \"purchase\".";
        XtextResource file2 = project.put(URI.createURI("memory:/project/p.seg"), property);
        List<Proposal> properties = services.complete(file2, property.length(), CancelIndicator.NullImpl);
        assertTrue(texts(properties).containsAll(Set.of("amount", "currency", "email")),
                () -> "properties of purchase, got " + texts(properties));
        assertTrue(properties.stream().anyMatch(p -> p.description().equals("property of purchase: text (PII)")));

        String attribute = "segment S { owner \"o\" where user.";
        XtextResource file3 = project.put(URI.createURI("memory:/project/a.seg"), attribute);
        assertTrue(texts(services.complete(file3, attribute.length(), CancelIndicator.NullImpl))
                .containsAll(Set.of("country", "seats", "beta")));
    }

    @Test
    void propertiesOfAnyEventAndOfAnAnchorsEvent() {
        String any = "segment S { owner \"o\" where did any event [";
        XtextResource file = project.put(URI.createURI("memory:/project/any.seg"), any);
        List<Proposal> properties = services.complete(file, any.length(), CancelIndicator.NullImpl);
        assertTrue(texts(properties).containsAll(Set.of("amount", "surface", "variant")),
                () -> "the properties of every event, got " + texts(properties));

        String anchor = "segment S { owner \"o\" where did \"upgrade\" within 7 days after first \"feature_viewed\" [";
        XtextResource file2 = project.put(URI.createURI("memory:/project/anchor.seg"), anchor);
        List<Proposal> anchorProperties = services.complete(file2, anchor.length(), CancelIndicator.NullImpl);
        assertTrue(texts(anchorProperties).contains("surface"), () -> "feature_viewed's, got " + texts(anchorProperties));
        assertFalse(texts(anchorProperties).contains("amount"), () -> "only feature_viewed's, got " + texts(anchorProperties));

        String keywords = "segment S { owner \"o\" where count ";
        XtextResource file3 = project.put(URI.createURI("memory:/project/k.seg"), keywords);
        assertTrue(texts(services.complete(file3, keywords.length(), CancelIndicator.NullImpl)).contains("any"),
                "any (event) is proposed where an event is written");
        String window = "segment S { owner \"o\" where did \"upgrade\" within 7 days ";
        XtextResource file4 = project.put(URI.createURI("memory:/project/w.seg"), window);
        assertTrue(texts(services.complete(file4, window.length(), CancelIndicator.NullImpl))
                .containsAll(Set.of("after", "before")), "a window's direction is proposed");
    }

    @Test
    void goToDefinitionInAnotherFile() {
        String text = Examples.text("growth.seg");
        int offset = text.indexOf("in segment ActiveUsers") + "in segment ".length() + 2;
        SegLanguageServices.Location location = services.definitionAt(growth, offset).orElseThrow();
        assertEquals(CORE, location.uri());
        String core = Examples.text("core.seg");
        assertEquals("ActiveUsers", core.substring(location.offset(), location.offset() + location.length()));
    }

    @Test
    void hoverShowsWhatTheDefinitionIs() {
        String text = Examples.text("growth.seg");
        String hover = services.hover(growth, text.indexOf("segment PowerUsers") + "segment ".length() + 1).orElseThrow();
        assertTrue(hover.startsWith("segment acme.growth.PowerUsers (version 3, owner ana@acme.example)"), hover);
        assertTrue(hover.contains("Viewed 3+ features in their first week"), hover);
        assertTrue(hover.contains("The users the Q3 playbook invests in."), () -> "the doc comment: " + hover);
        // over a reference, the referenced definition is described
        String referenced = services.hover(growth, text.indexOf("ratio Revenue") + "ratio ".length() + 1).orElseThrow();
        assertTrue(referenced.startsWith("metric acme.core.Revenue"), referenced);
    }

    @Test
    void highlightingFoldingOutlineAndFormat() {
        String text = Examples.text("growth.seg");
        var styles = services.semanticHighlighting(growth, CancelIndicator.NullImpl);
        assertTrue(styles.stream().anyMatch(s -> s.style().equals(SegSemanticHighlightingCalculator.DEFINITION)
                && text.substring(s.offset(), s.offset() + s.length()).equals("PowerUsers")));
        assertTrue(styles.stream().anyMatch(s -> s.style().equals(SegSemanticHighlightingCalculator.EVENT)
                && text.substring(s.offset(), s.offset() + s.length()).equals("\"feature_viewed\"")));
        assertTrue(services.lexicalHighlighting(text).stream().anyMatch(s -> s.style().equals("keyword")));

        assertTrue(services.folding(growth, CancelIndicator.NullImpl).size() >= 10, "every multi-line definition folds");

        List<OutlineEntry> outline = services.outline(growth);
        assertEquals(10, outline.size());
        assertEquals("segment PowerUsers", outline.get(0).kind() + " " + outline.get(0).name());
        OutlineEntry experiment = outline.stream().filter(e -> e.kind().equals("experiment")).findFirst().orElseThrow();
        assertEquals(List.of("control", "tour"), experiment.children().stream().map(OutlineEntry::name).toList());

        String formatted = services.format(growth);
        XtextResource again = project.put(GROWTH, formatted);
        assertEquals(formatted, services.format(again));
        assertFalse(formatted.isBlank());
    }

    private static Set<String> texts(List<Proposal> proposals) {
        return proposals.stream().map(Proposal::text).collect(Collectors.toSet());
    }
}
