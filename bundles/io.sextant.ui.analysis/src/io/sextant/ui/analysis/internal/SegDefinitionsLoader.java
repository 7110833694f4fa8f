package io.sextant.ui.analysis.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.core.resources.IContainer;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.resource.IResourceServiceProvider;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;

import io.sextant.dsl.SegStandaloneSetup;
import io.sextant.dsl.seg.Definition;
import io.sextant.dsl.seg.SegFile;

/**
 * Reads a project's .seg files into one resource set with references resolved, as the runner needs them
 * (one file may be given with the editor's unsaved text). Uses the language as registered in the workbench
 * (the editor registers it); registers it only when nobody has yet.
 */
final class SegDefinitionsLoader {

    private static final URI PROBE = URI.createURI("probe.seg");

    private SegDefinitionsLoader() {
    }

    /** The project's .seg files, parsed and resolved; {@code override} (may be null) replaces one file's text. */
    static Map<IFile, SegFile> load(IProject project, IFile overrideFile, String overrideText)
            throws CoreException, IOException {
        XtextResourceSet resources = resourceSet();
        List<IFile> files = new ArrayList<>();
        collect(project, files);
        Map<IFile, SegFile> result = new LinkedHashMap<>();
        for (IFile file : files) {
            URI uri = URI.createPlatformResourceURI(file.getFullPath().toString(), true);
            XtextResource resource = (XtextResource) resources.createResource(uri);
            try (InputStream in = file.equals(overrideFile) && overrideText != null
                    ? new ByteArrayInputStream(overrideText.getBytes(StandardCharsets.UTF_8))
                    : file.getContents(true)) {
                resource.load(in, null);
            }
            if (!resource.getContents().isEmpty() && resource.getContents().get(0) instanceof SegFile segFile) {
                result.put(file, segFile);
            }
        }
        EcoreUtil.resolveAll(resources);
        return result;
    }

    static List<Definition> definitions(Map<IFile, SegFile> files) {
        List<Definition> definitions = new ArrayList<>();
        files.values().forEach(file -> definitions.addAll(file.getDefinitions()));
        return definitions;
    }

    private static synchronized XtextResourceSet resourceSet() {
        IResourceServiceProvider provider = IResourceServiceProvider.Registry.INSTANCE.getResourceServiceProvider(PROBE);
        if (provider == null) {
            new SegStandaloneSetup().createInjectorAndDoEMFRegistration();
            provider = IResourceServiceProvider.Registry.INSTANCE.getResourceServiceProvider(PROBE);
        }
        return provider.get(XtextResourceSet.class);
    }

    private static void collect(IContainer container, List<IFile> into) throws CoreException {
        for (IResource member : container.members()) {
            if (member instanceof IFile file && "seg".equals(file.getFileExtension())) {
                into.add(file);
            } else if (member instanceof IContainer folder && !member.getName().startsWith(".")
                    && !member.isDerived()) {
                collect(folder, into);
            }
        }
    }
}
