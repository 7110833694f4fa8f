package io.sextant.dsl.conversion;

import java.math.BigDecimal;

import org.eclipse.xtext.common.services.DefaultTerminalConverters;
import org.eclipse.xtext.conversion.IValueConverter;
import org.eclipse.xtext.conversion.ValueConverter;
import org.eclipse.xtext.conversion.ValueConverterException;
import org.eclipse.xtext.conversion.ValueConverterWithValueException;
import org.eclipse.xtext.conversion.impl.AbstractNullSafeConverter;
import org.eclipse.xtext.conversion.impl.INTValueConverter;
import org.eclipse.xtext.conversion.impl.STRINGValueConverter;
import org.eclipse.xtext.nodemodel.INode;

import com.google.inject.Inject;

/**
 * Value converters of the .seg language: the Number rule becomes an exact BigDecimal (never a double), a filtered
 * property name is an ID; a text with a backslash that starts no escape, and a whole number too large for its
 * clause, are errors in words at their place.
 */
public class SegValueConverters extends DefaultTerminalConverters {

    /** The escapes of quoted texts, as the language reference lists them. */
    public static final String ESCAPES = "\\\" \\' \\\\ \\n \\t \\r \\b \\f \\uXXXX";

    /**
     * Xtext's conversion of quoted texts (escapes as in Java), with messages that name the wrong backslash
     * sequence and say how to write a backslash; the error stays on the sequence, not on the whole text.
     */
    public static class QuotedTextConverter extends STRINGValueConverter {
        @Override
        protected String convertFromString(String literal, INode node) throws ValueConverterWithValueException {
            try {
                return super.convertFromString(literal, node);
            } catch (ValueConverterWithValueException e) {
                // the range is within the literal (the quote is at 0)
                int start = e.getOffset();
                if (!e.hasRange() || start < 0 || start + e.getLength() > literal.length()
                        || literal.charAt(start) != '\\') {
                    throw e;
                }
                String sequence = literal.substring(start, start + e.getLength());
                // no cause: Xtext shows a cause's message instead of the exception's own
                throw new ValueConverterWithValueException("'" + sequence + "' is not an escape: in a quoted text a "
                        + "backslash starts one of " + ESCAPES + "; write \\\\ for a backslash itself", node,
                        e.getValue(), e.getOffset(), e.getLength(), null);
            }
        }

        @Override
        protected String getStringNotClosedMessage() {
            return "a quoted text is not closed: add its closing quote";
        }
    }

    /** Whole numbers (version, retention day) are ints: a larger one is an error that says so, not "For input string". */
    public static class WholeNumberConverter extends INTValueConverter {
        @Override
        public Integer toValue(String string, INode node) {
            try {
                return super.toValue(string, node);
            } catch (ValueConverterException e) {
                if (string != null && !string.isEmpty() && string.chars().allMatch(Character::isDigit)) {
                    // no cause: Xtext shows a cause's message instead of the exception's own
                    throw new ValueConverterException("the number " + string + " is too large here: at most "
                            + String.format(java.util.Locale.ROOT, "%,d", Integer.MAX_VALUE), node, null);
                }
                throw e;
            }
        }
    }

    // injected (the lexer-based converters need the lexer and their rule); one per rule name, as Xtext does
    @Inject
    private QuotedTextConverter string;
    @Inject
    private QuotedTextConverter terminalsString;
    @Inject
    private WholeNumberConverter integer;
    @Inject
    private WholeNumberConverter terminalsInteger;

    @Override
    @ValueConverter(rule = "STRING")
    public IValueConverter<String> STRING() {
        return string;
    }

    @Override
    @ValueConverter(rule = "org.eclipse.xtext.common.Terminals.STRING")
    public IValueConverter<String> TerminalsSTRING() {
        return terminalsString;
    }

    @Override
    @ValueConverter(rule = "INT")
    public IValueConverter<Integer> INT() {
        return integer;
    }

    @Override
    @ValueConverter(rule = "org.eclipse.xtext.common.Terminals.INT")
    public IValueConverter<Integer> TerminalsINT() {
        return terminalsInteger;
    }

    private final IValueConverter<BigDecimal> number = new AbstractNullSafeConverter<>() {
        @Override
        protected BigDecimal internalToValue(String string, INode node) {
            // the rule's text without hidden tokens, e.g. "-2.5"
            String text = string.replaceAll("\\s+", "");
            try {
                return new BigDecimal(text);
            } catch (NumberFormatException e) {
                throw new ValueConverterException("'" + text + "' is not a number", node, e);
            }
        }

        @Override
        protected String internalToString(BigDecimal value) {
            return value.toPlainString();
        }
    };

    @ValueConverter(rule = "Number")
    public IValueConverter<BigDecimal> Number() {
        return number;
    }

    /**
     * A filtered property (PropertyName: an ID or one of a few keywords written as they are) is read and written
     * as an ID: "^value" is the property "value", and a keyword is written back with its "^".
     */
    @ValueConverter(rule = "PropertyName")
    public IValueConverter<String> PropertyName() {
        return propertyName;
    }

    // its own instance: the service sets each converter's rule, and the ID converter must keep the ID rule
    private final IValueConverter<String> propertyName = new AbstractNullSafeConverter<>() {
        @Override
        protected String internalToValue(String string, INode node) {
            return string.startsWith("^") ? string.substring(1) : string;
        }

        @Override
        protected String internalToString(String value) {
            return ID().toString(value);
        }
    };
}
