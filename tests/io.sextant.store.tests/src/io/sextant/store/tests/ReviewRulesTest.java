package io.sextant.store.tests;

import static io.sextant.store.tests.Texts.draft;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sextant.model.AuditEntry;
import io.sextant.model.DefinitionVersion;
import io.sextant.model.VersionStatus;
import io.sextant.store.Definitions;
import io.sextant.store.Identity;
import io.sextant.store.NotFoundException;
import io.sextant.store.Repository;
import io.sextant.store.RuleViolationException;
import io.sextant.store.StoreException;

/** Draft → in review → published → retired, who may do what, and what the audit log says. */
class ReviewRulesTest {

    @TempDir
    Path folder;

    private Repository alice;
    private Definitions byAlice;
    private Definitions byBob;

    @BeforeEach
    void open() {
        alice = Repository.open(Repository.locationIn(folder), Identity.of("alice"));
        byAlice = alice.definitions();
        byBob = alice.as(Identity.of("bob")).definitions();
        byAlice.recordDraft(draft("acme.Active", 1, "login"));
    }

    @AfterEach
    void close() {
        assertEquals(List.of(), alice.checkIntegrity());
        alice.close();
    }

    @Test
    void theWholeLifeOfAVersionIsRecordedWithWhoAndWhen() {
        byAlice.submitForReview("acme.Active", 1, "ready");
        DefinitionVersion published = byBob.approveAndPublish("acme.Active", 1, "looks right");
        DefinitionVersion retired = byAlice.retire("acme.Active", 1, "superseded");

        assertEquals(VersionStatus.PUBLISHED, published.getStatus());
        assertEquals("bob", published.getReviewer());
        assertEquals("alice", published.getAuthor());
        assertEquals("looks right", published.getChangeNote());
        assertEquals(VersionStatus.RETIRED, retired.getStatus());
        assertEquals(4, retired.getRevision());

        List<AuditEntry> audit = alice.audit().forDefinition("acme.Active");
        assertEquals(List.of("alice record draft - → draft", "alice submit for review draft → in review",
                "bob approve and publish in review → published", "alice retire published → retired"),
                audit.stream().map(e -> e.getActor() + " " + e.getAction() + " "
                        + (e.getFromState() == null ? "-" : e.getFromState()) + " → " + e.getToState()).toList());
        for (int i = 1; i < audit.size(); i++) {
            assertEquals(true, !audit.get(i).getAt().isBefore(audit.get(i - 1).getAt()));
        }
        assertEquals("looks right", audit.get(2).getDetail());
    }

    @Test
    void theAuthorCannotApproveTheirOwnVersion() {
        byAlice.submitForReview("acme.Active", 1, null);

        RuleViolationException refused = assertThrows(RuleViolationException.class,
                () -> byAlice.approveAndPublish("acme.Active", 1, null));

        assertEquals("acme.Active v1 was written by alice: a version must be reviewed by someone other than its authors",
                refused.getMessage());
        assertEquals(VersionStatus.IN_REVIEW, byAlice.version("acme.Active", 1).orElseThrow().getStatus());
        assertEquals(2, alice.audit().forDefinition("acme.Active").size());
    }

    @Test
    void everyoneWhoWroteTheVersionsTextIsAnAuthorWhateverTheCaseOfTheirName() {
        byBob.recordDraft(draft("acme.Active", 1, "purchase"));
        byAlice.submitForReview("acme.Active", 1, null);

        assertThrows(RuleViolationException.class, () -> byBob.approveAndPublish("acme.Active", 1, null));
        assertThrows(RuleViolationException.class, () -> byAlice.approveAndPublish("acme.Active", 1, null));
        assertThrows(RuleViolationException.class,
                () -> alice.as(Identity.of("ALICE")).definitions().approveAndPublish("acme.Active", 1, null));
        DefinitionVersion published = alice.as(Identity.of("carol")).definitions().approveAndPublish("acme.Active", 1, null);
        assertEquals(VersionStatus.PUBLISHED, published.getStatus());
        assertEquals("carol", published.getReviewer());
    }

    @Test
    void onlyAVersionInReviewCanBePublished() {
        RuleViolationException refused = assertThrows(RuleViolationException.class,
                () -> byBob.approveAndPublish("acme.Active", 1, null));

        assertEquals("acme.Active v1 is draft: only a version in review can be published", refused.getMessage());
    }

    @Test
    void onlyADraftCanBeSubmittedAndOnlyAPublishedVersionRetired() {
        assertEquals("acme.Active v1 is draft: only a published version can be retired",
                assertThrows(RuleViolationException.class, () -> byAlice.retire("acme.Active", 1, null)).getMessage());
        byAlice.submitForReview("acme.Active", 1, null);
        assertEquals("acme.Active v1 is in review: only a draft can be submitted for review",
                assertThrows(RuleViolationException.class, () -> byAlice.submitForReview("acme.Active", 1, null))
                        .getMessage());
    }

    @Test
    void aVersionInReviewCannotBeEditedButCanBeSentBackWithAReason() {
        byAlice.submitForReview("acme.Active", 1, null);
        assertThrows(RuleViolationException.class, () -> byAlice.recordDraft(draft("acme.Active", 1, "purchase")));
        assertThrows(StoreException.class, () -> byBob.reject("acme.Active", 1, " "));

        DefinitionVersion back = byBob.reject("acme.Active", 1, "use the purchase event");

        assertEquals(VersionStatus.DRAFT, back.getStatus());
        assertEquals("bob", back.getReviewer());
        assertEquals("use the purchase event", back.getChangeNote());
        DefinitionVersion edited = byAlice.recordDraft(draft("acme.Active", 1, "purchase"));
        assertEquals(VersionStatus.DRAFT, edited.getStatus());
    }

    @Test
    void unknownDefinitionsAndVersionsAreNamedInTheError() {
        assertEquals("There is no definition acme.Nope in the repository",
                assertThrows(NotFoundException.class, () -> byAlice.submitForReview("acme.Nope", 1, null)).getMessage());
        assertEquals("There is no version 4 of acme.Active in the repository",
                assertThrows(NotFoundException.class, () -> byAlice.submitForReview("acme.Active", 4, null)).getMessage());
    }

    @Test
    void theLanguageSeesPublishedAndRetiredVersionsOnly() {
        byAlice.recordDraft(draft("acme.Active", 2, "purchase"));
        byAlice.submitForReview("acme.Active", 1, null);
        byBob.approveAndPublish("acme.Active", 1, null);
        byAlice.submitForReview("acme.Active", 2, null);

        var published = alice.versionHistory().published("acme.Active");

        assertEquals(1, published.size());
        assertEquals(1, published.get(0).number());
        assertEquals(byAlice.version("acme.Active", 1).orElseThrow().getContentHash(), published.get(0).contentHash());
        byBob.approveAndPublish("acme.Active", 2, null);
        byAlice.retire("acme.Active", 1, null);
        assertEquals(List.of(1, 2), alice.versionHistory().published("acme.Active").stream()
                .map(v -> v.number()).sorted().toList());
        assertEquals(List.of(), alice.versionHistory().published("acme.Unknown"));
    }
}
