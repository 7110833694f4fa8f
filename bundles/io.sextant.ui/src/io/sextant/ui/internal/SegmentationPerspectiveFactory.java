package io.sextant.ui.internal;

import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;

import io.sextant.ui.SextantUi;

/**
 * The "Segmentation" perspective: projects on the left, definitions in the editor area, their outline and
 * properties on the right, and problems, progress of running analyses and the error log below.
 */
public class SegmentationPerspectiveFactory implements IPerspectiveFactory {

    static final String LEFT = "io.sextant.ui.left";
    static final String LEFT_BOTTOM = "io.sextant.ui.leftBottom";
    static final String RIGHT = "io.sextant.ui.right";
    static final String RIGHT_BOTTOM = "io.sextant.ui.rightBottom";
    static final String BOTTOM = "io.sextant.ui.bottom";

    @Override
    public void createInitialLayout(IPageLayout layout) {
        String editorArea = layout.getEditorArea();

        IFolderLayout left = layout.createFolder(LEFT, IPageLayout.LEFT, 0.22f, editorArea);
        left.addView(IPageLayout.ID_PROJECT_EXPLORER);
        // the Data view below the projects: events to drag into the editor beside it
        IFolderLayout leftBottom = layout.createFolder(LEFT_BOTTOM, IPageLayout.BOTTOM, 0.45f, LEFT);
        leftBottom.addView(SextantUi.DATA_VIEW_ID);

        IFolderLayout bottom = layout.createFolder(BOTTOM, IPageLayout.BOTTOM, 0.70f, editorArea);
        bottom.addView(IPageLayout.ID_PROBLEM_VIEW);
        bottom.addView(IPageLayout.ID_PROGRESS_VIEW);
        bottom.addView(SextantUi.ERROR_LOG_VIEW_ID);

        IFolderLayout right = layout.createFolder(RIGHT, IPageLayout.RIGHT, 0.75f, editorArea);
        right.addView(IPageLayout.ID_OUTLINE);
        IFolderLayout rightBottom = layout.createFolder(RIGHT_BOTTOM, IPageLayout.BOTTOM, 0.55f, RIGHT);
        rightBottom.addView(IPageLayout.ID_PROP_SHEET);

        for (String view : new String[] { IPageLayout.ID_PROJECT_EXPLORER, IPageLayout.ID_PROBLEM_VIEW,
                IPageLayout.ID_PROGRESS_VIEW, SextantUi.ERROR_LOG_VIEW_ID, IPageLayout.ID_OUTLINE,
                IPageLayout.ID_PROP_SHEET, SextantUi.DATA_VIEW_ID }) {
            layout.addShowViewShortcut(view);
        }
        layout.addNewWizardShortcut("org.eclipse.ui.wizards.new.project");
        layout.addNewWizardShortcut("org.eclipse.ui.wizards.new.folder");
        layout.addNewWizardShortcut("org.eclipse.ui.wizards.new.file");
        layout.addPerspectiveShortcut(SextantUi.PERSPECTIVE_ID);
    }
}
