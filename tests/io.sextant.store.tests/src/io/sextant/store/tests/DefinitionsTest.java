package io.sextant.store.tests;

import static io.sextant.store.tests.Texts.draft;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sextant.dsl.context.DefinitionText;
import io.sextant.model.Definition;
import io.sextant.model.DefinitionKind;
import io.sextant.model.DefinitionVersion;
import io.sextant.model.VersionStatus;
import io.sextant.store.Definitions;
import io.sextant.store.DraftRequest;
import io.sextant.store.Identity;
import io.sextant.store.NotFoundException;
import io.sextant.store.Repository;
import io.sextant.store.RuleViolationException;
import io.sextant.store.StoreException;
import io.sextant.store.VersionRenumbering;

/** Recording drafts, history, diff and revert. */
class DefinitionsTest {

    @TempDir
    Path folder;

    private Repository repository;
    private Definitions definitions;

    @BeforeEach
    void open() {
        repository = Repository.open(Repository.locationIn(folder), Identity.of("alice"));
        definitions = repository.definitions();
    }

    @AfterEach
    void close() {
        assertEquals(List.of(), repository.checkIntegrity());
        repository.close();
    }

    @Test
    void aFirstSaveRecordsVersionOneAsADraftWithItsAuthorAndHash() {
        DefinitionVersion version = definitions.recordDraft(draft("acme.Active", 1, "login"));

        assertEquals(1, version.getNumber());
        assertEquals(1, version.getRevision());
        assertEquals(VersionStatus.DRAFT, version.getStatus());
        assertEquals("alice", version.getAuthor());
        assertEquals(DefinitionText.contentHash(Texts.segment("Active", 1, "login")), version.getContentHash());
        assertNotNull(version.getCreatedAt());
        assertEquals("acme.Active", version.getDefinition().getQualifiedName());
        assertEquals(DefinitionKind.SEGMENT, version.getDefinition().getKind());
        assertEquals(List.of("acme.Active"), definitions.names());
        assertTrue(repository.file().toString().endsWith("repository.mv.db"));
    }

    @Test
    void unchangedTextMakesNoNewVersionAndNoAuditEntry() {
        definitions.recordDraft(draft("acme.Active", 1, "login"));
        DraftRequest sameText = draft("acme.Active", 1, "login");
        DraftRequest sameButWindowsLineEndings = new DraftRequest("acme.Active", DefinitionKind.SEGMENT, 1,
                sameText.sourceText().replace("\n", "\r\n") + "  \n");

        DefinitionVersion again = definitions.recordDraft(sameText);
        definitions.recordDraft(sameButWindowsLineEndings);

        assertEquals(1, again.getRevision());
        assertEquals(1, definitions.history("acme.Active").orElseThrow().getVersions().size());
        assertEquals(1, repository.audit().forDefinition("acme.Active").size());
    }

    @Test
    void aChangedDraftOfTheSameNumberIsUpdatedInPlaceAndItsRevisionCounted() {
        definitions.recordDraft(draft("acme.Active", 1, "login"));

        DefinitionVersion edited = definitions.recordDraft(draft("acme.Active", 1, "purchase"));

        assertEquals(1, edited.getNumber());
        assertEquals(2, edited.getRevision());
        assertTrue(edited.getSourceText().contains("purchase"));
        assertEquals(1, definitions.history("acme.Active").orElseThrow().getVersions().size());
        var audit = repository.audit().forDefinition("acme.Active");
        assertEquals(List.of("record draft", "edit draft"), audit.stream().map(e -> e.getAction()).toList());
        assertEquals("revision 1", audit.get(1).getFromState());
        assertEquals("revision 2", audit.get(1).getToState());
        assertEquals("acme.Active v1", audit.get(1).getSubject());
        assertEquals("alice", audit.get(1).getActor());
    }

    @Test
    void aNewNumberMakesANewVersionAndHistoryListsThemOldestFirst() {
        definitions.recordDraft(draft("acme.Active", 1, "login"));
        definitions.recordDraft(draft("acme.Active", 2, "purchase"));
        definitions.recordDraft(draft("acme.Active", 5, "upgrade"));

        Definition history = definitions.history("acme.Active").orElseThrow();
        assertEquals(List.of(1, 2, 5), history.getVersions().stream().map(DefinitionVersion::getNumber).toList());
        assertEquals(5, definitions.latest("acme.Active").orElseThrow().getNumber());
        assertTrue(definitions.version("acme.Active", 2).orElseThrow().getSourceText().contains("purchase"));
        assertTrue(definitions.version("acme.Active", 3).isEmpty());
        assertTrue(definitions.history("acme.Missing").isEmpty());
    }

    @Test
    void aNumberBelowTheLatestIsRefusedWithTheNextNumberToUse() {
        definitions.recordDraft(draft("acme.Active", 1, "login"));
        definitions.recordDraft(draft("acme.Active", 3, "purchase"));

        RuleViolationException refused = assertThrows(RuleViolationException.class,
                () -> definitions.recordDraft(draft("acme.Active", 2, "upgrade")));

        assertEquals("version 2 of acme.Active is older than its latest version 3: set version 4 to record this edit"
                + " as a new draft", refused.getMessage());
        assertEquals(2, definitions.history("acme.Active").orElseThrow().getVersions().size());
    }

    @Test
    void aPublishedVersionNeverChanges() {
        definitions.recordDraft(draft("acme.Active", 1, "login"));
        definitions.submitForReview("acme.Active", 1, null);
        repository.as(Identity.of("bob")).definitions().approveAndPublish("acme.Active", 1, "fine");

        RuleViolationException refused = assertThrows(RuleViolationException.class,
                () -> definitions.recordDraft(draft("acme.Active", 1, "purchase")));

        assertEquals("version 1 of acme.Active is published and cannot change: set version 2 to record this edit as"
                + " a new draft", refused.getMessage());
        DefinitionVersion stored = definitions.version("acme.Active", 1).orElseThrow();
        assertTrue(stored.getSourceText().contains("login"));
        assertEquals(VersionStatus.PUBLISHED, stored.getStatus());
        // the same text again is not an edit
        assertEquals(stored.getRevision(), definitions.recordDraft(draft("acme.Active", 1, "login")).getRevision());
    }

    @Test
    void aDefinitionCannotChangeItsKind() {
        definitions.recordDraft(draft("acme.Active", 1, "login"));

        StoreException refused = assertThrows(RuleViolationException.class, () -> definitions.recordDraft(
                new DraftRequest("acme.Active", DefinitionKind.METRIC, 2, "metric Active {\n count \"login\"\n}")));

        assertEquals("acme.Active is a segment in the repository; a metric cannot take its name. Give it another name.",
                refused.getMessage());
    }

    @Test
    void badRequestsAreRefusedWithAMessageAndWriteNothing() {
        assertEquals("The text of acme.A is empty", assertThrows(StoreException.class, () -> definitions
                .recordDraft(new DraftRequest("acme.A", DefinitionKind.SEGMENT, 1, "  \n"))).getMessage());
        assertEquals("The definition's name is empty", assertThrows(StoreException.class, () -> definitions
                .recordDraft(new DraftRequest(" ", DefinitionKind.SEGMENT, 1, "segment A {}"))).getMessage());
        assertTrue(assertThrows(RuleViolationException.class, () -> definitions
                .recordDraft(draft("acme.A", 0, "login"))).getMessage().contains("versions are numbered from 1"));
        assertTrue(assertThrows(StoreException.class, () -> definitions.recordDraft(new DraftRequest("acme.A",
                DefinitionKind.SEGMENT, 1, "x".repeat(1_000_001)))).getMessage().contains("at most 1000000"));
        assertEquals(List.of(), definitions.names());
        assertEquals(List.of(), repository.audit().recent(10));
    }

    @Test
    void aBlankUserNameIsRefusedBeforeAnythingIsWritten() {
        Repository nobody = repository.as(() -> " ");

        StoreException refused = assertThrows(StoreException.class,
                () -> nobody.definitions().recordDraft(draft("acme.A", 1, "login")));

        assertTrue(refused.getMessage().startsWith("No user name is set"), refused.getMessage());
        assertEquals(List.of(), definitions.names());
    }

    @Test
    void diffShowsTheChangedLinesBetweenTwoVersions() {
        definitions.recordDraft(draft("acme.Active", 1, "login"));
        definitions.recordDraft(draft("acme.Active", 2, "purchase"));

        String diff = definitions.diff("acme.Active", 1, 2);

        assertEquals("""
                --- acme.Active v1
                +++ acme.Active v2
                @@ -1,5 +1,5 @@
                 segment Active {
                -    version 1
                +    version 2
                     owner "ana"
                -    where did "login"
                +    where did "purchase"
                 }
                """, diff);
        assertEquals("", definitions.diff("acme.Active", 2, 2));
        assertEquals("There is no version 7 of acme.Active in the repository",
                assertThrows(NotFoundException.class, () -> definitions.diff("acme.Active", 1, 7)).getMessage());
    }

    @Test
    void revertMakesANewDraftWithTheOldTextRenumbered() {
        definitions.recordDraft(draft("acme.Active", 1, "login"));
        definitions.recordDraft(draft("acme.Active", 2, "purchase"));

        DefinitionVersion reverted = definitions.revert("acme.Active", 1,
                (text, number) -> text.replace("version 1", "version " + number), "purchase was wrong");

        assertEquals(3, reverted.getNumber());
        assertEquals(VersionStatus.DRAFT, reverted.getStatus());
        assertEquals(Texts.segment("Active", 3, "login"), reverted.getSourceText());
        assertEquals("the text of version 1: purchase was wrong", reverted.getChangeNote());
        assertEquals(3, definitions.history("acme.Active").orElseThrow().getVersions().size());
        assertEquals("revert", repository.audit().forDefinition("acme.Active").get(2).getAction());
        assertThrows(NotFoundException.class, () -> definitions.revert("acme.Active", 9, VersionRenumbering.UNCHANGED, null));
        assertThrows(NotFoundException.class, () -> definitions.revert("acme.None", 1, VersionRenumbering.UNCHANGED, null));
    }

    @Test
    void dataIsKeptAcrossReopening() {
        definitions.recordDraft(draft("acme.Active", 1, "login"));
        repository.close();

        repository = Repository.open(Repository.locationIn(folder), Identity.of("alice"));
        definitions = repository.definitions();

        assertEquals(List.of("acme.Active"), definitions.names());
        assertFalse(repository.upgradeBackup().isPresent());
        assertEquals(2, repository.schemaVersion());
    }
}
