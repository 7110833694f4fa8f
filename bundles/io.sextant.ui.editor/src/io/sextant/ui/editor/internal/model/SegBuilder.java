package io.sextant.ui.editor.internal.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IResourceDelta;
import org.eclipse.core.resources.IncrementalProjectBuilder;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.validation.Issue;

import io.sextant.dsl.ide.SegProject;
import io.sextant.ui.editor.SegEditors;

/**
 * Validates every .seg file of the project as saved, with references across files, and keeps one problem
 * marker per issue. A change to one file can break or mend references in the others, so each build
 * validates them all again (a file of 1,000 definitions takes about 100 ms); the files' parsed forms are
 * kept between builds and only changed, added, deleted or renamed files are parsed again.
 */
public final class SegBuilder extends IncrementalProjectBuilder {

    /** The saved files of each project, as the builder last read them (builds of a project never overlap). */
    private static final Map<IProject, SegProject> SAVED = new ConcurrentHashMap<>();

    @Override
    protected IProject[] build(int kind, Map<String, String> args, IProgressMonitor monitor) throws CoreException {
        IProject project = getProject();
        SegProject files = SAVED.get(project);
        IResourceDelta delta = kind == FULL_BUILD || files == null ? null : getDelta(project);
        if (delta == null) {
            files = SegLanguage.services().newProject();
            SAVED.put(project, files);
            List<IFile> all = new ArrayList<>();
            project.accept(resource -> {
                if (SegFiles.isSegFile(resource)) {
                    all.add((IFile) resource);
                }
                return true;
            });
            for (IFile file : all) {
                load(files, file);
            }
        } else {
            SegProject target = files;
            delta.accept(d -> {
                if (d.getResource() instanceof IFile file && "seg".equals(file.getFileExtension())) {
                    if (d.getKind() == IResourceDelta.REMOVED || !SegFiles.isSegFile(file)) {
                        target.remove(SegFiles.uri(file));
                    } else if (d.getKind() == IResourceDelta.ADDED
                            || (d.getFlags() & (IResourceDelta.CONTENT | IResourceDelta.REPLACED)) != 0) {
                        load(target, file);
                    }
                }
                return true;
            });
        }
        validateAll(files, monitor);
        return null;
    }

    @Override
    protected void clean(IProgressMonitor monitor) throws CoreException {
        SAVED.remove(getProject());
        getProject().deleteMarkers(SegEditors.PROBLEM_MARKER, true, IResource.DEPTH_INFINITE);
    }

    private static void load(SegProject files, IFile file) {
        URI uri = SegFiles.uri(file);
        try {
            String text = SegFiles.read(file);
            LanguageWork.run("build: parse " + file.getName(), () -> files.put(uri, text));
        } catch (Exception e) {
            files.remove(uri);
        }
    }

    private void validateAll(SegProject files, IProgressMonitor monitor) throws CoreException {
        List<XtextResource> resources = files.files();
        SubMonitor progress = SubMonitor.convert(monitor, "Validating segment files", resources.size());
        Map<IFile, List<Issue>> issues = new HashMap<>();
        for (XtextResource resource : resources) {
            if (progress.isCanceled()) {
                throw new OperationCanceledException();
            }
            IFile file = SegFiles.file(resource.getURI());
            progress.subTask(file == null ? resource.getURI().lastSegment() : file.getFullPath().toString());
            List<Issue> found = LanguageWork.run("build: validate " + resource.getURI().lastSegment(),
                    () -> SegLanguage.services().validate(resource, () -> progress.isCanceled()));
            if (file != null && file.exists()) {
                issues.put(file, found);
            }
            progress.worked(1);
        }
        for (Map.Entry<IFile, List<Issue>> entry : issues.entrySet()) {
            replaceMarkers(entry.getKey(), entry.getValue());
        }
    }

    /** Replaces the file's markers with one per issue (syntax, linking and every validation rule). */
    public static void replaceMarkers(IFile file, List<Issue> issues) throws CoreException {
        file.deleteMarkers(SegEditors.PROBLEM_MARKER, false, IResource.DEPTH_ZERO);
        for (Issue issue : issues) {
            if (issue.getSeverity() == Severity.IGNORE) {
                continue;
            }
            IMarker marker = file.createMarker(SegEditors.PROBLEM_MARKER);
            Map<String, Object> attributes = new HashMap<>();
            attributes.put(IMarker.MESSAGE, issue.getMessage());
            attributes.put(IMarker.SEVERITY, switch (issue.getSeverity()) {
                case ERROR -> IMarker.SEVERITY_ERROR;
                case WARNING -> IMarker.SEVERITY_WARNING;
                default -> IMarker.SEVERITY_INFO;
            });
            if (issue.getLineNumber() != null) {
                attributes.put(IMarker.LINE_NUMBER, issue.getLineNumber());
            }
            if (issue.getOffset() != null && issue.getLength() != null) {
                attributes.put(IMarker.CHAR_START, issue.getOffset());
                attributes.put(IMarker.CHAR_END, issue.getOffset() + issue.getLength());
            }
            if (issue.getCode() != null) {
                attributes.put(SegEditors.ISSUE_CODE, issue.getCode());
            }
            if (issue.getData() != null && issue.getData().length > 0) {
                attributes.put(SegEditors.ISSUE_DATA, String.join(SegEditors.DATA_SEPARATOR, issue.getData()));
            }
            attributes.put(IMarker.SOURCE_ID, "Segment Validator");
            marker.setAttributes(attributes);
        }
    }
}
