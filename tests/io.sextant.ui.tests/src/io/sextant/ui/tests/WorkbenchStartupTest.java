package io.sextant.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.IProduct;
import org.eclipse.core.runtime.Platform;
import org.eclipse.swt.custom.CTabItem;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.sextant.tests.support.Conditions;
import io.sextant.tests.support.ScreenshotOnFailure;
import io.sextant.tests.support.Screenshots;
import io.sextant.tests.support.UiThread;
import io.sextant.tests.support.Widgets;
import io.sextant.tests.support.Workbenches;
import io.sextant.ui.SextantUi;

/** The product starts into the Segmentation perspective with the views an analyst works with. */
@ExtendWith(ScreenshotOnFailure.class)
class WorkbenchStartupTest {

    /** The perspective's views by id, with the tab title each shows. */
    private static final Map<String, String> VIEWS = Map.of(
            IPageLayout.ID_PROJECT_EXPLORER, "Project Explorer",
            IPageLayout.ID_PROBLEM_VIEW, "Problems",
            IPageLayout.ID_OUTLINE, "Outline",
            IPageLayout.ID_PROP_SHEET, "Properties",
            IPageLayout.ID_PROGRESS_VIEW, "Progress",
            SextantUi.ERROR_LOG_VIEW_ID, "Error Log");

    private IWorkbenchWindow window;

    @BeforeEach
    void awaitWorkbench() {
        window = Workbenches.awaitWindow();
        Workbenches.closeOtherShells();
        // the same state for every test, whatever an earlier one did
        UiThread.run(() -> window.getActivePage().resetPerspective());
    }

    @Test
    void theWindowOpensMaximised() {
        // maximised where a window manager does it, and the bounds of the screen's work area everywhere (the
        // X server of the tests has no window manager)
        var state = UiThread.call(() -> {
            Shell shell = window.getShell();
            return List.of(shell.getMaximized(), shell.getBounds(), shell.getDisplay().getPrimaryMonitor().getClientArea());
        });
        var bounds = (org.eclipse.swt.graphics.Rectangle) state.get(1);
        var area = (org.eclipse.swt.graphics.Rectangle) state.get(2);
        assertTrue((Boolean) state.get(0), () -> "the window is maximised: " + state);
        assertTrue(bounds.width >= area.width * 9 / 10 && bounds.height >= area.height * 9 / 10,
                () -> "the window fills the screen: " + state);
    }

    @Test
    void productIsSextant() {
        IProduct product = Platform.getProduct();
        assertNotNull(product, "a product is running");
        assertEquals(SextantUi.PRODUCT_ID, product.getId());
        assertEquals("Sextant", product.getName());
        String windowImages = product.getProperty("windowImages");
        assertNotNull(windowImages, "the product names its window icons");
        assertTrue(UiThread.call(() -> window.getShell().getImages().length) >= 1, "the window has icons");
        String title = UiThread.call(() -> window.getShell().getText());
        assertTrue(title.contains("Sextant"), () -> "window title: " + title);
    }

    @Test
    void segmentationPerspectiveIsTheDefaultAndActive() {
        assertEquals(SextantUi.PERSPECTIVE_ID,
                UiThread.call(() -> PlatformUI.getWorkbench().getPerspectiveRegistry().getDefaultPerspective()));
        IWorkbenchPage page = UiThread.call(() -> window.getActivePage());
        assertEquals(SextantUi.PERSPECTIVE_ID, UiThread.call(() -> page.getPerspective().getId()));
        assertEquals("Segmentation", UiThread.call(() -> page.getPerspective().getLabel()));
    }

    @Test
    void perspectiveShowsTheAnalystsViews() throws Exception {
        IWorkbenchPage page = UiThread.call(() -> window.getActivePage());
        for (Map.Entry<String, String> view : VIEWS.entrySet()) {
            assertNotNull(UiThread.call(() -> page.findViewReference(view.getKey())),
                    () -> view.getValue() + " (" + view.getKey() + ") is part of the perspective");
        }
        Shell shell = Workbenches.shell();
        for (String tab : VIEWS.values()) {
            Widgets.await(shell, CTabItem.class, Widgets.withText(tab), "tab '" + tab + "'");
        }
        // a view that is on top renders real content: the Error Log shows its table, Problems its tree
        Conditions.waitUntil("Project Explorer to be visible",
                () -> page.isPartVisible(page.findView(IPageLayout.ID_PROJECT_EXPLORER)));
        List<CTabItem> tabs = Widgets.findAll(shell, CTabItem.class, item -> true);
        assertTrue(tabs.size() >= VIEWS.size(), "at least one tab per view");
        Screenshots.capture("workbench");
    }
}
