package io.sextant.store.tests;

import io.sextant.model.DefinitionKind;
import io.sextant.store.DraftRequest;
import io.sextant.store.EditBase;

/** Definition texts and draft requests the tests record. */
final class Texts {

    private Texts() {
    }

    static String segment(String name, int version, String event) {
        return "segment " + name + " {\n    version " + version + "\n    owner \"ana\"\n    where did \"" + event
                + "\"\n}";
    }

    static DraftRequest draft(String qualifiedName, int version, String event) {
        String simpleName = qualifiedName.substring(qualifiedName.lastIndexOf('.') + 1);
        return new DraftRequest(qualifiedName, DefinitionKind.SEGMENT, version, segment(simpleName, version, event));
    }

    static DraftRequest draft(String qualifiedName, int version, String event, EditBase basedOn) {
        DraftRequest plain = draft(qualifiedName, version, event);
        return new DraftRequest(plain.qualifiedName(), plain.kind(), plain.number(), plain.sourceText(), basedOn, null);
    }
}
