package io.sextant.dsl.parser;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.antlr.runtime.CharStream;
import org.antlr.runtime.Token;
import org.antlr.runtime.TokenSource;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.SyntaxErrorMessage;
import org.eclipse.xtext.nodemodel.impl.NodeModelBuilder;
import org.eclipse.xtext.parser.IParseResult;
import org.eclipse.xtext.parser.ParseException;
import org.eclipse.xtext.parser.ParseResult;
import org.eclipse.xtext.parser.antlr.AbstractInternalAntlrParser;
import org.eclipse.xtext.parser.antlr.IUnorderedGroupHelper;
import org.eclipse.xtext.parser.antlr.XtextTokenStream;
import org.eclipse.xtext.util.ReplaceRegion;

import io.sextant.dsl.parser.antlr.SegParser;
import io.sextant.dsl.validation.SegIssueCodes;

/**
 * The .seg parser with a limit on how deep conditions nest ({@link ConditionNesting}). A condition that nests
 * too deep is not given to the recursive ANTLR parser: its tokens are read as a comment, and the file gets one
 * syntax error, on the token where the condition went too deep, that says so. The rest of the file, the
 * definition around the condition included, parses as usual.
 */
public class NestingLimitedSegParser extends SegParser {

    /**
     * AbstractAntlrParser.doParse, with the token stream of this class: its token stream is a local variable
     * there, and what the stream left out is needed after parsing to report it.
     */
    @Override
    protected IParseResult doParse(String ruleName, CharStream in, NodeModelBuilder nodeModelBuilder,
            int initialLookAhead) {
        List<ConditionNesting.TooDeep> tooDeep = ConditionNesting.scan(in.substring(0, in.size() - 1));
        TokenSource tokenSource = createLexer(in);
        XtextTokenStream tokenStream = tooDeep.isEmpty() ? createTokenStream(tokenSource)
                : new LeavingOut(tokenSource, tooDeep);
        tokenStream.initCurrentLookAhead(initialLookAhead);
        setInitialHiddenTokens(tokenStream);
        AbstractInternalAntlrParser parser = createParser(tokenStream);
        parser.setTokenTypeMap(getTokenDefProvider().getTokenDefMap());
        parser.setSyntaxErrorProvider(getSyntaxErrorProvider());
        parser.setNodeModelBuilder(nodeModelBuilder);
        parser.setSemanticModelBuilder(getElementFactory());
        IUnorderedGroupHelper helper = getUnorderedGroupHelper().get();
        parser.setUnorderedGroupHelper(helper);
        helper.initializeWith(parser);
        IParseResult result;
        try {
            result = ruleName != null ? parser.parse(ruleName) : parser.parse();
        } catch (Exception e) {
            throw new ParseException(e.getMessage(), e);
        }
        return tooDeep.isEmpty() ? result : report(result, tooDeep, nodeModelBuilder);
    }

    /**
     * A partial parse sees only the part of the file around an edit, so it cannot tell how deep that part
     * stands: when the whole new text has a condition that nests too deep, the file is parsed whole.
     */
    @Override
    protected IParseResult doReparse(IParseResult previousParseResult, ReplaceRegion replaceRegion) {
        StringBuilder text = new StringBuilder(previousParseResult.getRootNode().getText());
        replaceRegion.applyTo(text);
        if (!ConditionNesting.scan(text).isEmpty()) {
            return doParse(new StringReader(text.toString()));
        }
        return super.doReparse(previousParseResult, replaceRegion);
    }

    /**
     * Puts the nesting errors on the tokens where the conditions went too deep, and drops the errors the
     * parser reported only because the conditions were left out (a definition ends where its condition should
     * be): those are at the first token after a left-out part.
     */
    private IParseResult report(IParseResult result, List<ConditionNesting.TooDeep> tooDeep, NodeModelBuilder builder) {
        List<INode> caused = new ArrayList<>();
        for (INode error : result.getSyntaxErrors()) {
            for (ConditionNesting.TooDeep deep : tooDeep) {
                if (error.getOffset() >= deep.regionStart() && error.getOffset() <= nextTokenEnd(result, deep.regionEnd())) {
                    caused.add(error);
                }
            }
        }
        for (INode error : caused) {
            builder.setSyntaxError(error, null);
        }
        int next = 0;
        for (ILeafNode leaf : result.getRootNode().getLeafNodes()) {
            if (next < tooDeep.size() && leaf.getTotalOffset() == tooDeep.get(next).offset()) {
                builder.setSyntaxError(leaf, new SyntaxErrorMessage(tooDeep.get(next).message(),
                        SegIssueCodes.CONDITION_TOO_DEEP));
                next++;
            }
        }
        return new ParseResult(result.getRootASTElement(), result.getRootNode(), true);
    }

    /** The end of the first token at or after the offset that is not white space or a comment. */
    private static int nextTokenEnd(IParseResult result, int offset) {
        for (ILeafNode leaf : result.getRootNode().getLeafNodes()) {
            if (leaf.getTotalOffset() >= offset && !leaf.isHidden()) {
                return leaf.getTotalEndOffset();
            }
        }
        return Integer.MAX_VALUE;
    }

    /** The lexer's tokens, with those of the conditions that nest too deep turned into a comment. */
    private final class LeavingOut extends XtextTokenStream {

        private final List<ConditionNesting.TooDeep> tooDeep;

        LeavingOut(TokenSource tokenSource, List<ConditionNesting.TooDeep> tooDeep) {
            super(tokenSource, getTokenDefProvider());
            this.tooDeep = tooDeep;
        }

        @Override
        protected void fillBuffer() {
            super.fillBuffer();
            int comment = tokenType("RULE_ML_COMMENT");
            int region = 0;
            for (int i = 0; i < tokens.size() && region < tooDeep.size(); i++) {
                Token token = (Token) tokens.get(i);
                int offset = ((org.antlr.runtime.CommonToken) token).getStartIndex();
                ConditionNesting.TooDeep deep = tooDeep.get(region);
                if (offset >= deep.regionEnd()) {
                    region++;
                    i--; // the same token against the next region
                } else if (offset >= deep.regionStart()) {
                    token.setType(comment);
                }
            }
        }

        private int tokenType(String name) {
            for (Map.Entry<Integer, String> entry : getTokenDefProvider().getTokenDefMap().entrySet()) {
                if (entry.getValue().equals(name)) {
                    return entry.getKey();
                }
            }
            throw new IllegalStateException("the grammar has no token " + name);
        }
    }
}
