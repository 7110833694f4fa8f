package io.sextant.store;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.naming.IQualifiedNameProvider;
import org.eclipse.xtext.naming.QualifiedName;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.parser.IParseResult;
import org.eclipse.xtext.parser.IParser;
import org.eclipse.xtext.resource.XtextResource;

import io.sextant.dsl.SegDefinitions;
import io.sextant.dsl.seg.Definition;
import io.sextant.dsl.seg.Experiment;
import io.sextant.dsl.seg.Hypothesis;
import io.sextant.dsl.seg.Metric;
import io.sextant.dsl.seg.Playbook;
import io.sextant.dsl.seg.SegFile;
import io.sextant.dsl.seg.Segment;
import io.sextant.model.DefinitionKind;
import io.sextant.model.DefinitionVersion;

/**
 * Records the definitions of a saved .seg file in the repository: a draft for each definition whose text
 * changed, nothing for the others. Each definition is recorded on its own, so one refused definition (say,
 * an edit of a published version) does not keep the others of the file from being recorded.
 */
public final class SegFileRecorder {

    /** What recording a file did. */
    public record Summary(List<DefinitionVersion> recorded, int unchanged, List<Refusal> refused) {
    }

    /**
     * A definition the repository refused to record, with the line it starts on (1-based; 0 for the file).
     */
    public record Refusal(String qualifiedName, int line, String message) {
    }

    /** A definition of a file as the repository records it. */
    public record FileDefinition(DraftRequest draft, int line) {
    }

    private final Repository repository;

    public SegFileRecorder(Repository repository) {
        this.repository = repository;
    }

    /**
     * Records the file's definitions. A file with syntax errors records nothing: its definitions may be cut
     * short by the error, and recording them would make versions nobody wrote.
     */
    public Summary record(XtextResource resource) {
        return record(resource, new java.util.HashMap<>());
    }

    /**
     * Records the file's definitions, each based on the version this file last recorded or saw ({@code bases},
     * by qualified name, updated here): if someone else changed a definition since, that definition is
     * refused as a conflict and its base moves to the current version, so that saving again after merging
     * records it. A name without a base is recorded on top of whatever the repository holds.
     */
    public Summary record(XtextResource resource, java.util.Map<String, EditBase> bases) {
        if (!resource.getErrors().isEmpty()) {
            return new Summary(List.of(), 0, List.of(new Refusal(null, 0, resource.getURI().lastSegment()
                    + " has syntax errors: its definitions are recorded when they are fixed")));
        }
        IQualifiedNameProvider names = resource.getResourceServiceProvider().get(IQualifiedNameProvider.class);
        List<DefinitionVersion> recorded = new ArrayList<>();
        List<Refusal> refused = new ArrayList<>();
        int unchanged = 0;
        for (FileDefinition definition : definitions(resource, names)) {
            DraftRequest written = definition.draft();
            DraftRequest draft = new DraftRequest(written.qualifiedName(), written.kind(), written.number(),
                    written.sourceText(), bases.get(written.qualifiedName()), null);
            var before = repository.definitions().version(draft.qualifiedName(), draft.number());
            try {
                DefinitionVersion version = repository.definitions().recordDraft(draft);
                if (before.isPresent() && before.get().getRevision() == version.getRevision()) {
                    unchanged++;
                } else {
                    recorded.add(version);
                }
                repository.definitions().latest(draft.qualifiedName()).ifPresent(latest -> bases
                        .put(draft.qualifiedName(), new EditBase(latest.getNumber(), latest.getRevision())));
            } catch (ConflictException e) {
                bases.put(draft.qualifiedName(), e.current());
                refused.add(new Refusal(draft.qualifiedName(), definition.line(), e.getMessage()));
            } catch (StoreException e) {
                refused.add(new Refusal(draft.qualifiedName(), definition.line(), e.getMessage()));
            }
        }
        return new Summary(recorded, unchanged, refused);
    }

    /** A draft request for each definition of the file (qualified name, kind, written version, text). */
    public static List<FileDefinition> definitions(Resource resource, IQualifiedNameProvider names) {
        List<FileDefinition> drafts = new ArrayList<>();
        for (EObject root : resource.getContents()) {
            if (root instanceof SegFile file) {
                for (Definition definition : file.getDefinitions()) {
                    QualifiedName name = names.getFullyQualifiedName(definition);
                    String text = SegDefinitions.sourceText(definition);
                    if (name != null && text != null) {
                        int number = definition.getVersion() == 0 ? 1 : definition.getVersion();
                        drafts.add(new FileDefinition(new DraftRequest(name.toString(), kind(definition), number, text),
                                NodeModelUtils.findActualNodeFor(definition).getStartLine()));
                    }
                }
            }
        }
        return drafts;
    }

    public static DefinitionKind kind(Definition definition) {
        if (definition instanceof Segment) {
            return DefinitionKind.SEGMENT;
        }
        if (definition instanceof Metric) {
            return DefinitionKind.METRIC;
        }
        if (definition instanceof Hypothesis) {
            return DefinitionKind.HYPOTHESIS;
        }
        if (definition instanceof Experiment) {
            return DefinitionKind.EXPERIMENT;
        }
        if (definition instanceof Playbook) {
            return DefinitionKind.PLAYBOOK;
        }
        throw new IllegalArgumentException("not a definition kind the repository knows: " + definition.eClass().getName());
    }

    /** Rewrites the version clause of a definition's text with the language's parser (for revert). */
    public static VersionRenumbering renumbering(IParser parser) {
        return (text, number) -> {
            IParseResult result = parser.parse(new StringReader(text));
            if (result.hasSyntaxErrors() || !(result.getRootASTElement() instanceof SegFile file)
                    || file.getDefinitions().size() != 1) {
                throw new StoreException("The stored text cannot be read as one definition, so its version"
                        + " clause cannot be set to " + number + ": " + text.lines().findFirst().orElse(""));
            }
            return SegDefinitions.withVersion(file.getDefinitions().get(0), number);
        };
    }
}
