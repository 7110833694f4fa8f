package io.sextant.cli.internal.commands;

import java.util.List;

import io.sextant.cli.internal.UserError;
import io.sextant.dsl.SegDefinitions;
import io.sextant.dsl.seg.Definition;
import io.sextant.project.ProjectException;
import io.sextant.project.SextantProject;

/**
 * The qualified name a user means by a name: a definition of the .seg files (qualified, or simple when only one
 * has it), else one the repository holds (a definition whose file is gone still has its history).
 */
final class RepositoryNames {

    private RepositoryNames() {
    }

    static String qualifiedName(SextantProject project, String name) throws UserError, ProjectException {
        List<Definition> inFiles = project.definitions().lookup().find(name);
        if (inFiles.size() == 1) {
            return SegDefinitions.qualifiedName(inFiles.get(0));
        }
        if (inFiles.size() > 1) {
            project.definitions().find(name, Definition.class, "definition"); // throws, naming the candidates
        }
        List<String> stored = project.repository().definitions().names();
        if (stored.contains(name)) {
            return name;
        }
        List<String> bySimpleName = stored.stream().filter(n -> n.endsWith("." + name)).toList();
        if (bySimpleName.size() == 1) {
            return bySimpleName.get(0);
        }
        if (bySimpleName.size() > 1) {
            throw new UserError("'" + name + "' names " + bySimpleName.size() + " definitions: "
                    + String.join(", ", bySimpleName) + "; use the qualified name");
        }
        throw new UserError("no definition '" + name + "' in the .seg files or the repository of "
                + project.folder().getFileName() + (stored.isEmpty() ? "" : "; known: " + String.join(", ", stored)));
    }
}
