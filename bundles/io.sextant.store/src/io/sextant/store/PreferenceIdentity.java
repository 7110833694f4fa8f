package io.sextant.store;

import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;

/**
 * The user name from the preferences (Preferences > Sextant > User name), read on every change so that a new
 * name applies at once; the operating system's user when none is set.
 */
public final class PreferenceIdentity implements Identity {

    /** The preference node and key the IDE's preference page writes. */
    public static final String NODE = "io.sextant.store";
    public static final String USER_NAME = "userName";

    @Override
    public String userName() {
        IEclipsePreferences preferences = InstanceScope.INSTANCE.getNode(NODE);
        String name = preferences.get(USER_NAME, "");
        return name.isBlank() ? Identity.osUser().userName() : name.strip();
    }
}
