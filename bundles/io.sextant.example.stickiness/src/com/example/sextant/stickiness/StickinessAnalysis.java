package com.example.sextant.stickiness;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;

import io.sextant.analysis.Analysis;
import io.sextant.analysis.AnalysisContext;
import io.sextant.analysis.Results;
import io.sextant.dsl.seg.Segment;
import io.sextant.engine.EngineException;
import io.sextant.engine.UserEvents;
import io.sextant.model.Result;

/**
 * Stickiness: for each of the last {@code days} days D before the as-of date, DAU (users with an event on D),
 * MAU (users with an event in the 30 days ending with D) and DAU / MAU. Written only against Sextant's public
 * API, as an example for plug-in authors.
 */
public class StickinessAnalysis implements Analysis {

    static final int MONTH = 30;

    @Override
    public List<String> unmetRequirements(AnalysisContext context) {
        int days = context.parameters().integer("days");
        return days >= 1 && days <= 366 ? List.of() : List.of("days is between 1 and 366, not " + days);
    }

    @Override
    public List<Result> run(AnalysisContext context, IProgressMonitor monitor) throws EngineException {
        int days = context.parameters().integer("days");
        Segment segment = context.parameters().segment("segment");
        LocalDate last = context.asOf();
        LocalDate first = last.minusDays(days - 1L + MONTH - 1L); // the first day any MAU window reaches
        int span = (int) ChronoUnit.DAYS.between(first, last) + 1;

        int[] dau = new int[span];
        int[] mau = new int[span];
        context.engine().eventsByUser(segment, List.of(), monitor, (user, events) -> {
            BitSet active = new BitSet(span);
            for (UserEvents.Event event : events) {
                LocalDate day = event.time().toLocalDate();
                if (!day.isBefore(first)) {
                    active.set((int) ChronoUnit.DAYS.between(first, day));
                }
            }
            for (int day = active.nextSetBit(0); day >= 0; day = active.nextSetBit(day + 1)) {
                dau[day]++;
            }
            for (int day = 0; day < span; day++) {
                // active in the 30 days ending with this day
                int next = active.nextSetBit(Math.max(0, day - MONTH + 1));
                if (next >= 0 && next <= day) {
                    mau[day]++;
                }
            }
        });

        List<String> dates = new ArrayList<>();
        List<Double> x = new ArrayList<>();
        List<Double> daily = new ArrayList<>();
        List<Double> monthly = new ArrayList<>();
        List<Double> ratio = new ArrayList<>();
        for (int day = span - days; day < span; day++) {
            dates.add(first.plusDays(day).toString());
            x.add((double) (day - span + 1));
            daily.add((double) dau[day]);
            monthly.add((double) mau[day]);
            ratio.add(mau[day] == 0 ? null : (double) dau[day] / mau[day]);
        }
        return List.of(
                Results.series("Stickiness", "DAU / MAU per day (0 = the as-of date)", "days", "share", x, ratio, null,
                        null),
                Results.table("Daily and monthly active users", "Per day").text("day", dates)
                        .number("DAU", "users", daily).number("MAU", "users", monthly)
                        .number("DAU/MAU", "share", ratio).build());
    }
}
