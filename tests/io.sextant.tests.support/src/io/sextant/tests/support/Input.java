package io.sextant.tests.support;

import java.time.Duration;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;

/**
 * Real keyboard and mouse input through Display.post (XTest under X11/Xvfb): the events go through the
 * window system, focus handling, key bindings and listeners exactly like a person's typing.
 */
public final class Input {

    /** Characters that need Shift on the US layout that Xvfb uses. */
    private static final String SHIFTED = "~!@#$%^&*()_+{}|:\"<>?";

    private static final Duration SETTLE = Duration.ofMillis(30);

    private Input() {
    }

    /** Moves the pointer to the middle of the control and clicks the left button. */
    public static void click(Control control) {
        Point center = UiThread.call(() -> {
            Rectangle bounds = control.getBounds();
            return control.getParent() == null
                    ? new Point(bounds.x + bounds.width / 2, bounds.y + bounds.height / 2)
                    : control.getParent().toDisplay(bounds.x + bounds.width / 2, bounds.y + bounds.height / 2);
        });
        clickAt(center.x, center.y);
    }

    /** Clicks the left button at display coordinates. */
    public static void clickAt(int x, int y) {
        post(mouse(SWT.MouseMove, x, y, 0));
        post(mouse(SWT.MouseDown, x, y, 1));
        post(mouse(SWT.MouseUp, x, y, 1));
        Conditions.sleep(SETTLE);
    }

    /** Types the text into whatever has the keyboard focus. Newlines are typed as Enter. */
    public static void type(String text) {
        for (char c : text.toCharArray()) {
            if (c == '\n') {
                key(0, SWT.CR);
            } else if (Character.isUpperCase(c) || SHIFTED.indexOf(c) >= 0) {
                key(SWT.SHIFT, c);
            } else {
                key(0, c);
            }
        }
    }

    /**
     * Presses a key with modifiers held, e.g. {@code key(SWT.MOD1, 's')} for Save. The key is a character
     * or an SWT key code (SWT.CR, SWT.ARROW_DOWN, SWT.ESC, ...).
     */
    public static void key(int modifiers, int key) {
        int[] modifierKeys = { SWT.CTRL, SWT.SHIFT, SWT.ALT, SWT.COMMAND };
        for (int modifier : modifierKeys) {
            if ((modifiers & modifier) != 0) {
                post(keyEvent(SWT.KeyDown, modifier, (char) 0));
            }
        }
        // SWT gives Enter, Esc, Tab, Backspace and Delete both a key code and a character; arrows and
        // function keys only a key code (KEYCODE_BIT); printable keys only a character
        boolean control = key == SWT.CR || key == SWT.ESC || key == SWT.TAB || key == SWT.BS || key == SWT.DEL;
        boolean keyCodeOnly = (key & SWT.KEYCODE_BIT) != 0;
        char character = keyCodeOnly ? 0 : (char) key;
        int keyCode = control || keyCodeOnly ? key : 0;
        post(keyEvent(SWT.KeyDown, keyCode, character));
        post(keyEvent(SWT.KeyUp, keyCode, character));
        for (int i = modifierKeys.length - 1; i >= 0; i--) {
            if ((modifiers & modifierKeys[i]) != 0) {
                post(keyEvent(SWT.KeyUp, modifierKeys[i], (char) 0));
            }
        }
        Conditions.sleep(SETTLE);
    }

    private static Event keyEvent(int type, int keyCode, char character) {
        Event event = new Event();
        event.type = type;
        event.keyCode = keyCode;
        event.character = character;
        return event;
    }

    private static Event mouse(int type, int x, int y, int button) {
        Event event = new Event();
        event.type = type;
        event.x = x;
        event.y = y;
        event.button = button;
        return event;
    }

    private static void post(Event event) {
        boolean posted = UiThread.call(() -> {
            Display display = UiThread.display();
            return display.post(event);
        });
        if (!posted) {
            throw new IllegalStateException("the window system refused a posted event (type " + event.type
                    + "); UI tests need an X server with the XTEST extension, such as Xvfb");
        }
        UiThread.processEvents();
    }
}
