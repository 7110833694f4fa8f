package io.sextant.ui.editor.internal.editor;

import java.util.Map;

import org.eclipse.jface.text.TextAttribute;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;

import io.sextant.dsl.ide.highlighting.SegSemanticHighlightingCalculator;

/** The colours of the language's style ids (lexical: keyword, string, ...; semantic: seg.definition, ...). */
public final class SegStyles {

    private static final TextAttribute DEFAULT = new TextAttribute(null);

    private static final Map<String, TextAttribute> STYLES = Map.of(
            "keyword", new TextAttribute(new Color(0x7F, 0x00, 0x55), null, SWT.BOLD),
            "string", new TextAttribute(new Color(0x2A, 0x00, 0xFF)),
            "comment", new TextAttribute(new Color(0x3F, 0x7F, 0x5F)),
            "number", new TextAttribute(new Color(0x12, 0x5A, 0x9E)),
            "error", new TextAttribute(new Color(0xC0, 0x00, 0x00)),
            SegSemanticHighlightingCalculator.DEFINITION, new TextAttribute(new Color(0x00, 0x00, 0xC0), null, SWT.BOLD),
            SegSemanticHighlightingCalculator.REFERENCE, new TextAttribute(new Color(0x00, 0x50, 0xA0), null, SWT.ITALIC),
            SegSemanticHighlightingCalculator.EVENT, new TextAttribute(new Color(0x00, 0x80, 0x80), null, SWT.BOLD),
            SegSemanticHighlightingCalculator.PROPERTY, new TextAttribute(new Color(0x80, 0x40, 0x00)));

    private SegStyles() {
    }

    /** The attribute of a style id (several ids joined by commas: the first known one); default text otherwise. */
    public static TextAttribute of(String style) {
        if (style == null) {
            return DEFAULT;
        }
        for (String id : style.split(",")) {
            TextAttribute attribute = STYLES.get(id);
            if (attribute != null) {
                return attribute;
            }
        }
        return DEFAULT;
    }

    /** Whether text of this style looks like plain text (no range needs to be kept for it). */
    public static boolean isDefault(String style) {
        return of(style) == DEFAULT;
    }
}
