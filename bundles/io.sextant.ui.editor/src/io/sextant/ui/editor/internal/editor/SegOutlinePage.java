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

    private final SegEditor editor;
    private List<OutlineEntry> entries;
    private boolean selectingFromEditor;

    SegOutlinePage(SegEditor editor, List<OutlineEntry> entries) {
        this.editor = editor;
        this.entries = entries;
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
                return ((OutlineEntry) parent).children().toArray();
            }

            @Override
            public Object getParent(Object element) {
                return null;
            }

            @Override
            public boolean hasChildren(Object element) {
                return !((OutlineEntry) element).children().isEmpty();
            }
        });
        viewer.setLabelProvider(new LabelProvider() {
            @Override
            public String getText(Object element) {
                OutlineEntry entry = (OutlineEntry) element;
                return entry.name() + " : " + entry.kind();
            }
        });
        viewer.setUseHashlookup(false);
        viewer.setInput(entries == null ? List.of() : entries);
        viewer.expandAll();
        viewer.addSelectionChangedListener(event -> {
            if (!selectingFromEditor && event.getSelection() instanceof IStructuredSelection selection
                    && selection.getFirstElement() instanceof OutlineEntry entry) {
                editor.selectAndReveal(entry.offset(), 0);
            }
        });
    }

    void setEntries(List<OutlineEntry> newEntries) {
        if (newEntries.equals(entries)) {
            return;
        }
        entries = newEntries;
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
        OutlineEntry found = null;
        List<OutlineEntry> level = entries;
        boolean deeper = true;
        while (deeper) {
            deeper = false;
            for (OutlineEntry entry : level) {
                if (entry.offset() <= offset && offset <= entry.offset() + entry.length()) {
                    found = entry;
                    level = entry.children();
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
