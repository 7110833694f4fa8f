package io.sextant.analysis.experiments.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * Difference-in-differences for a change without randomisation: the treated group's change from the
 * pre-period to the post-period minus the comparison group's change over the same periods.
 * <p>
 * Input is a panel: each user's metric in each period (periods of equal length, the same users in every
 * period). Each user's change is the mean of their post-periods minus the mean of their pre-periods; the
 * estimate is the difference of the groups' mean changes and its interval and p-value are Welch's t on the
 * users' changes (which is the DiD regression with errors clustered by user, allowing the groups different
 * variances). The parallel pre-trends check fits each user's slope over the pre-periods (least squares on
 * the period index) and tests the groups' mean slopes with Welch's t; it needs at least two pre-periods.
 */
public final class DifferenceInDifferences {

    /** The pre-trend check flags a difference at this level unless told otherwise. */
    public static final double DEFAULT_TREND_ALPHA = 0.05;

    /** What the estimate assumes; repeated in every result. */
    public static final List<String> ASSUMPTIONS = List.of(
            "parallel trends: without the change, the treated group's metric would have moved like the comparison"
                    + " group's (checked on the pre-periods; passing the check does not prove it)",
            "no anticipation: the treated group did not react before the change",
            "stable composition: the same users in both groups in every period",
            "no spillover: the change did not affect the comparison group",
            "users are independent of each other; periods of one user may be correlated");

    private DifferenceInDifferences() {
    }

    /**
     * @param metric          the metric's name
     * @param unit            its unit
     * @param treated         treated users × periods
     * @param comparison      comparison users × periods
     * @param firstPostPeriod the index of the first period after the change (1 or more)
     * @param alpha           the interval's two-sided level
     */
    public static Result estimate(String metric, String unit, double[][] treated, double[][] comparison,
            int firstPostPeriod, double alpha) {
        return estimate(metric, unit, treated, comparison, firstPostPeriod, alpha, DEFAULT_TREND_ALPHA);
    }

    public static Result estimate(String metric, String unit, double[][] treated, double[][] comparison,
            int firstPostPeriod, double alpha, double trendAlpha) {
        int periods = periods(treated, "treated");
        if (periods(comparison, "comparison") != periods) {
            throw new IllegalArgumentException("the treated and comparison panels have different periods");
        }
        if (firstPostPeriod < 1 || firstPostPeriod >= periods) {
            throw new IllegalArgumentException("the first post-period must leave at least one period on each side,"
                    + " not " + firstPostPeriod + " of " + periods);
        }
        Sample.Summary treatedChange = new Sample("treated", changes(treated, firstPostPeriod)).summary();
        Sample.Summary comparisonChange = new Sample("comparison", changes(comparison, firstPostPeriod)).summary();
        Sample.Summary treatedSlope = null;
        Sample.Summary comparisonSlope = null;
        if (firstPostPeriod >= 2) {
            treatedSlope = new Sample("treated", slopes(treated, firstPostPeriod)).summary();
            comparisonSlope = new Sample("comparison", slopes(comparison, firstPostPeriod)).summary();
        }
        return estimate(metric, unit, treatedChange, comparisonChange, treatedSlope, comparisonSlope, alpha,
                trendAlpha);
    }

    /**
     * The estimate from the groups' users' changes and pre-period slopes as summaries (n, mean, variance), e.g.
     * summed by a database from each user's counts, instead of the panels: the same numbers as
     * {@link #estimate(String, String, double[][], double[][], int, double, double)} gives for the panels whose
     * users have these changes and slopes.
     *
     * @param treatedChange    the treated users' changes: each user's mean over the post-periods minus the mean
     *                         over the pre-periods
     * @param comparisonChange the comparison users' changes
     * @param treatedSlope     the treated users' least-squares slopes over the pre-periods (on the period index
     *                         0, 1, ...); null when there is one pre-period
     * @param comparisonSlope  the comparison users' slopes; null when there is one pre-period
     * @param alpha            the interval's two-sided level
     * @param trendAlpha       the level of the pre-trend check
     */
    public static Result estimate(String metric, String unit, Sample.Summary treatedChange,
            Sample.Summary comparisonChange, Sample.Summary treatedSlope, Sample.Summary comparisonSlope,
            double alpha, double trendAlpha) {
        requireUsers(treatedChange, "treated");
        requireUsers(comparisonChange, "comparison");
        if ((treatedSlope == null) != (comparisonSlope == null)) {
            throw new IllegalArgumentException("the pre-period slopes are needed of both groups or of neither");
        }
        Comparison did = Lifts.welch(metric, unit, named(comparisonChange, "comparison"),
                named(treatedChange, "treated"), alpha);
        List<String> warnings = new ArrayList<>(did.warnings());
        Comparison trend = null;
        boolean rejected = false;
        if (treatedSlope == null) {
            warnings.add("only one pre-period: parallel pre-trends cannot be checked");
        } else {
            trend = Lifts.welch(metric + " pre-period slope", unit + " per period", named(comparisonSlope, "comparison"),
                    named(treatedSlope, "treated"), trendAlpha);
            // without any variation of the slopes no test is possible, and slopes that still differ differ for sure
            boolean exact = Double.isNaN(trend.pValue());
            rejected = exact ? trend.absoluteLift() != 0 : trend.pValue() < trendAlpha;
            if (rejected && exact) {
                warnings.add(String.format("parallel pre-trends rejected: every user's pre-period slope is the same"
                        + " within each group, and the groups' differ by %.4g %s per period; the estimate is likely"
                        + " biased", trend.absoluteLift(), unit));
            } else if (rejected) {
                warnings.add(String.format("parallel pre-trends rejected: the groups' pre-period slopes differ by"
                        + " %.4g %s per period (p = %.3g < %s); the estimate is likely biased", trend.absoluteLift(),
                        unit, trend.pValue(), trendAlpha));
            }
        }
        return new Result(metric, unit, did.absoluteLift(), did.standardError(), did.absoluteInterval(),
                did.pValue(), did.treatment().value(), did.control().value(), trend, rejected, ASSUMPTIONS,
                warnings);
    }

    /**
     * @param metric                 the metric
     * @param unit                   its unit (the estimate is in it)
     * @param estimate               treated change - comparison change
     * @param standardError          its standard error (by user)
     * @param interval               its interval, Welch's t
     * @param pValue                 the p-value of "no effect"
     * @param treatedChange          the treated users' mean change, post - pre
     * @param comparisonChange       the comparison users' mean change
     * @param preTrend               the pre-period slope comparison (treated - comparison), null with one
     *                               pre-period
     * @param parallelTrendsRejected whether the pre-trend check rejected parallel trends
     * @param assumptions            what the estimate assumes
     * @param warnings               what weakens it
     */
    public record Result(String metric, String unit, double estimate, double standardError, Interval interval,
            double pValue, double treatedChange, double comparisonChange, Comparison preTrend,
            boolean parallelTrendsRejected, List<String> assumptions, List<String> warnings) {

        public Result {
            assumptions = List.copyOf(assumptions);
            warnings = List.copyOf(warnings);
        }

        public boolean preTrendsChecked() {
            return preTrend != null;
        }
    }

    private static void requireUsers(Sample.Summary group, String what) {
        if (group.users() < 2) {
            throw new IllegalArgumentException("the " + what + " group needs at least 2 users");
        }
    }

    private static Sample.Summary named(Sample.Summary summary, String group) {
        return summary.variant().equals(group) ? summary
                : new Sample.Summary(group, summary.users(), summary.mean(), summary.variance());
    }

    private static int periods(double[][] panel, String what) {
        if (panel.length < 2) {
            throw new IllegalArgumentException("the " + what + " group needs at least 2 users");
        }
        int periods = panel[0].length;
        for (double[] user : panel) {
            if (user.length != periods) {
                throw new IllegalArgumentException("every " + what + " user needs a value in each of the " + periods
                        + " periods");
            }
        }
        return periods;
    }

    private static double[] changes(double[][] panel, int firstPost) {
        double[] d = new double[panel.length];
        for (int i = 0; i < panel.length; i++) {
            double pre = 0;
            for (int k = 0; k < firstPost; k++) {
                pre += panel[i][k];
            }
            double post = 0;
            for (int k = firstPost; k < panel[i].length; k++) {
                post += panel[i][k];
            }
            d[i] = post / (panel[i].length - firstPost) - pre / firstPost;
        }
        return d;
    }

    /** Each user's least-squares slope over the pre-periods 0 .. firstPost - 1. */
    private static double[] slopes(double[][] panel, int firstPost) {
        double meanK = (firstPost - 1) / 2.0;
        double sxx = 0;
        for (int k = 0; k < firstPost; k++) {
            sxx += (k - meanK) * (k - meanK);
        }
        double[] s = new double[panel.length];
        for (int i = 0; i < panel.length; i++) {
            double sxy = 0;
            for (int k = 0; k < firstPost; k++) {
                sxy += (k - meanK) * panel[i][k];
            }
            s[i] = sxy / sxx;
        }
        return s;
    }
}
