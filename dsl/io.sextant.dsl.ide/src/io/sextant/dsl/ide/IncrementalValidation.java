package io.sextant.dsl.ide;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.CrossReference;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextSyntaxDiagnostic;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.util.IAcceptor;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.Issue;
import org.eclipse.xtext.validation.ResourceValidatorImpl;
import org.eclipse.xtext.validation.AbstractInjectableValidator;
import org.eclipse.xtext.validation.CancelableDiagnostician;
import org.eclipse.xtext.validation.impl.ConcreteSyntaxEValidator;
import org.eclipse.emf.common.util.BasicDiagnostic;
import org.eclipse.emf.common.util.Diagnostic;
import org.eclipse.emf.ecore.EValidator;
import org.eclipse.emf.ecore.util.EcoreUtil;

import io.sextant.dsl.seg.Definition;
import io.sextant.dsl.seg.SegFile;

/**
 * Validation of one file as it is edited, which validates again only what an edit can have changed: the
 * definitions whose text changed, the definitions that refer to them (or, when an edit changes what a
 * definition refers to or its name, everything that reaches it through references, since cycles run through
 * it), and the definitions that share a changed name. The others keep the issues found for their unchanged
 * text, moved to where that text is now. Everything is validated when the caller's environment (the other
 * files, the catalog, the published versions) is not the one of the last validation.
 * <p>
 * Gives the same issues as {@link SegLanguageServices#validate}: the language's rules look at a definition,
 * what it contains, what it refers to (transitively for cycles) and the names of the project. Not
 * thread-safe: one per edited file, used under the project's lock.
 */
public final class IncrementalValidation {

    /** The validator of the language, opened up to validate one definition and convert the resource's diagnostics. */
    public static class DefinitionValidator extends ResourceValidatorImpl {
        public DefinitionValidator() {
        }

        /**
         * The context of one validation run, as the language's validator makes it, shared by its definitions:
         * the validators keep what they work out once per run in it (the file's reference cycles, the names of
         * the project), so a fresh context per definition would repeat that for each.
         */
        Map<Object, Object> options(XtextResource resource, CancelIndicator cancel) {
            Map<Object, Object> options = getDiagnostician().createDefaultContext();
            options.put(CheckMode.KEY, CheckMode.ALL);
            options.put(CancelableDiagnostician.CANCEL_INDICATOR, cancel);
            options.put(ConcreteSyntaxEValidator.DISABLE_CONCRETE_SYNTAX_EVALIDATOR, Boolean.TRUE);
            options.put(EValidator.class, getDiagnostician());
            options.put(AbstractInjectableValidator.CURRENT_LANGUAGE_NAME, resource.getLanguageName());
            return options;
        }

        void validateDefinition(EObject definition, Map<Object, Object> context, IAcceptor<Issue> acceptor) {
            // the three-argument validate: the one-argument form copies the context for every definition
            BasicDiagnostic diagnostic = getDiagnostician().createDefaultDiagnostic(definition);
            getDiagnostician().validate(definition, diagnostic, context);
            if (diagnostic.getChildren().isEmpty()) {
                issueFromEValidatorDiagnostic(diagnostic, acceptor);
            } else {
                for (Diagnostic child : diagnostic.getChildren()) {
                    issueFromEValidatorDiagnostic(child, acceptor);
                }
            }
        }

        void convert(Resource.Diagnostic diagnostic, Severity severity, IAcceptor<Issue> acceptor) {
            issueFromXtextResourceDiagnostic(diagnostic, severity, acceptor);
        }
    }

    /** What was found for one definition's text: its name, the names it refers to, its issues (offsets from its start). */
    private record Known(String name, Set<String> references, List<Issue> issues) {
    }

    /** How the URI of an issue names the definition it is in (by its index in the file). */
    private static final String DEFINITION_FRAGMENT = "//@definitions.";

    private final DefinitionValidator validator;
    private Map<String, List<Known>> knownByText = new HashMap<>();
    private Object environment;
    private int lastValidated;
    private int lastDefinitions;

    IncrementalValidation(DefinitionValidator validator) {
        this.validator = validator;
    }

    /** How many definitions the last call validated, of how many (for measurements and tests). */
    public int lastValidated() {
        return lastValidated;
    }

    public int lastDefinitions() {
        return lastDefinitions;
    }

    /** Forgets what was found: the next call validates everything. */
    public void forget() {
        knownByText = new HashMap<>();
        environment = null;
    }

    /**
     * The issues of the resource's current text. {@code environment} stands for everything outside the file
     * that validation reads; when it is not equal to the last call's, everything is validated.
     */
    public List<Issue> validate(XtextResource resource, Object environment, CancelIndicator cancel) {
        boolean everything = environment == null || !Objects.equals(environment, this.environment);
        // the environment and what was found change together, at the end: a cancelled call leaves both as they were
        List<Issue> issues = new ArrayList<>();
        for (Resource.Diagnostic diagnostic : resource.getErrors()) {
            if (diagnostic instanceof XtextSyntaxDiagnostic) {
                validator.convert(diagnostic, Severity.ERROR, issues::add);
            }
        }
        SegFile file = resource.getContents().isEmpty() || !(resource.getContents().get(0) instanceof SegFile f) ? null : f;
        if (file == null) {
            knownByText = new HashMap<>();
            this.environment = environment;
            return issues;
        }
        List<Definition> definitions = file.getDefinitions();
        int count = definitions.size();
        String[] texts = new String[count];
        int[] offsets = new int[count];
        Known[] known = new Known[count];
        Map<String, ArrayDeque<Known>> unused = new HashMap<>();
        if (!everything) {
            knownByText.forEach((text, list) -> unused.put(text, new ArrayDeque<>(list)));
        }
        Set<String> changedNames = new HashSet<>();
        Set<String> rewiredNames = new HashSet<>(); // names whose references changed, or which came or went
        for (int i = 0; i < count; i++) {
            ICompositeNode node = NodeModelUtils.getNode(definitions.get(i));
            texts[i] = node == null ? "" : node.getText();
            offsets[i] = node == null ? 0 : node.getTotalOffset();
            ArrayDeque<Known> candidates = unused.get(texts[i]);
            known[i] = candidates == null ? null : candidates.poll();
        }
        Map<String, Set<String>> oldReferences = new HashMap<>();
        unused.values().forEach(list -> list.forEach(gone -> {
            changedNames.add(gone.name());
            oldReferences.merge(gone.name(), gone.references(), (a, b) -> {
                Set<String> union = new HashSet<>(a);
                union.addAll(b);
                return union;
            });
        }));
        Map<String, Set<String>> references = new HashMap<>();
        String[] names = new String[count];
        List<Set<String>> referencesOf = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Definition definition = definitions.get(i);
            names[i] = definition.getName() == null ? "" : definition.getName();
            Set<String> referenced = known[i] != null ? known[i].references() : referencedNames(definition);
            referencesOf.add(referenced);
            if (known[i] == null) {
                changedNames.add(names[i]);
                if (!referenced.equals(oldReferences.get(names[i]))) {
                    rewiredNames.add(names[i]);
                }
            }
            references.computeIfAbsent(names[i], n -> new HashSet<>());
        }
        // a name that disappeared entirely also rewires: what referred to it no longer resolves
        for (String name : changedNames) {
            if (!oldReferences.containsKey(name)) {
                rewiredNames.add(name); // a new definition or a new name
            }
        }
        oldReferences.keySet().stream().filter(name -> !references.containsKey(name)).forEach(rewiredNames::add);

        boolean[] dirty = new boolean[count];
        if (everything) {
            java.util.Arrays.fill(dirty, true);
        } else {
            Map<String, List<Integer>> referrers = new HashMap<>();
            Map<String, List<Integer>> byName = new HashMap<>();
            for (int i = 0; i < count; i++) {
                byName.computeIfAbsent(names[i], n -> new ArrayList<>()).add(i);
                for (String target : referencesOf.get(i)) {
                    referrers.computeIfAbsent(target, n -> new ArrayList<>()).add(i);
                }
            }
            for (int i = 0; i < count; i++) {
                dirty[i] = known[i] == null;
            }
            for (String name : changedNames) {
                byName.getOrDefault(name, List.of()).forEach(i -> dirty[i] = true); // same name: duplicates
                referrers.getOrDefault(name, List.of()).forEach(i -> dirty[i] = true);
            }
            ArrayDeque<String> reach = new ArrayDeque<>(rewiredNames);
            Set<String> seen = new HashSet<>(rewiredNames);
            while (!reach.isEmpty()) {
                for (int i : referrers.getOrDefault(reach.poll(), List.of())) {
                    dirty[i] = true;
                    if (seen.add(names[i])) {
                        reach.add(names[i]);
                    }
                }
            }
        }

        int[] lineStarts = lineStarts(resource.getParseResult().getRootNode().getText());
        Map<String, List<Known>> nextKnown = new HashMap<>();
        int validated = 0;
        URI uri = resource.getURI();
        Map<Object, Object> options = null;
        for (int i = 0; i < count; i++) {
            Definition definition = definitions.get(i);
            List<Issue> found;
            if (dirty[i] || known[i] == null) {
                validated++;
                List<Issue> absolute = new ArrayList<>();
                EcoreUtil.resolveAll(definition); // links its references, so that unresolved ones are diagnosed
                int start = offsets[i];
                int end = start + texts[i].length();
                for (Resource.Diagnostic diagnostic : resource.getErrors()) {
                    if (!(diagnostic instanceof XtextSyntaxDiagnostic) && within(diagnostic, start, end)) {
                        validator.convert(diagnostic, Severity.ERROR, absolute::add);
                    }
                }
                for (Resource.Diagnostic diagnostic : resource.getWarnings()) {
                    if (within(diagnostic, start, end)) {
                        validator.convert(diagnostic, Severity.WARNING, absolute::add);
                    }
                }
                if (options == null) {
                    options = validator.options(resource, cancel);
                }
                validator.validateDefinition(definition, options, absolute::add);
                if (cancel.isCanceled()) {
                    return null;
                }
                issues.addAll(absolute);
                found = new ArrayList<>();
                for (Issue issue : absolute) {
                    found.add(moved(issue, -start, i, uri, null));
                }
            } else {
                found = known[i].issues();
                for (Issue issue : found) {
                    issues.add(moved(issue, offsets[i], i, uri, lineStarts));
                }
            }
            nextKnown.computeIfAbsent(texts[i], t -> new ArrayList<>())
                    .add(new Known(names[i], referencesOf.get(i), found));
        }
        knownByText = nextKnown;
        lastValidated = validated;
        lastDefinitions = count;
        this.environment = environment;
        return issues;
    }

    private static boolean within(Resource.Diagnostic diagnostic, int start, int end) {
        if (diagnostic instanceof org.eclipse.xtext.diagnostics.AbstractDiagnostic located) {
            return located.getOffset() >= start && located.getOffset() < end;
        }
        return false;
    }

    /** The last segments of the names the definition's references are written with (without resolving them). */
    private static Set<String> referencedNames(Definition definition) {
        Set<String> names = new HashSet<>();
        ICompositeNode node = NodeModelUtils.getNode(definition);
        if (node == null) {
            return names;
        }
        for (INode child : node.getAsTreeIterable()) {
            if (child.getGrammarElement() instanceof CrossReference) {
                String text = NodeModelUtils.getTokenText(child);
                names.add(text.substring(text.lastIndexOf('.') + 1).strip());
            }
        }
        return names;
    }

    /** The offset of each line's first character. */
    private static int[] lineStarts(String text) {
        int lines = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                lines++;
            }
        }
        int[] starts = new int[lines];
        int line = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts[line++] = i + 1;
            }
        }
        return starts;
    }

    /**
     * The issue moved by {@code shift} characters; with line starts, its lines and columns are those of its new
     * offset. Its URI points at the definition's index in the file now.
     */
    private static Issue moved(Issue issue, int shift, int newIndex, URI uri, int[] lineStarts) {
        Issue.IssueImpl copy = new Issue.IssueImpl();
        copy.setCode(issue.getCode());
        copy.setSeverity(issue.getSeverity());
        copy.setMessage(issue.getMessage());
        copy.setData(issue.getData());
        copy.setType(issue.getType());
        copy.setSyntaxError(issue.isSyntaxError());
        URI problem = issue.getUriToProblem();
        if (problem != null && problem.fragment() != null && problem.fragment().startsWith(DEFINITION_FRAGMENT)) {
            problem = uri.appendFragment(problem.fragment().replaceFirst("^//@definitions\\.\\d+", DEFINITION_FRAGMENT + newIndex));
        }
        copy.setUriToProblem(problem);
        copy.setLength(issue.getLength());
        copy.setLineNumber(issue.getLineNumber());
        copy.setColumn(issue.getColumn());
        copy.setLineNumberEnd(issue.getLineNumberEnd());
        copy.setColumnEnd(issue.getColumnEnd());
        if (issue.getOffset() != null) {
            int offset = issue.getOffset() + shift;
            copy.setOffset(offset);
            if (lineStarts != null) {
                int line = line(lineStarts, offset);
                copy.setLineNumber(line + 1);
                copy.setColumn(offset - lineStarts[line] + 1);
                if (issue.getLength() != null) {
                    int endOffset = offset + issue.getLength();
                    int endLine = line(lineStarts, endOffset);
                    copy.setLineNumberEnd(endLine + 1);
                    copy.setColumnEnd(endOffset - lineStarts[endLine] + 1);
                }
            }
        }
        return copy;
    }

    private static int line(int[] lineStarts, int offset) {
        int found = java.util.Arrays.binarySearch(lineStarts, offset);
        return found >= 0 ? found : -found - 2;
    }
}
