package io.sextant.dsl.ide;

import io.sextant.dsl.ide.highlighting.SegSemanticHighlightingCalculator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

import org.antlr.runtime.ANTLRStringStream;
import org.antlr.runtime.CommonToken;
import org.antlr.runtime.Token;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EValidator;
import org.eclipse.emf.ecore.impl.EValidatorRegistryImpl;
import org.eclipse.xtext.documentation.IEObjectDocumentationProvider;
import org.eclipse.xtext.formatting2.FormatterPreferenceKeys;
import org.eclipse.xtext.formatting2.FormatterRequest;
import org.eclipse.xtext.formatting2.IFormatter2;
import org.eclipse.xtext.formatting2.regionaccess.ITextRegionAccess;
import org.eclipse.xtext.formatting2.regionaccess.TextRegionAccessBuilder;
import org.eclipse.xtext.ide.LexerIdeBindings;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistContext;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistEntry;
import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalAcceptor;
import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalProvider;
import org.eclipse.xtext.ide.editor.contentassist.antlr.ContentAssistContextFactory;
import org.eclipse.xtext.ide.editor.folding.FoldingRange;
import org.eclipse.xtext.ide.editor.folding.IFoldingRangeProvider;
import org.eclipse.xtext.ide.editor.syntaxcoloring.DefaultAntlrTokenToAttributeIdMapper;
import org.eclipse.xtext.ide.editor.syntaxcoloring.ISemanticHighlightingCalculator;
import org.eclipse.xtext.naming.IQualifiedNameProvider;
import org.eclipse.xtext.naming.QualifiedName;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.parser.antlr.Lexer;
import org.eclipse.xtext.preferences.MapBasedPreferenceValues;
import org.eclipse.xtext.resource.EObjectAtOffsetHelper;
import org.eclipse.xtext.resource.ILocationInFileProvider;
import org.eclipse.xtext.resource.IResourceFactory;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.util.ITextRegion;
import org.eclipse.xtext.util.Modules2;
import org.eclipse.xtext.util.TextRegion;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.name.Names;

import io.sextant.dsl.SegRuntimeModule;
import io.sextant.dsl.context.NoProjectContext;
import io.sextant.dsl.context.ProjectContextProvider;
import io.sextant.dsl.seg.AnalysisUse;
import io.sextant.dsl.seg.Definition;
import io.sextant.dsl.seg.Experiment;
import io.sextant.dsl.seg.Playbook;
import io.sextant.dsl.seg.Variant;

/**
 * Everything an editor needs from the .seg language, in plain Java types: validation, content assist,
 * lexical and semantic colouring, go to definition, hover, folding, outline and formatting. The editor bundle
 * calls this; it has no Eclipse UI types. Create one per process (the injector is expensive) and one
 * {@link SegProject} per project.
 */
public final class SegLanguageServices {

    /** A content assist proposal: replace {@code prefix} before the cursor with {@code text}. */
    public record Proposal(String text, String label, String description, String kind, String prefix) {
    }

    /** A range of text and the style it gets (lexical ids such as "keyword", or the seg.* semantic ids). */
    public record StyledRange(int offset, int length, String style) {
    }

    /** A place in a file. */
    public record Location(URI uri, int offset, int length) {
    }

    /** A node of the outline: a definition (kind, name) and what it contains. */
    public record OutlineEntry(String kind, String name, int offset, int length, List<OutlineEntry> children) {
    }

    /** Indentation the formatter uses. */
    public static final String INDENTATION = "    ";

    private final Injector injector;
    private final IResourceValidator validator;
    private final IdeContentProposalProvider proposals;
    private final ExecutorService executor;
    private final ISemanticHighlightingCalculator semanticHighlighting;
    private final DefaultAntlrTokenToAttributeIdMapper tokenStyles;
    private final EObjectAtOffsetHelper atOffset;
    private final ILocationInFileProvider locations;
    private final IEObjectDocumentationProvider documentation;
    private final IFoldingRangeProvider folding;
    private final IQualifiedNameProvider names;

    private SegLanguageServices(Injector injector) {
        this.injector = injector;
        this.validator = injector.getInstance(IResourceValidator.class);
        this.proposals = injector.getInstance(IdeContentProposalProvider.class);
        this.executor = injector.getInstance(ExecutorService.class);
        this.semanticHighlighting = injector.getInstance(ISemanticHighlightingCalculator.class);
        this.tokenStyles = injector.getInstance(DefaultAntlrTokenToAttributeIdMapper.class);
        this.atOffset = injector.getInstance(EObjectAtOffsetHelper.class);
        this.locations = injector.getInstance(ILocationInFileProvider.class);
        this.documentation = injector.getInstance(IEObjectDocumentationProvider.class);
        this.folding = injector.getInstance(IFoldingRangeProvider.class);
        this.names = injector.getInstance(IQualifiedNameProvider.class);
    }

    /** Services without a project context: structural checks only. */
    public static SegLanguageServices create() {
        return create(new NoProjectContext());
    }

    /** Services whose validation and content assist ask the given project context (catalog, versions, facts). */
    public static SegLanguageServices create(ProjectContextProvider contexts) {
        SegIdeSetup setup = new SegIdeSetup() {
            @Override
            public Injector createInjector() {
                // the validators go into a registry of these services' own: in EMF's global registry the first
                // injector's validator wins (another one of the same class is ignored), and that may be one
                // that knows no project context (the recording of saved files makes one)
                EValidator.Registry validators = new EValidatorRegistryImpl(EValidator.Registry.INSTANCE) {
                    private static final long serialVersionUID = 1L;

                    @Override
                    protected Object delegatedGet(Object key) {
                        // the language's own package never comes from the global registry
                        return key == io.sextant.dsl.seg.SegPackage.eINSTANCE ? null : super.delegatedGet(key);
                    }
                };
                return Guice.createInjector(Modules2.mixin(new SegRuntimeModule(), new SegIdeModule(),
                        binder -> binder.bind(ProjectContextProvider.class).toInstance(contexts),
                        binder -> binder.bind(EValidator.Registry.class).toInstance(validators)));
            }
        };
        return new SegLanguageServices(setup.createInjectorAndDoEMFRegistration());
    }

    public Injector injector() {
        return injector;
    }

    public SegProject newProject() {
        return new SegProject(injector.getInstance(XtextResourceSet.class), injector.getInstance(IResourceFactory.class));
    }

    /** Syntax, linking and every validation rule. */
    public List<Issue> validate(XtextResource resource, CancelIndicator cancel) {
        return validator.validate(resource, CheckMode.ALL, cancel);
    }

    /** Validation of one edited file that validates again only what an edit can have changed (one per file). */
    /** Semantic colours for one edited file, computed again only for the definitions whose text changed. */
    public IncrementalHighlighting newIncrementalHighlighting() {
        return new IncrementalHighlighting((SegSemanticHighlightingCalculator) semanticHighlighting);
    }

    public IncrementalValidation newIncrementalValidation() {
        return new IncrementalValidation(injector.getInstance(IncrementalValidation.DefinitionValidator.class));
    }

    /** Proposals at the offset: keywords, definitions that may be referenced there, catalog events and properties. */
    public List<Proposal> complete(XtextResource resource, int offset, CancelIndicator cancel) {
        String text = resource.getParseResult().getRootNode().getText();
        ContentAssistContextFactory factory = injector.getInstance(ContentAssistContextFactory.class);
        factory.setPool(executor);
        ContentAssistContext[] contexts = factory.create(text, new TextRegion(offset, 0), offset, resource);
        IdeContentProposalAcceptor acceptor = injector.getInstance(IdeContentProposalAcceptor.class);
        acceptor.setCancelIndicator(cancel);
        proposals.createProposals(List.of(contexts), acceptor);
        List<Proposal> result = new ArrayList<>();
        for (ContentAssistEntry entry : acceptor.getEntries()) {
            result.add(new Proposal(entry.getProposal(), entry.getLabel() == null ? entry.getProposal() : entry.getLabel(),
                    entry.getDescription(), entry.getKind(), entry.getPrefix()));
        }
        return result;
    }

    /** Styles from the model: declared names, references, event names, properties. */
    public List<StyledRange> semanticHighlighting(XtextResource resource, CancelIndicator cancel) {
        List<StyledRange> ranges = new ArrayList<>();
        semanticHighlighting.provideHighlightingFor(resource,
                (offset, length, styles) -> ranges.add(new StyledRange(offset, length, String.join(",", styles))),
                cancel);
        return ranges;
    }

    /** Styles from the tokens alone (keyword, string, number, comment, ...), for text that need not parse. */
    public List<StyledRange> lexicalHighlighting(String text) {
        Lexer lexer = injector.getInstance(Key.get(Lexer.class, Names.named(LexerIdeBindings.HIGHLIGHTING)));
        lexer.setCharStream(new ANTLRStringStream(text));
        List<StyledRange> ranges = new ArrayList<>();
        for (Token token = lexer.nextToken(); token.getType() != Token.EOF; token = lexer.nextToken()) {
            CommonToken common = (CommonToken) token;
            ranges.add(new StyledRange(common.getStartIndex(), common.getStopIndex() - common.getStartIndex() + 1,
                    tokenStyles.getId(common.getType())));
        }
        return ranges;
    }

    /** Where the definition referenced at the offset is declared (in this file or another of the project). */
    public Optional<Location> definitionAt(XtextResource resource, int offset) {
        INode node = atOffset.getCrossReferenceNode(resource, new TextRegion(offset, 0));
        if (node == null) {
            return Optional.empty();
        }
        EObject target = atOffset.getCrossReferencedElement(node);
        if (target == null || target.eIsProxy()) {
            return Optional.empty();
        }
        ITextRegion region = locations.getSignificantTextRegion(target);
        return Optional.of(new Location(target.eResource().getURI(), region.getOffset(), region.getLength()));
    }

    /**
     * What to show when hovering over a definition or a reference to one: its kind and qualified name, version
     * and owner, description, and its documentation comment.
     */
    public Optional<String> hover(XtextResource resource, int offset) {
        EObject element = atOffset.resolveElementAt(resource, offset);
        if (!(element instanceof Definition definition)) {
            return Optional.empty();
        }
        StringBuilder text = new StringBuilder();
        QualifiedName name = names.getFullyQualifiedName(definition);
        text.append(kind(definition)).append(' ').append(name == null ? definition.getName() : name);
        text.append(" (version ").append(definition.getVersion() == 0 ? 1 : definition.getVersion());
        if (definition.getOwner() != null) {
            text.append(", owner ").append(definition.getOwner());
        }
        text.append(')');
        if (definition.getDescription() != null) {
            text.append('\n').append(definition.getDescription());
        }
        String comment = documentation.getDocumentation(definition);
        if (comment != null && !comment.isBlank()) {
            text.append("\n\n").append(comment.strip());
        }
        return Optional.of(text.toString());
    }

    public List<FoldingRange> folding(XtextResource resource, CancelIndicator cancel) {
        return new ArrayList<>(folding.getFoldingRanges(resource, cancel));
    }

    /** Definitions in file order; experiments list their variants, playbooks their analyses. */
    public List<OutlineEntry> outline(XtextResource resource) {
        List<OutlineEntry> entries = new ArrayList<>();
        if (resource.getContents().isEmpty()) {
            return entries;
        }
        for (EObject object : resource.getContents().get(0).eContents()) {
            if (object instanceof Definition definition && definition.getName() != null) {
                List<OutlineEntry> children = new ArrayList<>();
                if (definition instanceof Experiment experiment) {
                    for (Variant variant : experiment.getVariants()) {
                        children.add(entry("variant", variant.getName(), variant, List.of()));
                    }
                }
                if (definition instanceof Playbook playbook) {
                    for (AnalysisUse analysis : playbook.getAnalyses()) {
                        children.add(entry("analysis", analysis.getAnalysis(), analysis, List.of()));
                    }
                }
                entries.add(entry(kind(definition), definition.getName(), definition, children));
            }
        }
        return entries;
    }

    private OutlineEntry entry(String kind, String name, EObject object, List<OutlineEntry> children) {
        ITextRegion region = locations.getFullTextRegion(object);
        return new OutlineEntry(kind, name, region.getOffset(), region.getLength(), List.copyOf(children));
    }

    /** The file's text as the formatter lays it out. */
    public String format(XtextResource resource) {
        ITextRegionAccess regions = injector.getInstance(TextRegionAccessBuilder.class).forNodeModel(resource).create();
        FormatterRequest request = injector.getInstance(FormatterRequest.class);
        request.setTextRegionAccess(regions);
        MapBasedPreferenceValues preferences = new MapBasedPreferenceValues();
        preferences.put(FormatterPreferenceKeys.indentation, INDENTATION);
        request.setPreferences(preferences);
        return regions.getRewriter().renderToString(injector.getInstance(IFormatter2.class).format(request));
    }

    private static String kind(Definition definition) {
        return definition.eClass().getName().toLowerCase();
    }
}
