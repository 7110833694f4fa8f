package io.sextant.store;

import java.util.List;
import java.util.Optional;

import io.sextant.model.Definition;
import io.sextant.model.DefinitionVersion;

/**
 * Definitions and their versions: recording drafts, the review workflow, history, diff and revert. Every
 * change is made by the repository's {@link Identity} and written to the audit log in the same transaction.
 * Returned objects are detached snapshots: changing them changes nothing in the repository.
 */
public interface Definitions {

    /**
     * Records the text of a definition. Unchanged text (same content hash as the version of that number)
     * records nothing and returns that version. A new number makes a new draft; a changed draft of the same
     * number is updated (its revision goes up).
     *
     * @throws ConflictException      when {@link DraftRequest#basedOn()} is no longer the latest
     * @throws RuleViolationException when the version of that number is in review, published or retired, or
     *                                when it would be a new version numbered below the definition's latest
     *                                (an existing older draft may still be edited)
     */
    DefinitionVersion recordDraft(DraftRequest request);

    /** Draft → in review. */
    DefinitionVersion submitForReview(String qualifiedName, int number, String note);

    /** In review → published, approved by the current user, who must not have written any of the version's text. */
    DefinitionVersion approveAndPublish(String qualifiedName, int number, String note);

    /** In review → draft, with the reviewer's reason; the current user must not have written the version's text. */
    DefinitionVersion reject(String qualifiedName, int number, String reason);

    /** Published → retired: kept in the history, no longer offered for new analyses. */
    DefinitionVersion retire(String qualifiedName, int number, String note);

    /**
     * Makes a new draft (numbered after the latest version) whose text is that of an earlier version, with
     * its written number rewritten by {@code renumbering}.
     */
    DefinitionVersion revert(String qualifiedName, int toNumber, VersionRenumbering renumbering, String note);

    /** The definition with every version, oldest first. */
    Optional<Definition> history(String qualifiedName);

    Optional<DefinitionVersion> version(String qualifiedName, int number);

    /** The version with the highest number. */
    Optional<DefinitionVersion> latest(String qualifiedName);

    /** The qualified names of all definitions, sorted. */
    List<String> names();

    /**
     * A unified diff from one version's text to another's (three lines of context), headed with both
     * versions; empty when the texts are equal.
     */
    String diff(String qualifiedName, int fromNumber, int toNumber);
}
