package io.sextant.ui.editor.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.sextant.dsl.ide.highlighting.SegSemanticHighlightingCalculator;
import io.sextant.tests.support.Conditions;
import io.sextant.tests.support.Input;
import io.sextant.tests.support.ScreenshotOnFailure;
import io.sextant.tests.support.Screenshots;
import io.sextant.tests.support.UiThread;
import io.sextant.tests.support.Workbenches;
import io.sextant.ui.editor.internal.editor.SegEditor;
import io.sextant.ui.editor.internal.editor.SegStyles;

/**
 * The token under the cursor, as a user sees it: content assist replaces the whole token (quotes included)
 * wherever the cursor is in it, a problem is a squiggle under its exact token, and an event name that does not
 * resolve is not coloured as a valid event.
 */
@ExtendWith(ScreenshotOnFailure.class)
class EditorTokensTest {

    private IProject project;

    @BeforeEach
    void createProject() throws Exception {
        Workbenches.awaitWindow();
        Workbenches.closeOtherShells();
        project = EditorFixture.project(EditorFixture.uniqueName("tokens"));
    }

    @AfterEach
    void closeEditorsAndDeleteProject() throws Exception {
        UiThread.run(() -> Workbenches.activePage().closeAllEditors(false));
        project.delete(true, true, null);
    }

    /** The text with the cursor at '|' (removed), Ctrl+Space, feature_viewed chosen: the text becomes the expected. */
    private void completeAt(String name, String marked, String expected) throws Exception {
        int cursor = marked.indexOf('|');
        String text = marked.substring(0, cursor) + marked.substring(cursor + 1);
        IFile file = EditorFixture.write(project, name + ".seg", text);
        SegEditor editor = EditorFixture.open(file);
        EditorFixture.focus(editor);
        UiThread.run(() -> editor.selectAndReveal(cursor, 0));
        Input.key(SWT.MOD1, ' ');
        var items = EditorFixture.awaitPopupItems("the content assist popup (" + name + ")");
        assertTrue(items.stream().anyMatch(i -> i.startsWith("feature_viewed - event")),
                () -> name + ": the catalog's feature_viewed is proposed, got " + items);
        EditorFixture.choosePopupItem("feature_viewed - event");
        try {
            EditorFixture.awaitText(editor, name + ": the token replaced by \"feature_viewed\"", expected::equals);
        } finally {
            UiThread.run(() -> Workbenches.activePage().closeAllEditors(false));
        }
    }

    private static final String BEFORE = "package acme.t\n\nsegment Viewers {\n    owner \"o\"\n    where did ";
    private static final String AFTER = " and did \"login\"\n}\n";

    @Test
    void contentAssistReplacesTheWholeQuotedToken() throws Exception {
        String expected = BEFORE + "\"feature_viewed\"" + AFTER;
        completeAt("inside", BEFORE + "\"fe|a\"" + AFTER, expected);
        completeAt("beforeClosingQuote", BEFORE + "\"fea|\"" + AFTER, expected);
        completeAt("atStart", BEFORE + "|\"fea\"" + AFTER, expected);
        completeAt("afterClosingQuote", BEFORE + "\"fea\"|" + AFTER, expected);
        // at the end of the file: a closed and an unclosed string
        completeAt("endOfFile", BEFORE + "\"fea\"|", BEFORE + "\"feature_viewed\"");
        completeAt("endOfFileUnclosed", BEFORE + "\"fea|", BEFORE + "\"feature_viewed\"");
        // an empty pair of quotes (auto-closed) is filled, not doubled
        completeAt("emptyQuotes", BEFORE + "\"|\"" + AFTER, expected);
    }

    @Test
    void aProblemIsASquiggleUnderItsTokenAndAnUnknownEventIsNotColouredAsAnEvent() throws Exception {
        String text = "package acme.t\n\nsegment Buyers {\n    owner \"o\"\n    where did \"login\" and did \"purchse\"\n}\n";
        IFile file = EditorFixture.write(project, "squiggle.seg", text);
        SegEditor editor = EditorFixture.open(file);
        EditorFixture.awaitProblem(editor, "unknown event 'purchse': did you mean 'purchase'?");
        EditorFixture.awaitValidated(editor);
        StyledText widget = EditorFixture.text(editor);
        Screenshots.capture("editor-squiggle-shown");
        int unknown = text.indexOf("\"purchse\"");
        int known = text.indexOf("\"login\"");
        var eventColour = SegStyles.of(SegSemanticHighlightingCalculator.EVENT);
        // the valid event in the event colour, the unknown one not
        Conditions.waitUntil("the valid event in the event colour", () -> UiThread.call(() -> {
            StyleRange range = widget.getStyleRangeAtOffset(known + 1);
            return range != null && eventColour.getForeground().equals(range.foreground);
        }));
        StyleRange unknownRange = UiThread.call(() -> widget.getStyleRangeAtOffset(unknown + 1));
        assertFalse(unknownRange != null && eventColour.getForeground().equals(unknownRange.foreground),
                "the unknown event is not in the event colour");
        // the squiggle: red pixels below the unknown event's characters, none below the valid one
        try {
            Conditions.waitUntil("a squiggle under 'purchse'", () -> UiThread.call(() -> {
                StyleRange range = widget.getStyleRangeAtOffset(unknown + 1);
                return range != null && range.underline && (range.underlineStyle == SWT.UNDERLINE_SQUIGGLE
                        || range.underlineStyle == SWT.UNDERLINE_ERROR);
            }));
        } catch (AssertionError e) {
            StyleRange range = UiThread.call(() -> widget.getStyleRangeAtOffset(unknown + 1));
            UiThread.run(() -> editor.viewer().invalidateTextPresentation());
            Conditions.sleep(java.time.Duration.ofMillis(500));
            StyleRange after = UiThread.call(() -> widget.getStyleRangeAtOffset(unknown + 1));
            throw new AssertionError(e.getMessage() + ": the style there is " + range + "; after repainting all: " + after, e);
        }
        Conditions.waitUntil("red under 'purchse'", () -> redBelow(widget, unknown, "\"purchse\"".length()) >= 10);
        Screenshots.capture("editor-squiggle");
        int under = redBelow(widget, unknown, "\"purchse\"".length());
        int underValid = redBelow(widget, known, "\"login\"".length());
        assertEquals(0, underValid, "no squiggle under the valid event");
        // the squiggle spans the token: red in its first and last thirds
        int third = "\"purchse\"".length() / 3;
        assertTrue(redBelow(widget, unknown, third) > 0 && redBelow(widget, unknown + 2 * third, third) > 0,
                "the squiggle spans the whole token (" + under + " red pixels)");
        // nothing red before the token (under 'did ')
        assertEquals(0, redBelow(widget, unknown - 4, 3), "no squiggle before the token");
    }

    @Test
    void aSegmentsSizeIsShownAboveItAndMarkedStaleWhenEditedUntilSaved() throws Exception {
        String text = "package acme.t\n\nsegment Active {\n    owner \"o\"\n    where did \"login\"\n}\n\n"
                + "segment Buyers {\n    owner \"o\"\n    where did \"purchase\" or did \"upgrade\"\n}\n";
        IFile file = EditorFixture.write(project, "sizes.seg", text);
        SegEditor editor = EditorFixture.open(file);
        // the fixture's data ends on 2026-01-08: u1 logged in; u1 bought and u2 upgraded
        Conditions.waitUntil("the sizes above the segments", () -> "1 user as of 2026-01-08".equals(label(editor, "Active"))
                && "2 users as of 2026-01-08".equals(label(editor, "Buyers")));
        // the line above the segment is drawn: the segment's line moved down by a line header
        Screenshots.capture("editor-segment-size");
        // an edit makes the size stale until the file is saved
        EditorFixture.focus(editor);
        int at = text.indexOf("\"upgrade\"") + "\"upgrade\"".length();
        UiThread.run(() -> editor.selectAndReveal(at, 0));
        Input.type(" or did \"signup\"");
        Conditions.waitUntil("the size marked as edited since", () -> String.valueOf(label(editor, "Buyers"))
                .equals("2 users as of 2026-01-08 — edited since: save to count again"));
        assertEquals("1 user as of 2026-01-08", label(editor, "Active"), "the other segment's size is still current");
        Screenshots.capture("editor-segment-size-stale");
        Input.key(SWT.MOD1, 's');
        Conditions.waitUntil("the size counted again on save", () -> "2 users as of 2026-01-08".equals(label(editor, "Buyers")));
    }

    private static String label(SegEditor editor, String segment) {
        return UiThread.call(() -> editor.outlineEntries().stream().filter(e -> e.name().equals(segment)).findFirst()
                .map(editor::segmentSizeLabel).orElse(null));
    }

    /** How many red pixels the editor draws in the lower half of the line box of the characters (model offsets). */
    private static int redBelow(StyledText widget, int offset, int length) {
        return UiThread.call(() -> {
            Rectangle box = widget.getTextBounds(offset, offset + length - 1);
            Point size = widget.getSize();
            Image image = new Image(widget.getDisplay(), size.x, size.y);
            // what the screen shows where the widget is (a widget's own GC cannot be read back on GTK 3)
            GC gc = new GC(widget.getDisplay());
            try {
                Point corner = widget.toDisplay(0, 0);
                gc.copyArea(image, corner.x, corner.y);
                ImageData data = image.getImageData();
                int red = 0;
                int lineHeight = widget.getLineHeight(offset);
                for (int y = box.y + lineHeight / 2; y < Math.min(size.y, box.y + lineHeight + 1); y++) {
                    for (int x = Math.max(0, box.x); x < Math.min(size.x, box.x + box.width); x++) {
                        RGB rgb = data.palette.getRGB(data.getPixel(x, y));
                        // the error colour of the annotation preferences (255,0,128 by default): red, little green
                        if (rgb.red >= 180 && rgb.green <= 90) {
                            red++;
                        }
                    }
                }
                return red;
            } finally {
                gc.dispose();
                image.dispose();
            }
        });
    }
}
