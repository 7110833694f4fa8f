package io.sextant.dsl.ide;

import org.eclipse.xtext.ide.LexerIdeBindings;
import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalProvider;
import org.eclipse.xtext.ide.editor.syntaxcoloring.ISemanticHighlightingCalculator;
import org.eclipse.xtext.parser.antlr.AntlrTokenDefProvider;
import org.eclipse.xtext.parser.antlr.ITokenDefProvider;
import org.eclipse.xtext.parser.antlr.Lexer;

import com.google.inject.Binder;
import com.google.inject.name.Names;

import io.sextant.dsl.ide.contentassist.SegContentProposalProvider;
import io.sextant.dsl.ide.highlighting.SegSemanticHighlightingCalculator;
import io.sextant.dsl.parser.antlr.internal.InternalSegLexer;

/** Guice bindings of the generic IDE services of the .seg language. */
public class SegIdeModule extends AbstractSegIdeModule {

    /**
     * Lexical colouring outside the Xtext Eclipse UI: the UI module would bind the lexer and token definitions
     * that the token-to-style mapper needs; the generic IDE module does not, so it is done here.
     */
    public void configureHighlightingLexer(Binder binder) {
        binder.bind(Lexer.class).annotatedWith(Names.named(LexerIdeBindings.HIGHLIGHTING)).to(InternalSegLexer.class);
    }

    public void configureHighlightingTokenDefProvider(Binder binder) {
        binder.bind(ITokenDefProvider.class).annotatedWith(Names.named(LexerIdeBindings.HIGHLIGHTING))
                .to(AntlrTokenDefProvider.class);
    }

    public Class<? extends ISemanticHighlightingCalculator> bindISemanticHighlightingCalculator() {
        return SegSemanticHighlightingCalculator.class;
    }

    public Class<? extends IdeContentProposalProvider> bindIdeContentProposalProvider() {
        return SegContentProposalProvider.class;
    }
}
