package io.sextant.analysis.experiments.stats;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.statistics.distribution.TDistribution;

import io.sextant.analysis.experiments.stats.internal.Moments;
import io.sextant.analysis.experiments.stats.internal.Normal;

/**
 * A treatment against the control, with confidence intervals and p-values. Every method is two-sided and
 * gives intervals of level 1 - alpha.
 * <ul>
 * <li>{@link #welch}: means, Welch's unequal-variances t test; the interval of the absolute lift uses
 * Student's t with the Welch-Satterthwaite degrees of freedom.</li>
 * <li>{@link #proportions}: conversion rates; the p-value from the pooled two-proportion z test (the
 * standard error under "no difference", where both rates are equal), the interval from the unpooled Wald
 * standard error (the one that describes the difference actually observed). This is the pairing of most
 * textbooks and of R's prop.test without continuity correction.</li>
 * <li>{@link #ratio}: ratios of sums, the delta method over users (Deng, Knoblich, Lu 2018, "Applying the
 * Delta Method in Metric Analytics"); normal quantiles.</li>
 * <li>{@link #cuped}: CUPED (Deng, Xu, Kohavi, Walker 2013): y - theta (x - mean x) with theta = cov(x, y) /
 * var(x) from the pooled users of both variants, then Welch's t.</li>
 * </ul>
 * The relative lift treatment / control - 1 always gets its interval from the delta method with normal
 * quantiles: Var ≈ Var(t)/c² + t² Var(c)/c⁴, the variants independent.
 */
public final class Lifts {

    /** Fewer users than this in a variant gets a warning that the normal approximations may be poor. */
    public static final long SMALL_VARIANT = 30;
    /** Fewer conversions (or non-conversions) than this in a variant gets a warning. */
    public static final long FEW_CONVERSIONS = 10;

    private Lifts() {
    }

    public static Comparison welch(String metric, String unit, Sample control, Sample treatment, double alpha) {
        return welch(metric, unit, control.summary(), treatment.summary(), alpha);
    }

    public static Comparison welch(String metric, String unit, Sample.Summary control, Sample.Summary treatment,
            double alpha) {
        requireAlpha(alpha);
        if (control.users() < 2 || treatment.users() < 2) {
            throw new IllegalArgumentException(metric + ": Welch's t needs at least 2 users per variant, not "
                    + control.users() + " and " + treatment.users());
        }
        List<String> warnings = new ArrayList<>();
        smallSamples(warnings, control.variant(), control.users());
        smallSamples(warnings, treatment.variant(), treatment.users());
        double vc = control.variance() / control.users();
        double vt = treatment.variance() / treatment.users();
        double se = Math.sqrt(vc + vt);
        double diff = treatment.mean() - control.mean();
        double df = (vc + vt) * (vc + vt)
                / (vc * vc / (control.users() - 1) + vt * vt / (treatment.users() - 1));
        VariantStats c = new VariantStats(control.variant(), control.users(), control.mean(), control.variance(),
                Math.sqrt(vc));
        VariantStats t = new VariantStats(treatment.variant(), treatment.users(), treatment.mean(),
                treatment.variance(), Math.sqrt(vt));
        double statistic;
        double p;
        Interval absolute;
        if (se == 0) {
            warnings.add("no variation in either variant: no test is possible");
            statistic = Double.NaN;
            p = Double.NaN;
            df = Double.NaN;
            absolute = new Interval(diff, diff, 1 - alpha);
        } else {
            TDistribution student = TDistribution.of(df);
            statistic = diff / se;
            p = Math.min(1, 2 * student.survivalProbability(Math.abs(statistic)));
            absolute = Interval.around(diff, student.inverseSurvivalProbability(alpha / 2) * se, 1 - alpha);
        }
        return finish(metric, unit, MetricKind.MEAN, "Welch's t (unequal variances); relative lift by the delta method",
                c, t, diff, se, absolute, statistic, df, p, alpha, warnings);
    }

    public static Comparison proportions(String metric, Conversions control, Conversions treatment, double alpha) {
        requireAlpha(alpha);
        List<String> warnings = new ArrayList<>();
        smallSamples(warnings, control.variant(), control.users());
        smallSamples(warnings, treatment.variant(), treatment.users());
        for (Conversions v : List.of(control, treatment)) {
            if (v.converted() < FEW_CONVERSIONS || v.users() - v.converted() < FEW_CONVERSIONS) {
                warnings.add(v.variant() + ": " + v.converted() + " of " + v.users() + " users converted; with fewer"
                        + " than " + FEW_CONVERSIONS + " conversions or non-conversions the normal approximation"
                        + " of the rate is poor");
            }
        }
        double pc = control.rate();
        double pt = treatment.rate();
        double nc = control.users();
        double nt = treatment.users();
        VariantStats c = new VariantStats(control.variant(), control.users(), pc, pc * (1 - pc),
                Math.sqrt(pc * (1 - pc) / nc));
        VariantStats t = new VariantStats(treatment.variant(), treatment.users(), pt, pt * (1 - pt),
                Math.sqrt(pt * (1 - pt) / nt));
        double diff = pt - pc;
        double se = Math.sqrt(pc * (1 - pc) / nc + pt * (1 - pt) / nt);
        double pooled = (double) (control.converted() + treatment.converted()) / (nc + nt);
        double se0 = Math.sqrt(pooled * (1 - pooled) * (1 / nc + 1 / nt));
        double z;
        double p;
        if (se0 == 0) {
            warnings.add("every user converted or none did: no test is possible");
            z = Double.NaN;
            p = Double.NaN;
        } else {
            z = diff / se0;
            p = Normal.twoSidedP(z);
        }
        Interval absolute = Interval.around(diff, Normal.upperQuantile(alpha / 2) * se, 1 - alpha);
        return finish(metric, "share of users", MetricKind.PROPORTION,
                "two-proportion z test (pooled standard error) for the p-value; unpooled Wald interval; relative"
                        + " lift by the delta method",
                c, t, diff, se, absolute, z, Double.POSITIVE_INFINITY, p, alpha, warnings);
    }

    public static Comparison ratio(String metric, String unit, RatioSample control, RatioSample treatment,
            double alpha) {
        return ratio(metric, unit, control.summary(), treatment.summary(), alpha);
    }

    public static Comparison ratio(String metric, String unit, RatioSample.Summary control,
            RatioSample.Summary treatment, double alpha) {
        requireAlpha(alpha);
        if (control.users() < 2 || treatment.users() < 2) {
            throw new IllegalArgumentException(metric + ": the delta method needs at least 2 users per variant, not "
                    + control.users() + " and " + treatment.users());
        }
        List<String> warnings = new ArrayList<>();
        smallSamples(warnings, control.variant(), control.users());
        smallSamples(warnings, treatment.variant(), treatment.users());
        for (RatioSample.Summary v : List.of(control, treatment)) {
            if (!(v.denominatorMean() > 0)) {
                throw new IllegalArgumentException(metric + ": " + v.variant() + "'s denominators sum to "
                        + v.denominatorMean() * v.users() + "; a ratio metric needs a positive denominator");
            }
        }
        double lc = control.linearisedVariance();
        double lt = treatment.linearisedVariance();
        VariantStats c = new VariantStats(control.variant(), control.users(), control.ratio(), lc,
                Math.sqrt(lc / control.users()));
        VariantStats t = new VariantStats(treatment.variant(), treatment.users(), treatment.ratio(), lt,
                Math.sqrt(lt / treatment.users()));
        double diff = t.value() - c.value();
        double se = Math.sqrt(lc / control.users() + lt / treatment.users());
        double z;
        double p;
        if (se == 0) {
            warnings.add("no variation in either variant: no test is possible");
            z = Double.NaN;
            p = Double.NaN;
        } else {
            z = diff / se;
            p = Normal.twoSidedP(z);
        }
        Interval absolute = Interval.around(diff, Normal.upperQuantile(alpha / 2) * se, 1 - alpha);
        return finish(metric, unit, MetricKind.RATIO,
                "delta method for a ratio of sums (z test); relative lift by the delta method", c, t, diff, se,
                absolute, z, Double.POSITIVE_INFINITY, p, alpha, warnings);
    }

    /**
     * CUPED: each user's value adjusted by a covariate measured before assignment (so the treatment cannot
     * have changed it), theta from the pooled users of both variants, then Welch's t on the adjusted values.
     *
     * @param controlCovariate   the control users' covariate, in the order of {@code control}'s values
     * @param treatmentCovariate the treatment users' covariate, in the order of {@code treatment}'s values
     */
    public static CupedComparison cuped(String metric, String unit, Sample control, double[] controlCovariate,
            Sample treatment, double[] treatmentCovariate, double alpha) {
        double[] yc = control.values();
        double[] yt = treatment.values();
        if (controlCovariate.length != yc.length || treatmentCovariate.length != yt.length) {
            throw new IllegalArgumentException(metric + ": the covariate needs one value per user");
        }
        Moments.requireFinite(controlCovariate, control.variant() + " covariate");
        Moments.requireFinite(treatmentCovariate, treatment.variant() + " covariate");
        double[] x = Moments.concat(controlCovariate, treatmentCovariate);
        double[] y = Moments.concat(yc, yt);
        double mx = Moments.mean(x);
        double my = Moments.mean(y);
        double vx = Moments.variance(x, mx);
        List<String> extra = new ArrayList<>();
        double theta;
        if (vx == 0) {
            theta = 0;
            extra.add("the covariate does not vary: CUPED adjusted nothing");
        } else {
            theta = Moments.covariance(x, mx, y, my) / vx;
        }
        double[] ac = new double[yc.length];
        for (int i = 0; i < ac.length; i++) {
            ac[i] = yc[i] - theta * (controlCovariate[i] - mx);
        }
        double[] at = new double[yt.length];
        for (int i = 0; i < at.length; i++) {
            at[i] = yt[i] - theta * (treatmentCovariate[i] - mx);
        }
        Comparison unadjusted = welch(metric, unit, control, treatment, alpha);
        Comparison plain = welch(metric, unit, new Sample(control.variant(), ac), new Sample(treatment.variant(), at),
                alpha);
        return cuped(unadjusted, plain, theta, mx, extra, alpha);
    }

    /**
     * CUPED from each variant's sufficient statistics (e.g. summed by a database) instead of its per-user values:
     * the metric as {@code first} and the covariate as {@code second} of each {@link PairSums}. The same estimate
     * as {@link #cuped(String, String, Sample, double[], Sample, double[], double)}: the pooled users' means,
     * variance and covariance come from the variants' by Chan, Golub and LeVeque's update, and the adjusted
     * values' mean and variance from the variant's own sums, ȳ − θ (x̄ − x̄<sub>pooled</sub>) and
     * (S<sub>yy</sub> − 2θ S<sub>xy</sub> + θ² S<sub>xx</sub>) / (n − 1).
     */
    public static CupedComparison cuped(String metric, String unit, String controlVariant, PairSums control,
            String treatmentVariant, PairSums treatment, double alpha) {
        // first: it refuses fewer than two users a variant
        Comparison unadjusted = welch(metric, unit, Sample.Summary.of(controlVariant, control.first()),
                Sample.Summary.of(treatmentVariant, treatment.first()), alpha);
        long nc = control.users();
        long nt = treatment.users();
        double dx = treatment.second().mean() - control.second().mean();
        double dy = treatment.first().mean() - control.first().mean();
        double weight = nc * (nt / ((double) nc + nt));
        double sxx = control.second().centredSquares() + treatment.second().centredSquares() + weight * dx * dx;
        double sxy = control.centredProducts() + treatment.centredProducts() + weight * dx * dy;
        double mx = control.second().plus(treatment.second()).mean();
        List<String> extra = new ArrayList<>();
        double theta;
        if (sxx == 0) {
            theta = 0;
            extra.add("the covariate does not vary: CUPED adjusted nothing");
        } else {
            theta = sxy / sxx;
        }
        Comparison plain = welch(metric, unit, adjusted(controlVariant, control, theta, mx),
                adjusted(treatmentVariant, treatment, theta, mx), alpha);
        return cuped(unadjusted, plain, theta, mx, extra, alpha);
    }

    /** A variant's values y − θ (x − pooled mean of x), from its sums. */
    private static Sample.Summary adjusted(String variant, PairSums sums, double theta, double pooledMean) {
        long n = sums.users();
        double mean = sums.first().mean() - theta * (sums.second().mean() - pooledMean);
        double squares = sums.first().centredSquares() - 2 * theta * sums.centredProducts()
                + theta * theta * sums.second().centredSquares();
        return new Sample.Summary(variant, n, mean, n > 1 ? Math.max(0, squares) / (n - 1) : Double.NaN);
    }

    private static CupedComparison cuped(Comparison unadjusted, Comparison plain, double theta, double mx,
            List<String> extra, double alpha) {
        List<String> warnings = new ArrayList<>(plain.warnings());
        warnings.addAll(extra);
        Comparison adjusted = new Comparison(plain.metric(), plain.unit(), plain.kind(),
                "CUPED (theta from pooled users) then Welch's t; relative lift by the delta method", plain.control(),
                plain.treatment(), plain.absoluteLift(), plain.standardError(), plain.absoluteInterval(),
                plain.relativeLift(), plain.relativeInterval(), plain.statistic(), plain.degreesOfFreedom(),
                plain.pValue(), alpha, warnings);
        double reduction = 1 - (plain.standardError() * plain.standardError())
                / (unadjusted.standardError() * unadjusted.standardError());
        return new CupedComparison(adjusted, unadjusted, theta, mx, reduction);
    }

    private static Comparison finish(String metric, String unit, MetricKind kind, String method, VariantStats c,
            VariantStats t, double diff, double se, Interval absolute, double statistic, double df, double p,
            double alpha, List<String> warnings) {
        double relative;
        Interval relativeInterval;
        if (c.value() == 0) {
            warnings.add(c.variant() + "'s value is 0: no relative lift");
            relative = Double.NaN;
            relativeInterval = new Interval(Double.NaN, Double.NaN, 1 - alpha);
        } else {
            relative = t.value() / c.value() - 1;
            double c2 = c.value() * c.value();
            double seRel = Math.sqrt(t.standardError() * t.standardError() / c2
                    + t.value() * t.value() * c.standardError() * c.standardError() / (c2 * c2));
            relativeInterval = Interval.around(relative, Normal.upperQuantile(alpha / 2) * seRel, 1 - alpha);
        }
        return new Comparison(metric, unit, kind, method, c, t, diff, se, absolute, relative, relativeInterval,
                statistic, df, p, alpha, warnings);
    }

    private static void smallSamples(List<String> warnings, String variant, long users) {
        if (users < SMALL_VARIANT) {
            warnings.add(variant + " has " + users + " users, fewer than " + SMALL_VARIANT
                    + ": the normal approximations behind the interval may be poor");
        }
    }

    static void requireAlpha(double alpha) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be between 0 and 1, not " + alpha);
        }
    }
}
