package io.sextant.data.imports.internal;

import java.math.BigDecimal;

import io.sextant.dsl.context.ValueType;

/**
 * Infers a property's type from the values it takes: the narrowest of BOOLEAN, NUMBER, TIMESTAMP that every
 * non-empty value fits, else TEXT. Text from CSV may be any of them; a JSON string is TIMESTAMP or TEXT (a
 * JSON writer who meant a number would have written one).
 */
public final class TypeInference {

    private boolean maybeBoolean = true;
    private boolean maybeNumber = true;
    private boolean maybeTimestamp = true;
    private long values;

    public void observe(Object value) {
        if (value == null) {
            return;
        }
        if (value instanceof String text) {
            if (text.isEmpty()) {
                return;
            }
            values++;
            if (maybeBoolean && !ValueParsers.isBoolean(text)) {
                maybeBoolean = false;
            }
            if (maybeNumber && ValueParsers.number(text) == null) {
                maybeNumber = false;
            }
            if (maybeTimestamp && !ValueParsers.looksLikeTimestamp(text)) {
                maybeTimestamp = false;
            }
            return;
        }
        values++;
        maybeBoolean &= value instanceof Boolean;
        maybeNumber &= value instanceof BigDecimal;
        maybeTimestamp = false;
    }

    /** Observes a JSON string: never a number or boolean. */
    public void observeJsonString(String text) {
        observe(text);
        maybeBoolean = false;
        maybeNumber = false;
    }

    /** Whether some value fits no narrower type than TEXT: no later value can change the type. */
    public boolean isText() {
        return values > 0 && !maybeBoolean && !maybeNumber && !maybeTimestamp;
    }

    public ValueType type() {
        if (values == 0) {
            return ValueType.TEXT;
        }
        if (maybeBoolean) {
            return ValueType.BOOLEAN;
        }
        if (maybeNumber) {
            return ValueType.NUMBER;
        }
        if (maybeTimestamp) {
            return ValueType.TIMESTAMP;
        }
        return ValueType.TEXT;
    }
}
