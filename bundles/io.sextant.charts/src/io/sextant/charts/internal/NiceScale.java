package io.sextant.charts.internal;

import org.eclipse.birt.chart.model.component.Axis;
import org.eclipse.birt.chart.model.data.impl.NumberDataElementImpl;

/**
 * A value axis on round steps (1, 2 or 5 times a power of ten, about six of them) from 0 or below to 0 or above.
 * BIRT's own scale fills a wide chart with a tick at every small step (0%, 1%, 2%, ... 28%), which prints as an
 * unreadable row of labels; and it ends the axis at the longest bar, where the bar's value label has no room.
 */
final class NiceScale {

    private static final int TICKS = 6;

    private NiceScale() {
    }

    /**
     * Sets the axis' scale to cover min..max and 0, widened by {@code pad} (a share of the range) on each side
     * that has values, for the labels written beside the bars' ends.
     */
    static void apply(Axis axis, double min, double max, double pad) {
        apply(axis, min, max, pad, null);
    }

    /**
     * As {@link #apply(Axis, double, double, double)}; shares (unit "share") whose values lie within 0..100 %
     * keep the axis within 0..100 % however much room the labels would like: a share beyond 100 % means
     * nothing to a reader. Below 0 the axis stops at -100 % only when the labels have their room there: a label
     * beside a bar near -100 % would otherwise be written over the category labels.
     */
    static void apply(Axis axis, double min, double max, double pad, String unit) {
        double low = Math.min(0, min);
        double high = Math.max(0, max);
        double range = high - low;
        if (!(range > 0) || !Double.isFinite(range)) {
            return; // nothing to spread: BIRT's default scale
        }
        if (low < 0) {
            low -= pad * range;
        }
        if (high > 0) {
            high += pad * range;
        }
        double step = step((high - low) / TICKS);
        // the tolerance keeps an end that is already a multiple of the step (0 above all) where it is
        double lowEnd = Math.floor(low / step + 1e-9) * step;
        double highEnd = Math.ceil(high / step - 1e-9) * step;
        if ("share".equals(unit) && max <= 1 + 1e-9) {
            highEnd = Math.min(highEnd, 1);
        }
        // below 0 the labels written beside the bars' ends run towards the category labels: the axis stops at
        // -100 % only where that leaves them their room
        if ("share".equals(unit) && min >= -1 - 1e-9 && low >= -1 - 1e-9) {
            lowEnd = Math.max(lowEnd, -1);
        }
        axis.getScale().setMin(NumberDataElementImpl.create(lowEnd));
        axis.getScale().setMax(NumberDataElementImpl.create(highEnd));
        axis.getScale().setStep(step);
    }

    /** 1, 2 or 5 times a power of ten, at least the rough step. */
    static double step(double rough) {
        double power = Math.pow(10, Math.floor(Math.log10(rough)));
        for (double factor : new double[] { 1, 2, 5 }) {
            if (factor * power >= rough * (1 - 1e-9)) {
                return factor * power;
            }
        }
        return 10 * power;
    }
}
