package io.sextant.dsl.conversion;

import java.math.BigDecimal;

import org.eclipse.xtext.common.services.DefaultTerminalConverters;
import org.eclipse.xtext.conversion.IValueConverter;
import org.eclipse.xtext.conversion.ValueConverter;
import org.eclipse.xtext.conversion.ValueConverterException;
import org.eclipse.xtext.conversion.impl.AbstractNullSafeConverter;
import org.eclipse.xtext.conversion.impl.INTValueConverter;
import org.eclipse.xtext.nodemodel.INode;

import com.google.inject.Inject;

/**
 * Value converters of the .seg language: the Number rule becomes an exact BigDecimal (never a double), a filtered
 * property name is an ID; a whole number too large for its clause is an error in words.
 */
public class SegValueConverters extends DefaultTerminalConverters {

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
    private WholeNumberConverter integer;
    @Inject
    private WholeNumberConverter terminalsInteger;

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
