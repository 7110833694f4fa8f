package io.sextant.ui.editor.internal.editor;

import org.eclipse.jface.text.source.Annotation;
import org.eclipse.xtext.diagnostics.Severity;

/** A problem the editor's validation found in the live text: squiggle, ruler and overview ruler; maybe a quick fix. */
public final class IssueAnnotation extends Annotation {

    public static final String ERROR = "org.eclipse.ui.workbench.texteditor.error";
    public static final String WARNING = "org.eclipse.ui.workbench.texteditor.warning";
    public static final String INFO = "org.eclipse.ui.workbench.texteditor.info";

    private final String code;
    private final String[] data;
    private final Severity severity;

    public IssueAnnotation(Severity severity, String message, String code, String[] data) {
        super(switch (severity) {
            case ERROR -> ERROR;
            case WARNING -> WARNING;
            default -> INFO;
        }, false, message);
        this.severity = severity;
        this.code = code;
        this.data = data == null ? new String[0] : data.clone();
    }

    public Severity severity() {
        return severity;
    }

    public String code() {
        return code;
    }

    public String[] data() {
        return data.clone();
    }
}
