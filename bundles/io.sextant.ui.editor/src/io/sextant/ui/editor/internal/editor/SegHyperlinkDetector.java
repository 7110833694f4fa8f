package io.sextant.ui.editor.internal.editor;

import java.util.Optional;

import org.eclipse.core.resources.IFile;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.Region;
import org.eclipse.jface.text.hyperlink.IHyperlink;
import org.eclipse.jface.text.hyperlink.IHyperlinkDetector;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.texteditor.ITextEditor;
import org.eclipse.xtext.resource.XtextResource;

import io.sextant.dsl.ide.SegLanguageServices.Location;
import io.sextant.ui.editor.internal.model.LanguageWork;
import io.sextant.ui.editor.internal.model.SegFiles;
import io.sextant.ui.editor.internal.model.SegLanguage;

/**
 * Ctrl+click on a reference opens its definition, in this file or another. Detection runs on the UI thread,
 * so it only asks the parsed text when that is the text on screen and the project is not busy (a lookup in
 * the parsed model takes microseconds).
 */
final class SegHyperlinkDetector implements IHyperlinkDetector {

    private final SegEditor editor;

    SegHyperlinkDetector(SegEditor editor) {
        this.editor = editor;
    }

    @Override
    public IHyperlink[] detectHyperlinks(ITextViewer textViewer, IRegion region, boolean canShowMultipleHyperlinks) {
        SegReconciler reconciler = editor.reconciler();
        if (reconciler == null) {
            return null;
        }
        int offset = region.getOffset();
        Optional<Location> location = reconciler.model().tryLocked(0, files -> {
            XtextResource resource = reconciler.currentParsed();
            return resource == null ? Optional.<Location>empty()
                    : LanguageWork.run("find the definition", () -> SegLanguage.services().definitionAt(resource, offset));
        });
        if (location == null || location.isEmpty()) {
            return null;
        }
        IRegion word = word(reconciler.latest().text(), offset);
        return new IHyperlink[] { new DefinitionLink(word, location.get()) };
    }

    /** The qualified name around the offset. */
    static IRegion word(String text, int offset) {
        int start = Math.min(offset, text.length());
        while (start > 0 && (Character.isJavaIdentifierPart(text.charAt(start - 1)) || text.charAt(start - 1) == '.')) {
            start--;
        }
        int end = Math.min(offset, text.length());
        while (end < text.length() && (Character.isJavaIdentifierPart(text.charAt(end)) || text.charAt(end) == '.')) {
            end++;
        }
        return new Region(start, end - start);
    }

    /** Opens the file of the location in an editor and selects the definition's name. */
    static void open(Location location) {
        IFile file = SegFiles.file(location.uri());
        if (file == null || !file.exists()) {
            return;
        }
        try {
            IEditorPart part = IDE.openEditor(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage(), file);
            if (part instanceof ITextEditor text) {
                text.selectAndReveal(location.offset(), location.length());
            }
        } catch (PartInitException e) {
            org.eclipse.core.runtime.ILog.of(SegHyperlinkDetector.class).log(e.getStatus());
        }
    }

    private record DefinitionLink(IRegion region, Location location) implements IHyperlink {
        @Override
        public IRegion getHyperlinkRegion() {
            return region;
        }

        @Override
        public String getTypeLabel() {
            return "Definition";
        }

        @Override
        public String getHyperlinkText() {
            return "Open Declaration";
        }

        @Override
        public void open() {
            SegHyperlinkDetector.open(location);
        }
    }
}
