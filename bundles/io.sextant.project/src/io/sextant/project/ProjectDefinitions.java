package io.sextant.project;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.Issue;

import io.sextant.analysis.DefinitionLookup;
import io.sextant.dsl.SegDefinitions;
import io.sextant.dsl.ide.SegLanguageServices;
import io.sextant.dsl.ide.SegProject;
import io.sextant.dsl.seg.Definition;
import io.sextant.dsl.seg.SegFile;

/**
 * The definitions of a project's .seg files, parsed together so that references resolve across files, and
 * every problem the language finds in them (syntax, references, validation against the project's catalog and
 * published versions).
 */
public final class ProjectDefinitions {

    private final Path folder;
    private final Map<Path, XtextResource> resources;
    private final List<Path> files;
    private final List<ProjectProblem> problems;
    private final List<Definition> definitions;

    private ProjectDefinitions(Path folder, Map<Path, XtextResource> resources, List<Path> files,
            List<ProjectProblem> problems, List<Definition> definitions) {
        this.folder = folder;
        this.resources = resources;
        this.files = files;
        this.problems = problems;
        this.definitions = definitions;
    }

    static ProjectDefinitions load(Path folder, SegLanguageServices services) throws ProjectException {
        SegProject project = services.newProject();
        Map<Path, XtextResource> resources = new LinkedHashMap<>();
        List<Path> files;
        try {
            files = SegSources.find(folder);
        } catch (java.io.IOException e) {
            throw new ProjectException("cannot list the .seg files of " + folder + ": " + e.getMessage(), e);
        }
        List<ProjectProblem> problems = new ArrayList<>();
        List<Path> relativeFiles = new ArrayList<>();
        for (Path file : files) {
            relativeFiles.add(folder.relativize(file));
            String text;
            try {
                text = SegSources.read(file, folder);
            } catch (SegSources.Unreadable e) {
                // one unreadable file is that file's error: the others are still parsed and their problems told
                problems.add(new ProjectProblem(e.file, e.line, 1, ProjectProblem.Severity.ERROR, e.problem));
                continue;
            }
            resources.put(folder.relativize(file), project.put(URI.createFileURI(file.toAbsolutePath().toString()), text));
        }
        List<Definition> definitions = new ArrayList<>();
        for (Map.Entry<Path, XtextResource> entry : resources.entrySet()) {
            for (Issue issue : services.validate(entry.getValue(), CancelIndicator.NullImpl)) {
                if (issue.getSeverity() != Severity.IGNORE) {
                    problems.add(problem(entry.getKey(), issue));
                }
            }
            if (!entry.getValue().getContents().isEmpty() && entry.getValue().getContents().get(0) instanceof SegFile file) {
                definitions.addAll(file.getDefinitions());
            }
        }
        problems.sort(java.util.Comparator.comparingInt(p -> relativeFiles.indexOf(p.file())));
        return new ProjectDefinitions(folder, Collections.unmodifiableMap(resources), List.copyOf(relativeFiles),
                List.copyOf(problems),
                List.copyOf(definitions));
    }

    private static ProjectProblem problem(Path file, Issue issue) {
        ProjectProblem.Severity severity = switch (issue.getSeverity()) {
            case ERROR -> ProjectProblem.Severity.ERROR;
            case WARNING -> ProjectProblem.Severity.WARNING;
            default -> ProjectProblem.Severity.INFO;
        };
        int line = issue.getLineNumber() == null ? 1 : issue.getLineNumber();
        int column = issue.getColumn() == null ? 1 : issue.getColumn();
        return new ProjectProblem(file, line, column, severity, issue.getMessage());
    }

    /** The project's .seg files, relative to the project folder (also those that could not be read). */
    public List<Path> files() {
        return files;
    }

    /** The parsed file (relative to the project folder), or empty (also when it could not be read as text). */
    public Optional<XtextResource> resource(Path file) {
        return Optional.ofNullable(resources.get(file));
    }

    /** Every problem, in file order then line order. */
    public List<ProjectProblem> problems() {
        return problems;
    }

    public boolean hasErrors() {
        return problems.stream().anyMatch(p -> p.severity() == ProjectProblem.Severity.ERROR);
    }

    /** Every definition of every file, in file order. */
    public List<Definition> all() {
        return definitions;
    }

    /** What analyses' parameters may name: qualified names, or simple names only one definition has. */
    public DefinitionLookup lookup() {
        return DefinitionLookup.of(definitions);
    }

    /**
     * The definition of this kind with this name (qualified, or simple when only one has it). An unknown or
     * ambiguous name is a one-line mistake that names what exists.
     */
    public <T extends Definition> T find(String name, Class<T> kind, String kindLabel) throws ProjectException {
        List<T> found = lookup().find(name).stream().filter(kind::isInstance).map(kind::cast).toList();
        if (found.size() == 1) {
            return found.get(0);
        }
        if (found.size() > 1) {
            throw new ProjectException("'" + name + "' names " + found.size() + " " + kindLabel + "s: "
                    + String.join(", ", found.stream().map(SegDefinitions::qualifiedName).toList())
                    + "; use the qualified name");
        }
        List<String> known = definitions.stream().filter(kind::isInstance).map(SegDefinitions::qualifiedName).sorted().toList();
        throw new ProjectException("no " + kindLabel + " '" + name + "' in the .seg files of " + folder.getFileName()
                + (known.isEmpty() ? "; it has none" : "; known: " + String.join(", ", known)));
    }
}
