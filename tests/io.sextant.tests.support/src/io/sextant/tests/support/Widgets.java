package io.sextant.tests.support;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

import org.eclipse.swt.custom.CTabFolder;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.TabFolder;
import org.eclipse.swt.widgets.ToolBar;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.swt.widgets.Widget;

/**
 * Finds widgets in a shell's widget tree by type, text or id, the way a UI robot does. Code under test
 * marks a widget for tests with {@link #setId(Widget, String)}.
 */
public final class Widgets {

    /** The data key under which a widget carries its test id. */
    public static final String ID_KEY = "io.sextant.widget.id";

    private Widgets() {
    }

    public static void setId(Widget widget, String id) {
        widget.setData(ID_KEY, id);
    }

    public static Predicate<Widget> withId(String id) {
        return w -> id.equals(w.getData(ID_KEY));
    }

    /** Matches widgets whose text (getText(), without mnemonic ampersands) equals the given text. */
    public static Predicate<Widget> withText(String text) {
        return w -> text.equals(textOf(w));
    }

    public static Predicate<Widget> withTextContaining(String part) {
        return w -> {
            String text = textOf(w);
            return text != null && text.contains(part);
        };
    }

    /** The widget's text if it has a getText() returning a String, without '&' mnemonics; else null. */
    public static String textOf(Widget widget) {
        try {
            Method getText = widget.getClass().getMethod("getText");
            if (getText.getReturnType() != String.class) {
                return null;
            }
            Object text = getText.invoke(widget);
            return text == null ? null : ((String) text).replace("&", "");
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    /** Every widget under root (root included, depth first) of the given type that matches. */
    public static <T extends Widget> List<T> findAll(Widget root, Class<T> type, Predicate<? super T> matcher) {
        return UiThread.call(() -> {
            List<T> found = new ArrayList<>();
            collect(root, type, matcher, found);
            return found;
        });
    }

    /** The first matching widget, or null. */
    public static <T extends Widget> T findFirst(Widget root, Class<T> type, Predicate<? super T> matcher) {
        List<T> all = findAll(root, type, matcher);
        return all.isEmpty() ? null : all.get(0);
    }

    /** Waits until a matching widget exists and returns it; the description names it in a timeout. */
    public static <T extends Widget> T await(Widget root, Class<T> type, Predicate<? super T> matcher,
            String description) {
        return await(root, type, matcher, description, Conditions.DEFAULT_TIMEOUT);
    }

    public static <T extends Widget> T await(Widget root, Class<T> type, Predicate<? super T> matcher,
            String description, Duration timeout) {
        return Conditions.waitFor(type.getSimpleName() + " " + description,
                () -> findFirst(root, type, matcher), timeout);
    }

    private static <T extends Widget> void collect(Widget widget, Class<T> type, Predicate<? super T> matcher,
            List<T> found) {
        if (widget == null || widget.isDisposed()) {
            return;
        }
        if (type.isInstance(widget) && matcher.test(type.cast(widget))) {
            found.add(type.cast(widget));
        }
        for (Widget child : children(widget)) {
            collect(child, type, matcher, found);
        }
    }

    private static List<Widget> children(Widget widget) {
        List<Widget> children = new ArrayList<>();
        // items are widgets but not controls: tabs, tool items, tree items
        if (widget instanceof CTabFolder folder) {
            children.addAll(List.of(folder.getItems()));
        } else if (widget instanceof TabFolder folder) {
            children.addAll(List.of(folder.getItems()));
        } else if (widget instanceof ToolBar bar) {
            children.addAll(List.of(bar.getItems()));
        } else if (widget instanceof Tree tree) {
            children.addAll(List.of(tree.getItems()));
        } else if (widget instanceof TreeItem item) {
            children.addAll(List.of(item.getItems()));
        }
        if (widget instanceof Composite composite) {
            children.addAll(List.of(composite.getChildren()));
        }
        if (widget instanceof Shell shell) {
            children.addAll(List.of(shell.getShells()));
        }
        children.removeIf(Objects::isNull);
        return children;
    }

    /** Whether the control and all its parents are visible (a control in a hidden tab is not). */
    public static boolean isShowing(Control control) {
        return UiThread.call(() -> {
            for (Control c = control; c != null; c = c.getParent()) {
                if (c.isDisposed() || !c.getVisible()) {
                    return false;
                }
            }
            return true;
        });
    }
}
