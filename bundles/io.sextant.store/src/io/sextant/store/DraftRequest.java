package io.sextant.store;

import java.util.Objects;

import io.sextant.model.DefinitionKind;

/**
 * A definition's text as the analyst saved it.
 *
 * @param qualifiedName the definition's qualified name, e.g. {@code growth.ActiveUsers}
 * @param kind          segment, metric, hypothesis, experiment or playbook
 * @param number        the version number written in the text (1 when it names none)
 * @param sourceText    the definition's source, from its keyword to its closing brace
 * @param basedOn       the version the edit started from ({@link EditBase#NEW} for a definition written from
 *                      scratch), or null to take the definition's latest version as the base (no conflict
 *                      detection: for a caller that never read the repository, such as a file saved by a tool)
 * @param changeNote    why it changed; may be null
 */
public record DraftRequest(String qualifiedName, DefinitionKind kind, int number, String sourceText, EditBase basedOn,
        String changeNote) {

    public DraftRequest {
        Objects.requireNonNull(qualifiedName, "qualifiedName");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(sourceText, "sourceText");
    }

    public DraftRequest(String qualifiedName, DefinitionKind kind, int number, String sourceText) {
        this(qualifiedName, kind, number, sourceText, null, null);
    }
}
