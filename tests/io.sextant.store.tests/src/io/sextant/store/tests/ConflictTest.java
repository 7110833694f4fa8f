package io.sextant.store.tests;

import static io.sextant.store.tests.Texts.draft;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sextant.model.DefinitionVersion;
import io.sextant.store.ConflictException;
import io.sextant.store.EditBase;
import io.sextant.store.Identity;
import io.sextant.store.Repository;

/** Two people edit one definition: the second to save is told, and nothing is overwritten. */
class ConflictTest {

    @TempDir
    Path folder;

    private Repository alice;
    private Repository bob;

    @BeforeEach
    void open() {
        alice = Repository.open(Repository.locationIn(folder), Identity.of("alice"));
        bob = alice.as(Identity.of("bob"));
    }

    @AfterEach
    void close() {
        assertEquals(List.of(), alice.checkIntegrity());
        alice.close();
    }

    @Test
    void theLoserOfTwoEditsOfOneDraftGetsAConflictNamingBothVersions() {
        DefinitionVersion v1 = alice.definitions().recordDraft(draft("acme.Active", 1, "login"));
        EditBase bothStartFrom = new EditBase(v1.getNumber(), v1.getRevision());

        alice.definitions().recordDraft(draft("acme.Active", 1, "purchase", bothStartFrom));
        ConflictException conflict = assertThrows(ConflictException.class,
                () -> bob.definitions().recordDraft(draft("acme.Active", 1, "upgrade", bothStartFrom)));

        assertEquals("acme.Active was changed while you edited it: your edit is based on version 1 (revision 1), but"
                + " the repository now holds version 1 (revision 2), last changed by alice. Nothing was overwritten:"
                + " merge your change into version 1 (revision 2) and save again.", conflict.getMessage());
        assertEquals(bothStartFrom, conflict.yours());
        assertEquals(new EditBase(1, 2), conflict.current());
        assertTrue(alice.definitions().version("acme.Active", 1).orElseThrow().getSourceText().contains("purchase"));
    }

    @Test
    void aNewVersionMadeMeanwhileIsAConflictToo() {
        DefinitionVersion v1 = alice.definitions().recordDraft(draft("acme.Active", 1, "login"));
        EditBase base = new EditBase(1, v1.getRevision());
        alice.definitions().recordDraft(draft("acme.Active", 2, "purchase", base));

        ConflictException conflict = assertThrows(ConflictException.class,
                () -> bob.definitions().recordDraft(draft("acme.Active", 2, "upgrade", base)));

        assertEquals(new EditBase(2, 1), conflict.current());
        assertTrue(conflict.getMessage().contains("your edit is based on version 1 (revision 1)"));
        assertTrue(conflict.getMessage().contains("now holds version 2 (revision 1), last changed by alice"));
        assertTrue(alice.definitions().version("acme.Active", 2).orElseThrow().getSourceText().contains("purchase"));
    }

    @Test
    void aReviewStepMeanwhileIsAConflictForAnEditBasedOnTheDraft() {
        DefinitionVersion v1 = alice.definitions().recordDraft(draft("acme.Active", 1, "login"));
        bob.definitions().submitForReview("acme.Active", 1, null);

        ConflictException conflict = assertThrows(ConflictException.class, () -> alice.definitions()
                .recordDraft(draft("acme.Active", 1, "purchase", new EditBase(1, v1.getRevision()))));

        assertTrue(conflict.getMessage().endsWith("now holds version 1 (revision 2), last changed by bob. Nothing was"
                + " overwritten: version 1 is in review: record your change as version 2."), conflict.getMessage());
    }

    @Test
    void twoPeopleCreatingTheSameDefinitionConflict() {
        alice.definitions().recordDraft(draft("acme.Active", 1, "login", EditBase.NEW));

        ConflictException conflict = assertThrows(ConflictException.class,
                () -> bob.definitions().recordDraft(draft("acme.Active", 1, "purchase", EditBase.NEW)));

        assertEquals("acme.Active was changed while you edited it: your edit is based on no version (a new"
                + " definition), but the repository now holds version 1 (revision 1), last changed by alice. Nothing"
                + " was overwritten: merge your change into version 1 (revision 1) and save again.", conflict.getMessage());
        assertTrue(alice.definitions().version("acme.Active", 1).orElseThrow().getSourceText().contains("login"));
    }

    @Test
    void anEditBasedOnTheLatestRevisionSucceeds() {
        DefinitionVersion v1 = alice.definitions().recordDraft(draft("acme.Active", 1, "login"));
        DefinitionVersion v1b = bob.definitions()
                .recordDraft(draft("acme.Active", 1, "purchase", new EditBase(1, v1.getRevision())));
        DefinitionVersion v1c = alice.definitions()
                .recordDraft(draft("acme.Active", 1, "upgrade", new EditBase(1, v1b.getRevision())));

        assertEquals(3, v1c.getRevision());
        assertEquals("alice", v1c.getAuthor());
    }
}
