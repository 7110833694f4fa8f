package io.sextant.ui.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;

import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Widget;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.IHandlerService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.sextant.tests.support.ScreenshotOnFailure;
import io.sextant.tests.support.Screenshots;
import io.sextant.tests.support.UiThread;
import io.sextant.tests.support.Widgets;
import io.sextant.tests.support.Workbenches;

/** Help > About Sextant opens a dialog that names the product and its built version. */
@ExtendWith(ScreenshotOnFailure.class)
class AboutDialogTest {

    private static final Pattern VERSION = Pattern.compile("Version: 0\\.1\\.0\\.\\S+");

    @Test
    void aboutDialogShowsNameAndVersion() throws Exception {
        Workbenches.awaitWindow();
        Workbenches.closeOtherShells();
        // the About dialog is modal: open it asynchronously, then find it like a person would
        UiThread.display().asyncExec(() -> {
            IHandlerService handlers = PlatformUI.getWorkbench().getService(IHandlerService.class);
            try {
                handlers.executeCommand("org.eclipse.ui.help.aboutAction", null);
            } catch (Exception e) {
                throw new IllegalStateException("cannot open the About dialog", e);
            }
        });
        Shell about = Widgets.await(Workbenches.shell(), Shell.class, Widgets.withText("About Sextant"),
                "titled 'About Sextant'");
        try {
            List<Widget> versionTexts = Widgets.findAll(about, Widget.class, w -> {
                String text = Widgets.textOf(w);
                return text != null && VERSION.matcher(text).find();
            });
            assertTrue(!versionTexts.isEmpty(), "the About dialog shows 'Version: 0.1.0.<qualifier>'");
            Screenshots.capture("about-dialog");
        } finally {
            UiThread.run(about::close);
        }
    }
}
