package io.sextant.engine;

import org.jooq.Context;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.impl.CustomField;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Aggregates that analyses push down and that not every engine spells the same way. Each renders for the dialect
 * of the query it is in, so an analysis builds one query for every engine.
 */
public final class SqlAggregates {

    private SqlAggregates() {
    }

    /**
     * The exact median of the non-null values ({@code percentile_cont(0.5) WITHIN GROUP (ORDER BY value)}): the
     * middle value, or the mean of the two middle values; null without values. Trino has no exact percentile (its
     * approx_percentile is approximate), so there it is the middle of the sorted array of the values.
     */
    public static Field<Double> median(Field<Double> value) {
        return new Median(value);
    }

    private static final class Median extends CustomField<Double> {
        private static final long serialVersionUID = 1L;
        private final Field<Double> value;

        Median(Field<Double> value) {
            super(DSL.name("median"), SQLDataType.DOUBLE);
            this.value = value;
        }

        @Override
        public void accept(Context<?> ctx) {
            if (ctx.family() == SQLDialect.TRINO) {
                Field<Object> sorted = DSL.field("array_sort(array_agg({0}) FILTER (WHERE {0} IS NOT NULL))", value);
                ctx.visit(DSL.field("CASE WHEN cardinality({0}) > 0 THEN (element_at({0}, (cardinality({0}) + 1) / 2)"
                        + " + element_at({0}, cardinality({0}) / 2 + 1)) / 2 END", SQLDataType.DOUBLE, sorted));
            } else {
                ctx.visit(DSL.percentileCont(0.5).withinGroupOrderBy(value));
            }
        }
    }
}
