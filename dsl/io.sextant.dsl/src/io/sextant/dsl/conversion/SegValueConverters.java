package io.sextant.dsl.conversion;

import java.math.BigDecimal;

import org.eclipse.xtext.common.services.DefaultTerminalConverters;
import org.eclipse.xtext.conversion.IValueConverter;
import org.eclipse.xtext.conversion.ValueConverter;
import org.eclipse.xtext.conversion.ValueConverterException;
import org.eclipse.xtext.conversion.impl.AbstractNullSafeConverter;
import org.eclipse.xtext.nodemodel.INode;

/** Value converters of the .seg language: the Number rule becomes an exact BigDecimal (never a double). */
public class SegValueConverters extends DefaultTerminalConverters {

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
}
