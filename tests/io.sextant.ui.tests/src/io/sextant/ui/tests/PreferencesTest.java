package io.sextant.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.dialogs.PreferencesUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.sextant.store.PreferenceIdentity;
import io.sextant.tests.support.Conditions;
import io.sextant.tests.support.Input;
import io.sextant.tests.support.ScreenshotOnFailure;
import io.sextant.tests.support.Screenshots;
import io.sextant.tests.support.UiThread;
import io.sextant.tests.support.Widgets;
import io.sextant.tests.support.Workbenches;

/** Preferences > Sextant: the user name recorded on every change is typed in and kept. */
@ExtendWith(ScreenshotOnFailure.class)
class PreferencesTest {

    @AfterEach
    void forgetTheName() {
        InstanceScope.INSTANCE.getNode(PreferenceIdentity.NODE).remove(PreferenceIdentity.USER_NAME);
    }

    @Test
    void theUserNameIsTypedInAndBecomesTheIdentityOfChanges() throws Exception {
        Workbenches.awaitWindow();
        Workbenches.closeOtherShells();
        UiThread.display().asyncExec(() -> PreferencesUtil
                .createPreferenceDialogOn(Workbenches.shell(), "io.sextant.ui.preferences", null, null).open());
        Shell dialog = Widgets.await(Workbenches.shell(), Shell.class, Widgets.withText("Preferences"),
                "titled 'Preferences'");
        try {
            Widgets.await(dialog, Label.class, Widgets.withTextContaining("Every draft, review and run"),
                    "for the Sextant page's description");
            Label label = Widgets.await(dialog, Label.class, Widgets.withTextContaining("User name"),
                    "for the 'User name' label");
            // the field editor puts the text box right after its label
            Text userName = UiThread.call(() -> {
                var siblings = java.util.List.of(label.getParent().getChildren());
                return (Text) siblings.get(siblings.indexOf(label) + 1);
            });
            assertEquals(System.getProperty("user.name"), UiThread.call(userName::getText), "the OS user by default");

            Input.click(userName);
            Conditions.waitUntil("the user name field to have the focus", userName::isFocusControl);
            Input.key(SWT.MOD1, 'a');
            Input.type("erin");
            Conditions.waitUntil("the typed name in the field", () -> "erin".equals(userName.getText()));
            Screenshots.capture("preferences-sextant");

            Button apply = Widgets.await(dialog, Button.class, Widgets.withText("Apply and Close"),
                    "for 'Apply and Close'");
            assertTrue(UiThread.call(() -> dialog.getDefaultButton() == apply), "'Apply and Close' is the default button");
            // Enter in the field presses the default button, as a user finishing the name would
            Input.key(0, SWT.CR);
            Conditions.waitUntil("the dialog to close", dialog::isDisposed);
        } finally {
            UiThread.run(() -> {
                if (!dialog.isDisposed()) {
                    dialog.close();
                }
            });
        }
        assertEquals("erin", new PreferenceIdentity().userName());
        assertFalse(InstanceScope.INSTANCE.getNode(PreferenceIdentity.NODE).get(PreferenceIdentity.USER_NAME, "").isEmpty());
    }
}
