package io.sextant.dsl.parser;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.antlr.runtime.EarlyExitException;
import org.antlr.runtime.MismatchedSetException;
import org.antlr.runtime.MismatchedTokenException;
import org.antlr.runtime.MissingTokenException;
import org.antlr.runtime.NoViableAltException;
import org.antlr.runtime.RecognitionException;
import org.antlr.runtime.Token;
import org.antlr.runtime.TokenStream;
import org.antlr.runtime.UnwantedTokenException;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.AbstractRule;
import org.eclipse.xtext.RuleCall;
import org.eclipse.xtext.diagnostics.Diagnostic;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.SyntaxErrorMessage;
import org.eclipse.xtext.parser.antlr.SyntaxErrorMessageProvider;

/**
 * Syntax errors in words: what is missing or unexpected, after which token, instead of ANTLR's token names
 * ({@code missing RULE_INT at '}'} becomes "a number is missing after '>='"). Where the parser only knows
 * that nothing fits, the rule it was reading says what was expected ("a condition", "a time unit").
 */
public class SegSyntaxErrorMessages extends SyntaxErrorMessageProvider {

    /** What a token of the grammar is, in words; keywords are shown as written, in quotes. */
    private static final Map<String, String> TOKENS = Map.of(
            "RULE_INT", "a number",
            "RULE_STRING", "a quoted text",
            "RULE_ID", "a name",
            "EOF", "the end of the file");

    /** What the parser was reading when nothing fitted, by grammar rule. */
    private static final Map<String, String> RULES = Map.ofEntries(
            Map.entry("Definition", "a definition (segment, metric, hypothesis, experiment or playbook)"),
            Map.entry("Condition", "a condition"),
            Map.entry("Or", "a condition"),
            Map.entry("And", "a condition"),
            Map.entry("Unary", "a condition"),
            Map.entry("Atom", "a condition"),
            Map.entry("EventFilter", "an event (its name in quotes, e.g. \"purchase\", or any event)"),
            Map.entry("FirstCondition", "first \"event\" and its window, e.g. first \"purchase\" within 14 days after signup"),
            Map.entry("LaterWindow", "at least N units after an anchor, e.g. at least 30 days after signup"),
            Map.entry("WindowDirection", "after or before"),
            Map.entry("PropertyFilter", "a property of the event, e.g. amount > 10"),
            Map.entry("PropertyName", "a property name"),
            Map.entry("Literal", "a value (a quoted text, a number, true, false or date \"2026-01-31\")"),
            Map.entry("Number", "a number"),
            Map.entry("Window", "a window, e.g. within 7 days, within 7 days after signup or within 7 days before signup"),
            Map.entry("SequenceWindow", "a window, e.g. within 7 days"),
            Map.entry("Anchor", "signup or first \"event\""),
            Map.entry("Aggregate", "count, sum, avg, min, max or distinct-days"),
            Map.entry("TimeUnit", "a time unit (hours, days or weeks)"),
            Map.entry("ComparisonOperator", "a comparison (=, !=, <, <=, >, >=)"),
            Map.entry("Direction", "increases or decreases"),
            Map.entry("MetricDefinition",
                    "what the metric measures (count, sum, avg, min, max, distinct-days, retention, conversion, "
                            + "lifetime value, cost to serve or ratio)"),
            Map.entry("ParameterValue", "a value or the name of a definition"),
            Map.entry("ParameterName", "a parameter name"),
            Map.entry("QualifiedName", "a name"),
            Map.entry("HeaderClause", "version, owner or description"));

    @Override
    public SyntaxErrorMessage getSyntaxErrorMessage(IParserErrorContext context) {
        RecognitionException e = context.getRecognitionException();
        if (e == null) {
            return new SyntaxErrorMessage(lexerMessage(context.getDefaultMessage()), Diagnostic.SYNTAX_DIAGNOSTIC);
        }
        String message = message(e, context.getTokenNames(), context.getCurrentNode());
        return message == null ? super.getSyntaxErrorMessage(context)
                : new SyntaxErrorMessage(message, Diagnostic.SYNTAX_DIAGNOSTIC);
    }

    private static String message(RecognitionException e, String[] tokenNames, INode currentNode) {
        String found = describe(e.token);
        String after = previous(e);
        String where = after == null ? "at the start of the file" : "after " + after;
        if (e instanceof MissingTokenException missing) {
            if (expectedEndOfFile(missing.getMissingType(), tokenNames)) {
                return doesNotStartADefinition(found);
            }
            String expected = expected(missing.getMissingType(), tokenNames);
            return atEndOfFile(e) ? expected + " is missing at the end of the file, " + where
                    : expected + " is missing " + where;
        }
        if (e instanceof UnwantedTokenException unwanted) {
            if (expectedEndOfFile(unwanted.expecting, tokenNames)) {
                return doesNotStartADefinition(found);
            }
            return found + " is not expected " + where + "; expected " + expected(unwanted.expecting, tokenNames);
        }
        if (e instanceof MismatchedTokenException mismatched && mismatched.expecting > 0) {
            if (expectedEndOfFile(mismatched.expecting, tokenNames)) {
                return doesNotStartADefinition(found);
            }
            return unexpected(expected(mismatched.expecting, tokenNames), found, where, e);
        }
        if (e instanceof NoViableAltException || e instanceof EarlyExitException || e instanceof MismatchedSetException
                || e instanceof MismatchedTokenException) {
            String expected = expectedByRule(currentNode);
            if ("'='".equals(found) && "'='".equals(after)) {
                return "write one '=' to compare: == is not an operator of the language";
            }
            if (expected == null) {
                return found + " is not expected " + where;
            }
            return unexpected(expected, found, where, e);
        }
        return null;
    }

    private static boolean atEndOfFile(RecognitionException e) {
        return e.token == null || e.token.getType() == Token.EOF;
    }

    private static String unexpected(String expected, String found, String where, RecognitionException e) {
        if (atEndOfFile(e)) {
            return expected + " is missing at the end of the file, " + where;
        }
        return "expected " + expected + " " + where + ", not " + found;
    }

    private static String doesNotStartADefinition(String found) {
        return found + " does not start a definition: a file holds package, import, segment, metric, hypothesis, "
                + "experiment and playbook";
    }

    private static boolean expectedEndOfFile(int type, String[] tokenNames) {
        return type == Token.EOF || "EOF".equals(name(type, tokenNames));
    }

    private static String name(int type, String[] tokenNames) {
        return type >= 0 && type < tokenNames.length ? tokenNames[type] : type == Token.EOF ? "EOF" : null;
    }

    /** A token type in words: a number, a quoted text, a name, a keyword in quotes. */
    private static String expected(int type, String[] tokenNames) {
        String name = name(type, tokenNames);
        if (name == null) {
            return "something else";
        }
        return TOKENS.getOrDefault(name, name.startsWith("RULE_") ? name.substring(5).toLowerCase() : name);
    }

    /** What the innermost rule being read expects, if it is one the language names. */
    private static String expectedByRule(INode node) {
        for (INode current = node; current != null; current = current.getParent()) {
            EObject element = current.getGrammarElement();
            AbstractRule rule = element instanceof RuleCall call ? call.getRule()
                    : element instanceof AbstractRule itself ? itself : null;
            if (rule != null && RULES.containsKey(rule.getName())) {
                return RULES.get(rule.getName());
            }
            if (rule != null) {
                return null; // a rule of its own (a segment, a variant): the token names say more than its name
            }
        }
        return null;
    }

    /**
     * A token as the user wrote it: quoted texts as they are (shortened), the end of the file in words, a
     * control character as its code (\u0000), never raw.
     */
    private static String describe(Token token) {
        if (token == null || token.getType() == Token.EOF) {
            return "the end of the file";
        }
        String text = token.getText() == null ? "" : token.getText();
        if (text.length() > 30) {
            text = text.substring(0, 27) + "...";
        }
        StringBuilder visible = new StringBuilder();
        text.chars().forEach(c -> visible.append(Character.isISOControl(c) && c != '\n' && c != '\t'
                ? String.format(java.util.Locale.ROOT, "\\u%04X", c) : String.valueOf((char) c)));
        text = visible.toString();
        return text.startsWith("\"") || text.startsWith("'") ? text : "'" + text + "'";
    }

    /** The token before the one the error is at (white space and comments skipped), described; null at the start. */
    private static String previous(RecognitionException e) {
        if (!(e.input instanceof TokenStream tokens) || e.token == null) {
            return null;
        }
        int index = e.token.getType() == Token.EOF ? tokens.size() : e.token.getTokenIndex();
        if (index < 0) {
            index = e.index;
        }
        for (int i = Math.min(index, tokens.size()) - 1; i >= 0; i--) {
            Token token = tokens.get(i);
            if (token.getChannel() == Token.DEFAULT_CHANNEL) {
                return describe(token);
            }
        }
        return null;
    }

    private static final Pattern MISMATCHED_CHARACTER = Pattern.compile("mismatched character '(.+)' expecting (.+)");
    private static final Pattern OTHER_CHARACTER = Pattern.compile(
            "(?:no viable alternative|required \\(\\.\\.\\.\\)\\+ loop did not match anything) at character '(.+)'");

    /**
     * The lexer's messages in words. It fails inside a token: a text or comment not closed at the end of the
     * file, a keyword with a '-' or '.' left unfinished ("distinct-dys"), a character no token starts with.
     */
    private static String lexerMessage(String message) {
        if (message == null) {
            return "a character that is not part of the language";
        }
        Matcher mismatched = MISMATCHED_CHARACTER.matcher(message);
        if (mismatched.matches()) {
            String found = mismatched.group(1);
            String expected = mismatched.group(2);
            if ("<EOF>".equals(found)) {
                if (expected.equals("'\"'") || expected.equals("'\\''")) {
                    return "a quoted text is not closed: add its closing quote";
                }
                if (expected.equals("'*'") || expected.equals("'/'")) {
                    return "a comment is not closed: end it with */";
                }
                return "the file ends in the middle of a word";
            }
            return expected.startsWith("'") ? "unexpected character '" + found + "': expected " + expected
                    : "unexpected character '" + found + "'";
        }
        Matcher other = OTHER_CHARACTER.matcher(message);
        if (other.matches()) {
            return "'" + other.group(1) + "' is not a character of the language";
        }
        return message;
    }
}
