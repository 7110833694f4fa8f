package io.sextant.ui.editor.internal.editor;

import java.util.List;

import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.views.contentoutline.ContentOutlinePage;

import io.sextant.dsl.ide.SegLanguageServices.OutlineEntry;

/**
 * The Outline of a .seg file: its definitions in file order (experiments with their variants, playbooks with
 * their analyses). Selecting one selects it in the editor; moving the caret selects the definition it is in.
 */
final class SegOutlinePage extends ContentOutlinePage {

    /**
     * A tree element: what the outline shows of an entry. Nodes stay the same objects while the structure does
     * (typing moves offsets, not definitions), so a keystroke updates offsets without rebuilding the tree.
     */
    static final class Node {
        final String kind;
        final String name;
        int offset;
        int length;
        final List<Node> children;

        Node(OutlineEntry entry) {
            kind = entry.kind();
            name = entry.name();
            offset = entry.offset();
            length = entry.length();
            children = entry.children().stream().map(Node::new).toList();
        }

        boolean sameShape(OutlineEntry entry) {
            if (!kind.equals(entry.kind()) || !java.util.Objects.equals(name, entry.name())
                    || children.size() != entry.children().size()) {
                return false;
            }
            for (int i = 0; i < children.size(); i++) {
                if (!children.get(i).sameShape(entry.children().get(i))) {
                    return false;
                }
            }
            return true;
        }

        void update(OutlineEntry entry) {
            offset = entry.offset();
            length = entry.length();
            for (int i = 0; i < children.size(); i++) {
                children.get(i).update(entry.children().get(i));
            }
        }
    }

    private final SegEditor editor;
    private List<Node> entries;
    private boolean selectingFromEditor;

    SegOutlinePage(SegEditor editor, List<OutlineEntry> entries) {
        this.editor = editor;
        this.entries = entries == null ? List.of() : entries.stream().map(Node::new).toList();
    }

    @Override
    public void createControl(Composite parent) {
        super.createControl(parent);
        TreeViewer viewer = getTreeViewer();
        viewer.setContentProvider(new ITreeContentProvider() {
            @Override
            public Object[] getElements(Object input) {
                return ((List<?>) input).toArray();
            }

            @Override
            public Object[] getChildren(Object parent) {
                return ((Node) parent).children.toArray();
            }

            @Override
            public Object getParent(Object element) {
                return null;
            }

            @Override
            public boolean hasChildren(Object element) {
                return !((Node) element).children.isEmpty();
            }
        });
        viewer.setLabelProvider(new LabelProvider() {
            @Override
            public String getText(Object element) {
                Node entry = (Node) element;
                return entry.name + " : " + entry.kind;
            }
        });
        viewer.setUseHashlookup(true);
        viewer.setInput(entries);
        viewer.expandAll();
        viewer.addSelectionChangedListener(event -> {
            if (!selectingFromEditor && event.getSelection() instanceof IStructuredSelection selection
                    && selection.getFirstElement() instanceof Node entry) {
                editor.selectAndReveal(entry.offset, 0);
            }
        });
    }

    void setEntries(List<OutlineEntry> newEntries) {
        boolean sameShape = newEntries.size() == entries.size();
        for (int i = 0; sameShape && i < entries.size(); i++) {
            sameShape = entries.get(i).sameShape(newEntries.get(i));
        }
        if (sameShape) {
            for (int i = 0; i < entries.size(); i++) {
                entries.get(i).update(newEntries.get(i));
            }
            return;
        }
        entries = newEntries.stream().map(Node::new).toList();
        TreeViewer viewer = getTreeViewer();
        if (viewer != null && !viewer.getControl().isDisposed()) {
            viewer.getControl().setRedraw(false);
            viewer.setInput(entries);
            viewer.expandAll();
            viewer.getControl().setRedraw(true);
        }
    }

    /** Link with the editor: selects the innermost entry that contains the offset. */
    void reveal(int offset) {
        TreeViewer viewer = getTreeViewer();
        if (viewer == null || viewer.getControl().isDisposed() || entries == null) {
            return;
        }
        Node found = null;
        List<Node> level = entries;
        boolean deeper = true;
        while (deeper) {
            deeper = false;
            for (Node entry : level) {
                if (entry.offset <= offset && offset <= entry.offset + entry.length) {
                    found = entry;
                    level = entry.children;
                    deeper = true;
                    break;
                }
            }
        }
        selectingFromEditor = true;
        try {
            viewer.setSelection(found == null ? StructuredSelection.EMPTY : new StructuredSelection(found), true);
        } finally {
            selectingFromEditor = false;
        }
    }
}
