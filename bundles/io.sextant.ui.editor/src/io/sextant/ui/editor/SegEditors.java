package io.sextant.ui.editor;

/** Identifiers of the .seg editor, its project nature, builder and markers, which other bundles and tests use. */
public final class SegEditors {

    public static final String PLUGIN_ID = "io.sextant.ui.editor";

    /** The editor of .seg files. */
    public static final String EDITOR_ID = PLUGIN_ID + ".segEditor";

    /** The nature of Sextant projects: it adds {@link #BUILDER_ID}. */
    public static final String NATURE_ID = PLUGIN_ID + ".segNature";

    /** The builder that validates every .seg file of the project, with references across files. */
    public static final String BUILDER_ID = PLUGIN_ID + ".segBuilder";

    /** Problem markers of the builder (one per issue of a saved file). */
    public static final String PROBLEM_MARKER = PLUGIN_ID + ".problem";

    /** Marker attributes: the language's issue code and its data (joined by {@link #DATA_SEPARATOR}). */
    public static final String ISSUE_CODE = "issueCode";
    public static final String ISSUE_DATA = "issueData";
    public static final String DATA_SEPARATOR = "\u0001";

    public static final String FORMAT_COMMAND = PLUGIN_ID + ".format";
    public static final String TOGGLE_COMMENT_COMMAND = PLUGIN_ID + ".toggleComment";
    public static final String OPEN_DECLARATION_COMMAND = PLUGIN_ID + ".openDeclaration";
    public static final String COMPARE_COMMAND = PLUGIN_ID + ".compareWithPrevious";
    public static final String SHOW_SQL_COMMAND = PLUGIN_ID + ".showSql";

    private SegEditors() {
    }
}
