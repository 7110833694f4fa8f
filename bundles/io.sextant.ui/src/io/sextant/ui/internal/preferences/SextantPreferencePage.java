package io.sextant.ui.internal.preferences;

import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.jface.preference.FieldEditorPreferencePage;
import org.eclipse.jface.preference.StringFieldEditor;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;
import org.eclipse.ui.preferences.ScopedPreferenceStore;

import io.sextant.store.Identity;
import io.sextant.store.PreferenceIdentity;

/** Preferences > Sextant: the user name recorded on every change in the repository. */
public final class SextantPreferencePage extends FieldEditorPreferencePage implements IWorkbenchPreferencePage {

    public SextantPreferencePage() {
        super(GRID);
        ScopedPreferenceStore store = new ScopedPreferenceStore(InstanceScope.INSTANCE, PreferenceIdentity.NODE);
        store.setDefault(PreferenceIdentity.USER_NAME, Identity.osUser().userName());
        setPreferenceStore(store);
        setDescription("Every draft, review and run in the repository is recorded with this name.");
    }

    @Override
    protected void createFieldEditors() {
        StringFieldEditor userName = new StringFieldEditor(PreferenceIdentity.USER_NAME, "&User name:",
                getFieldEditorParent());
        userName.setEmptyStringAllowed(false);
        userName.setErrorMessage("The user name cannot be empty: reviews need to know who wrote a version");
        addField(userName);
    }

    @Override
    public void init(IWorkbench workbench) {
        // nothing to prepare: the page reads and writes the instance preferences
    }
}
