package io.sextant.store.internal;

import io.sextant.store.StoreException;

/** Checks and shortenings of the texts users hand to the repository. */
final class Texts {

    private Texts() {
    }

    static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    static String required(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new StoreException(what + " is empty");
        }
        return value.strip();
    }

    static String user(io.sextant.store.Identity identity) {
        String name = identity.userName();
        if (name == null || name.isBlank()) {
            throw new StoreException("No user name is set: set one in Preferences > Sextant (every change is"
                    + " recorded with the name of who made it)");
        }
        return Texts.clip(name.strip(), 200);
    }

    static String shortHash(String hash) {
        return hash.substring(0, Math.min(12, hash.length()));
    }
}
