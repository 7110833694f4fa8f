package io.sextant.ui.editor.internal.editor;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.compare.CompareConfiguration;
import org.eclipse.compare.CompareEditorInput;
import org.eclipse.compare.CompareUI;
import org.eclipse.compare.IStreamContentAccessor;
import org.eclipse.compare.ITypedElement;
import org.eclipse.compare.structuremergeviewer.DiffNode;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.swt.graphics.Image;
import org.eclipse.ui.IFileEditorInput;

import io.sextant.dsl.ide.SegLanguageServices.OutlineEntry;
import io.sextant.model.Definition;
import io.sextant.model.DefinitionVersion;
import io.sextant.store.Repository;
import io.sextant.ui.internal.repository.ProjectRepositories;

/**
 * "Compare with Previous Version": the definition under the cursor, its latest version in the project's
 * repository beside the version before it, in the platform's Compare editor.
 */
final class CompareWithPrevious {

    private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+([A-Za-z_][\\w.]*)");

    private CompareWithPrevious() {
    }

    static void run(SegEditor editor) {
        if (!(editor.getEditorInput() instanceof IFileEditorInput input) || editor.reconciler() == null) {
            return;
        }
        int offset = ((ITextSelection) editor.getSelectionProvider().getSelection()).getOffset();
        OutlineEntry entry = editor.outlineEntries().stream()
                .filter(e -> e.offset() <= offset && offset <= e.offset() + e.length()).findFirst().orElse(null);
        if (entry == null) {
            tell(editor, "Put the cursor in a definition to compare it with its previous version.");
            return;
        }
        Matcher matcher = PACKAGE.matcher(editor.reconciler().latest().text());
        String name = matcher.find() ? matcher.group(1) + "." + entry.name() : entry.name();
        IFile file = input.getFile();
        Repository repository = ProjectRepositories.get().of(file.getProject()).orElse(null);
        Definition definition = repository == null ? null : repository.definitions().history(name).orElse(null);
        List<DefinitionVersion> versions = definition == null ? List.of()
                : definition.getVersions().stream().sorted(Comparator.comparingInt(DefinitionVersion::getNumber)).toList();
        if (versions.size() < 2) {
            tell(editor, name + " has " + (versions.isEmpty() ? "no version" : "only one version")
                    + " in the repository: there is nothing to compare with yet.");
            return;
        }
        DefinitionVersion latest = versions.get(versions.size() - 1);
        DefinitionVersion previous = versions.get(versions.size() - 2);
        CompareConfiguration configuration = new CompareConfiguration();
        configuration.setLeftLabel(name + " version " + latest.getNumber() + " (" + latest.getStatus() + ")");
        configuration.setRightLabel(name + " version " + previous.getNumber() + " (" + previous.getStatus() + ")");
        CompareUI.openCompareEditor(new CompareEditorInput(configuration) {
            @Override
            protected Object prepareInput(IProgressMonitor monitor) throws InvocationTargetException, InterruptedException {
                setTitle("Compare " + name);
                return new DiffNode(new Text(latest), new Text(previous));
            }
        });
    }

    private static void tell(SegEditor editor, String message) {
        MessageDialog.openInformation(editor.getSite().getShell(), "Compare with Previous Version", message);
    }

    private record Text(DefinitionVersion version) implements ITypedElement, IStreamContentAccessor {
        @Override
        public String getName() {
            return "version " + version.getNumber();
        }

        @Override
        public Image getImage() {
            return null;
        }

        @Override
        public String getType() {
            return ITypedElement.TEXT_TYPE;
        }

        @Override
        public InputStream getContents() {
            return new ByteArrayInputStream(version.getSourceText().getBytes(StandardCharsets.UTF_8));
        }
    }
}
