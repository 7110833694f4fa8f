package io.sextant.ui.editor.internal.model;

import io.sextant.dsl.ide.SegLanguageServices;

/** The language services of the IDE, created once (the injector is expensive), with the workspace's project contexts. */
public final class SegLanguage {

    private static volatile SegLanguageServices services;
    private static final WorkspaceContexts CONTEXTS = new WorkspaceContexts();

    private SegLanguage() {
    }

    public static SegLanguageServices services() {
        SegLanguageServices result = services;
        if (result == null) {
            synchronized (SegLanguage.class) {
                result = services;
                if (result == null) {
                    result = LanguageWork.run("create the language services", () -> SegLanguageServices.create(CONTEXTS));
                    services = result;
                }
            }
        }
        return result;
    }

    /** The services if they have been created, else null (the UI thread never waits for the injector). */
    public static SegLanguageServices servicesIfReady() {
        return services;
    }

    public static WorkspaceContexts contexts() {
        return CONTEXTS;
    }
}
