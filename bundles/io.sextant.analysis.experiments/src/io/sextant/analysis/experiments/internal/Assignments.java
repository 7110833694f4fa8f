package io.sextant.analysis.experiments.internal;

import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.unquotedName;
import static org.jooq.impl.DSL.val;
import static org.jooq.impl.DSL.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.core.runtime.IProgressMonitor;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Name;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import io.sextant.dsl.seg.Experiment;
import io.sextant.dsl.seg.Segment;
import io.sextant.dsl.seg.Variant;
import io.sextant.engine.EngineException;
import io.sextant.engine.EngineRun;

/**
 * Who is in which variant, by the language's rule: a user's variant is the variant property of their first
 * assignment event before T (the event and its filters as the experiment's assignment clause says). Users are
 * left out, and counted, when they are not in the experiment's population, when their first event names no
 * variant, when their assignment events name more than one variant, or when the first names a variant the
 * experiment does not define (in that order of precedence).
 *
 * <p>Decided in SQL: {@link EngineRun#assignmentTable} gives each user's first variant and whether their events
 * name several (a temporary table of the run); one grouped query counts users by what became of them and by
 * variant, so what is read back is a row per variant (and per unknown variant value), never a row per user. The
 * metrics' queries join {@link #table} with {@link #counted} (their metric's table is over the population).
 *
 * @param users             variant → users who count, in the experiment's order of variants
 * @param severalVariants   users whose assignment events name more than one variant
 * @param withoutVariant    users whose first assignment event has no variant value
 * @param unknownVariants   variant value the experiment does not define → users
 * @param outsidePopulation assigned users who are not members of the population
 * @param table             the assignment table: user_id, variant, several_variants
 * @param variants          the experiment's variants
 */
record Assignments(Map<String, Long> users, long severalVariants, long withoutVariant,
        Map<String, Long> unknownVariants, long outsidePopulation, Table<?> table, List<String> variants) {

    private static final int ASSIGNED = 0;
    private static final int OUTSIDE = 1;
    private static final int WITHOUT = 2;
    private static final int SEVERAL = 3;
    private static final int UNKNOWN = 4;

    /** Counts the assignments; {@code population} null: every user of the analysis takes part. */
    static Assignments read(EngineRun run, Experiment experiment, Segment population, IProgressMonitor monitor)
            throws EngineException {
        List<String> names = new ArrayList<>();
        for (Variant variant : experiment.getVariants()) {
            names.add(variant.getName());
        }
        Table<?> first = run.assignmentTable(experiment, monitor).as(unquotedName("asg"));
        Field<String> user = field(name(unquotedName("asg"), unquotedName("user_id")), SQLDataType.VARCHAR);
        Field<String> variant = field(name(unquotedName("asg"), unquotedName("variant")), SQLDataType.VARCHAR);
        Field<Integer> several = field(name(unquotedName("asg"), unquotedName("several_variants")),
                SQLDataType.INTEGER);
        Table<?> from = first;
        Condition outside = DSL.falseCondition();
        if (population != null) {
            Table<?> members = run.membersTable(population, monitor).as(unquotedName("pop"));
            Field<String> member = field(name(unquotedName("pop"), unquotedName("user_id")), SQLDataType.VARCHAR);
            from = first.leftJoin(members).on(member.eq(user));
            outside = member.isNull();
        }
        List<Field<String>> values = new ArrayList<>();
        for (String name : names) {
            values.add(val(name, SQLDataType.VARCHAR));
        }
        Condition known = variant.in(values);
        Field<Integer> status = when(outside, inline(OUTSIDE)).when(variant.isNull(), inline(WITHOUT))
                .when(several.eq(inline(1)), inline(SEVERAL)).when(known, inline(ASSIGNED)).otherwise(inline(UNKNOWN));
        // the variant only where it is one (assigned or unknown): the other groups are one row each
        Field<String> key = when(outside.or(variant.isNull()).or(several.eq(inline(1))),
                DSL.castNull(SQLDataType.VARCHAR)).otherwise(variant);
        Table<?> statuses = DSL.select(status.as(unquotedName("status")), key.as(unquotedName("variant")))
                .from(from).asTable(unquotedName("st"));
        Field<Integer> statusColumn = field(name(unquotedName("st"), unquotedName("status")), SQLDataType.INTEGER);
        Field<String> variantColumn = field(name(unquotedName("st"), unquotedName("variant")), SQLDataType.VARCHAR);
        var query = DSL.select(statusColumn, variantColumn, count()).from(statuses).groupBy(statusColumn,
                variantColumn);

        Map<String, Long> users = new LinkedHashMap<>();
        for (String name : names) {
            users.put(name, 0L);
        }
        Map<String, Long> unknown = new TreeMap<>();
        long[] left = new long[UNKNOWN + 1];
        for (Record row : run.aggregate(query, "the assignments of experiment " + experiment.getName(), monitor)) {
            int kind = row.get(0, Integer.class);
            String name = row.get(1, String.class);
            long count = row.get(2, Long.class);
            switch (kind) {
                case ASSIGNED -> users.merge(name, count, Long::sum);
                case UNKNOWN -> unknown.merge(name, count, Long::sum);
                default -> left[kind] += count;
            }
        }
        return new Assignments(users, left[SEVERAL], left[WITHOUT], unknown, left[OUTSIDE],
                run.assignmentTable(experiment, monitor), names);
    }

    /**
     * Whether the user in the assignment table joined as {@code alias} counts: one variant, which the experiment
     * defines. (Whether they are in the population, the query's other tables say.)
     */
    Condition counted(Name alias) {
        List<Field<String>> values = new ArrayList<>();
        for (String name : variants) {
            values.add(val(name, SQLDataType.VARCHAR));
        }
        return field(name(alias, unquotedName("several_variants")), SQLDataType.INTEGER).eq(inline(0))
                .and(field(name(alias, unquotedName("variant")), SQLDataType.VARCHAR).in(values));
    }

    long assigned() {
        return users.values().stream().mapToLong(Long::longValue).sum();
    }
}
