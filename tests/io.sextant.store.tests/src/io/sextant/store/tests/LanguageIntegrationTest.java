package io.sextant.store.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.parser.IParser;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.util.Modules;

import io.sextant.dsl.SegRuntimeModule;
import io.sextant.dsl.SegStandaloneSetup;
import io.sextant.dsl.context.ProjectContext;
import io.sextant.dsl.context.ProjectContextProvider;
import io.sextant.dsl.context.ProjectFacts;
import io.sextant.model.DefinitionKind;
import io.sextant.model.DefinitionVersion;
import io.sextant.store.Identity;
import io.sextant.store.Repository;
import io.sextant.store.SegFileRecorder;

/** The repository as the language sees it: saved files become drafts, published versions are checked. */
class LanguageIntegrationTest {

    private static final String FILE = """
            package acme

            segment Active {
                owner "ana"
                where did "login"
            }

            metric Logins {
                version 2
                owner "ana"
                count "login" within 30 days after signup
            }
            """;

    @TempDir
    Path folder;

    /** The context of the test that runs now (EMF registers the language's validator once, globally). */
    private static volatile ProjectContext context = ProjectContext.EMPTY;

    private static final Injector injector = new SegStandaloneSetup() {
        @Override
        public Injector createInjector() {
            return Guice.createInjector(Modules.override(new SegRuntimeModule())
                    .with(binder -> binder.bind(ProjectContextProvider.class).toInstance(uri -> context)));
        }
    }.createInjectorAndDoEMFRegistration();

    private Repository repository;

    @BeforeEach
    void open() {
        repository = Repository.open(Repository.locationIn(folder), Identity.of("alice"));
        context = ProjectContext.of(null, repository.versionHistory(), ProjectFacts.NONE);
    }

    @AfterEach
    void close() {
        context = ProjectContext.EMPTY;
        assertEquals(List.of(), repository.checkIntegrity());
        repository.close();
    }

    private XtextResource parse(String text) throws IOException {
        XtextResourceSet resources = injector.getInstance(XtextResourceSet.class);
        XtextResource resource = (XtextResource) resources.createResource(URI.createFileURI(folder.resolve("core.seg").toString()));
        resource.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), null);
        return resource;
    }

    private List<String> errors(XtextResource resource) {
        return injector.getInstance(IResourceValidator.class).validate(resource, CheckMode.ALL, CancelIndicator.NullImpl)
                .stream().filter(issue -> issue.getSeverity() == org.eclipse.xtext.diagnostics.Severity.ERROR)
                .map(Issue::getMessage).toList();
    }

    @Test
    void savingAFileRecordsADraftPerChangedDefinition() throws IOException {
        SegFileRecorder recorder = new SegFileRecorder(repository);

        SegFileRecorder.Summary first = recorder.record(parse(FILE));
        SegFileRecorder.Summary again = recorder.record(parse(FILE));
        SegFileRecorder.Summary edited = recorder.record(parse(FILE.replace("did \"login\"", "did \"purchase\"")));

        assertEquals(List.of("acme.Active v1", "acme.Logins v2"), first.recorded().stream().map(this::label).toList());
        assertEquals(DefinitionKind.METRIC, repository.definitions().latest("acme.Logins").orElseThrow().getDefinition().getKind());
        assertEquals(0, again.recorded().size());
        assertEquals(2, again.unchanged());
        assertEquals(List.of("acme.Active v1"), edited.recorded().stream().map(this::label).toList());
        assertEquals(2, edited.recorded().get(0).getRevision());
        assertEquals(1, edited.unchanged());
        assertTrue(repository.definitions().version("acme.Active", 1).orElseThrow().getSourceText()
                .startsWith("segment Active {"));
    }

    @Test
    void aSaveBasedOnAnOutdatedVersionIsRefusedOnceThenRecordedWhenSavedAgain() throws IOException {
        SegFileRecorder recorder = new SegFileRecorder(repository);
        java.util.Map<String, io.sextant.store.EditBase> mine = new java.util.HashMap<>();
        java.util.Map<String, io.sextant.store.EditBase> theirs = new java.util.HashMap<>();
        recorder.record(parse(FILE), mine);
        recorder.record(parse(FILE.replace("did \"login\"", "did \"purchase\"")), theirs);

        SegFileRecorder.Summary refused = recorder.record(parse(FILE.replace("did \"login\"", "did \"upgrade\"")), mine);

        assertEquals(1, refused.refused().size());
        assertTrue(refused.refused().get(0).message().startsWith("acme.Active was changed while you edited it"),
                refused.refused().get(0).message());
        assertTrue(repository.definitions().version("acme.Active", 1).orElseThrow().getSourceText().contains("purchase"));
        // told once; saving again (after merging) records it
        SegFileRecorder.Summary again = recorder.record(parse(FILE.replace("did \"login\"", "did \"upgrade\"")), mine);
        assertEquals(List.of(), again.refused());
        assertTrue(repository.definitions().version("acme.Active", 1).orElseThrow().getSourceText().contains("upgrade"));
    }

    @Test
    void aFileWithSyntaxErrorsRecordsNothing() throws IOException {
        SegFileRecorder.Summary summary = new SegFileRecorder(repository).record(parse(FILE.replace("where did", "where did did")));

        assertEquals(0, summary.recorded().size());
        assertEquals(List.of(new SegFileRecorder.Refusal(null, 0,
                "core.seg has syntax errors: its definitions are recorded when they are fixed")), summary.refused());
        assertEquals(List.of(), repository.definitions().names());
    }

    @Test
    void editingAPublishedVersionIsAnErrorInTheEditorAndRefusedOnSave() throws IOException {
        SegFileRecorder recorder = new SegFileRecorder(repository);
        recorder.record(parse(FILE));
        repository.definitions().submitForReview("acme.Active", 1, null);
        repository.as(Identity.of("bob")).definitions().approveAndPublish("acme.Active", 1, null);
        assertEquals(List.of(), errors(parse(FILE)));

        String edit = FILE.replace("did \"login\"", "did \"purchase\"");
        assertEquals(List.of("version 1 of acme.Active is published and cannot change: set version 2 to record this"
                + " edit as a new draft"), errors(parse(edit)));
        SegFileRecorder.Summary refused = recorder.record(parse(edit));
        assertEquals(List.of(new SegFileRecorder.Refusal("acme.Active", 3, "version 1 of acme.Active is published and"
                + " cannot change: set version 2 to record this edit as a new draft")), refused.refused());

        String bumped = edit.replace("owner \"ana\"\n    where did", "version 2\n    owner \"ana\"\n    where did");
        assertEquals(List.of(), errors(parse(bumped)));
        assertEquals(List.of("acme.Active v2"), recorder.record(parse(bumped)).recorded().stream().map(this::label).toList());
    }

    @Test
    void revertRewritesTheVersionClauseWithTheLanguagesParser() throws IOException {
        SegFileRecorder recorder = new SegFileRecorder(repository);
        recorder.record(parse(FILE));
        recorder.record(parse(FILE.replace("version 2", "version 3").replace("\"login\" within", "\"purchase\" within")));
        IParser parser = injector.getInstance(IParser.class);

        DefinitionVersion metric = repository.definitions().revert("acme.Logins", 2, SegFileRecorder.renumbering(parser), null);
        DefinitionVersion segment = repository.definitions().revert("acme.Active", 1, SegFileRecorder.renumbering(parser), null);

        assertEquals(4, metric.getNumber());
        assertEquals("""
                metric Logins {
                    version 4
                    owner "ana"
                    count "login" within 30 days after signup
                }""", metric.getSourceText());
        assertEquals(2, segment.getNumber());
        assertEquals("""
                segment Active {
                    version 2
                    owner "ana"
                    where did "login"
                }""", segment.getSourceText());
    }

    private String label(DefinitionVersion version) {
        return version.getDefinition().getQualifiedName() + " v" + version.getNumber();
    }
}
