package io.sextant.ui;

/** Identifiers of the Sextant workbench that other bundles and tests refer to. */
public final class SextantUi {

    public static final String PLUGIN_ID = "io.sextant.ui";

    /** The product's id: the products extension in this bundle's plugin.xml. */
    public static final String PRODUCT_ID = PLUGIN_ID + ".product";

    /** The "Segmentation" perspective, the product's default. */
    public static final String PERSPECTIVE_ID = PLUGIN_ID + ".perspective.segmentation";

    /** The Data view: the project's events and properties as the catalog knows them. */
    public static final String DATA_VIEW_ID = PLUGIN_ID + ".dataView";

    /** The platform's Error Log view (bundle org.eclipse.ui.views.log; the id is historical). */
    public static final String ERROR_LOG_VIEW_ID = "org.eclipse.pde.runtime.LogView";

    private SextantUi() {
    }
}
