#!/usr/bin/python3
"""Reference values for the experiment statistics (bundles/io.sextant.analysis.experiments), computed with
scipy and numpy from the same per-user inputs, for the agreement test in
tests/io.sextant.analysis.experiments.tests. Run with Debian's /usr/bin/python3 and python3-scipy:

    /usr/bin/python3 releng/scripts/experiment_reference.py CASES OUT

CASES: blocks of a header line "<kind> <id> <parameters...>" followed by data lines "<name> <numbers...>",
ended by "end". OUT: one line per case, "<id> key=value ...", values as Python's repr (round-trip exact).
Tests and distributions come from scipy.stats; a mean or a variance from numpy.
"""
import sys

try:
    import numpy as np
    from scipy import stats
except ImportError as e:  # the Java test turns this into its failure message
    sys.stderr.write("experiment_reference: %s; install with: apt-get install python3-scipy python3-numpy\n" % e)
    sys.exit(3)


def read_cases(path):
    cases = []
    with open(path) as f:
        header, data = None, {}
        for line in f:
            parts = line.split()
            if not parts:
                continue
            if header is None:
                header, data = parts, {}
            elif parts[0] == "end":
                cases.append((header, data))
                header = None
            else:
                data[parts[0]] = np.array([float(v) for v in parts[1:]], dtype=np.float64)
    return cases


def t_isf(p, df):
    """Student's t quantile with P(T > q) = p. scipy 1.10's t.isf (cephes stdtrit) is off by up to ~1e-9
    relative at non-integer degrees of freedom (against mpmath at 40 digits: df 1.3 -> 1.3e-9, df 7.53 ->
    1.3e-10), while its t.sf is accurate to ~1e-16; two Newton steps on scipy's own sf and pdf make the quantile
    as accurate as the sf."""
    q = stats.t.isf(p, df)
    for _ in range(2):
        q = q + (stats.t.sf(q, df) - p) / stats.t.pdf(q, df)
    return q


def relative(mc, sec, mt, set_, alpha):
    """Relative lift mt/mc - 1 and its delta-method interval (normal quantile)."""
    rel = mt / mc - 1
    se = np.sqrt(set_ ** 2 / mc ** 2 + mt ** 2 * sec ** 2 / mc ** 4)
    z = stats.norm.isf(alpha / 2)
    return {"rel": rel, "rlo": rel - z * se, "rhi": rel + z * se}


def welch(c, t, alpha):
    res = stats.ttest_ind(t, c, equal_var=False)
    nc, nt = len(c), len(t)
    mc, mt = np.mean(c), np.mean(t)
    vc, vt = np.var(c, ddof=1), np.var(t, ddof=1)
    a, b = vc / nc, vt / nt
    se = np.sqrt(a + b)
    df = (a + b) ** 2 / (a ** 2 / (nc - 1) + b ** 2 / (nt - 1))
    q = t_isf(alpha / 2, df)
    out = {"mc": mc, "mt": mt, "vc": vc, "vt": vt, "diff": mt - mc, "se": se, "df": df,
           "t": res.statistic, "p": res.pvalue, "lo": mt - mc - q * se, "hi": mt - mc + q * se}
    out.update(relative(mc, np.sqrt(a), mt, np.sqrt(b), alpha))
    return out


def proportions(xc, nc, xt, nt, alpha):
    pc, pt = xc / nc, xt / nt
    pooled = (xc + xt) / (nc + nt)
    z = (pt - pc) / np.sqrt(pooled * (1 - pooled) * (1 / nc + 1 / nt))
    se = np.sqrt(pc * (1 - pc) / nc + pt * (1 - pt) / nt)
    q = stats.norm.isf(alpha / 2)
    out = {"diff": pt - pc, "z": z, "p": 2 * stats.norm.sf(abs(z)), "lo": pt - pc - q * se, "hi": pt - pc + q * se}
    out.update(relative(pc, np.sqrt(pc * (1 - pc) / nc), pt, np.sqrt(pt * (1 - pt) / nt), alpha))
    return out


def ratio_of_sums(num, den):
    n = len(num)
    r = np.sum(num) / np.sum(den)
    cov = np.cov(num, den, ddof=1)
    var = (cov[0, 0] - 2 * r * cov[0, 1] + r * r * cov[1, 1]) / np.mean(den) ** 2 / n
    return r, np.sqrt(var)


def ratio(cn, cd, tn, td, alpha):
    rc, sc = ratio_of_sums(cn, cd)
    rt, st = ratio_of_sums(tn, td)
    se = np.sqrt(sc ** 2 + st ** 2)
    z = (rt - rc) / se
    q = stats.norm.isf(alpha / 2)
    out = {"rc": rc, "rt": rt, "diff": rt - rc, "se": se, "z": z, "p": 2 * stats.norm.sf(abs(z)),
           "lo": rt - rc - q * se, "hi": rt - rc + q * se}
    out.update(relative(rc, sc, rt, st, alpha))
    return out


def cuped(c, cx, t, tx, alpha):
    x = np.concatenate([cx, tx])
    y = np.concatenate([c, t])
    theta = np.cov(x, y, ddof=1)[0, 1] / np.var(x, ddof=1)
    mx = np.mean(x)
    adj = welch(c - theta * (cx - mx), t - theta * (tx - mx), alpha)
    raw = welch(c, t, alpha)
    return {"theta": theta, "diff": adj["diff"], "se": adj["se"], "t": adj["t"], "p": adj["p"], "lo": adj["lo"],
            "hi": adj["hi"], "vr": 1 - adj["se"] ** 2 / raw["se"] ** 2}


def srm(obs, planned):
    expected = obs.sum() * planned / planned.sum()
    res = stats.chisquare(obs, expected)
    return {"chi2": res.statistic, "p": res.pvalue}


def holm(p):
    m = len(p)
    order = np.argsort(p, kind="stable")
    adj = np.empty(m)
    running = 0.0
    for k, i in enumerate(order):
        running = max(running, min(1.0, (m - k) * p[i]))
        adj[i] = running
    return {"a%d" % i: adj[i] for i in range(m)}


def bh(p):
    m = len(p)
    order = np.argsort(p, kind="stable")
    adj = np.empty(m)
    running = 1.0
    for k in range(m - 1, -1, -1):
        i = order[k]
        running = min(running, min(1.0, m / (k + 1) * p[i]))
        adj[i] = running
    return {"a%d" % i: adj[i] for i in range(m)}


def power(alpha, pw, sd, effect, wc, wt):
    z = stats.norm.isf(alpha / 2) + stats.norm.ppf(pw)
    n = int(np.ceil(z * z * sd * sd * (1 / wc + 1 / wt) / effect ** 2))
    se = sd * np.sqrt((1 / wc + 1 / wt) / n)
    return {"n": float(n), "achieved": stats.norm.cdf(abs(effect) / se - stats.norm.isf(alpha / 2))}


def did(tr, co, periods, first_post, alpha):
    tr = tr.reshape(-1, periods)
    co = co.reshape(-1, periods)
    change_t = tr[:, first_post:].mean(axis=1) - tr[:, :first_post].mean(axis=1)
    change_c = co[:, first_post:].mean(axis=1) - co[:, :first_post].mean(axis=1)
    w = welch(change_c, change_t, alpha)
    out = {"est": w["diff"], "se": w["se"], "p": w["p"], "lo": w["lo"], "hi": w["hi"]}
    if first_post >= 2:
        k = np.arange(first_post)
        slope_t = np.array([stats.linregress(k, row[:first_post]).slope for row in tr])
        slope_c = np.array([stats.linregress(k, row[:first_post]).slope for row in co])
        trend = stats.ttest_ind(slope_t, slope_c, equal_var=False)
        out["tdiff"] = np.mean(slope_t) - np.mean(slope_c)
        out["tp"] = trend.pvalue
    return out


def sequential(alpha, tau2, est, var):
    half = np.sqrt(var * (var + tau2) / tau2 * (2 * np.log(1 / alpha) + np.log((var + tau2) / var)))
    lr = np.sqrt(var / (var + tau2)) * np.exp(tau2 * est * est / (2 * var * (var + tau2)))
    return {"lo": est - half, "hi": est + half, "p": min(1.0, 1 / lr)}


def main(cases_path, out_path):
    with open(out_path, "w") as out:
        for header, d in read_cases(cases_path):
            kind, cid, params = header[0], header[1], [float(v) for v in header[2:]]
            if kind == "welch":
                r = welch(d["c"], d["t"], params[0])
            elif kind == "prop":
                r = proportions(params[1], params[2], params[3], params[4], params[0])
            elif kind == "ratio":
                r = ratio(d["cn"], d["cd"], d["tn"], d["td"], params[0])
            elif kind == "cuped":
                r = cuped(d["c"], d["cx"], d["t"], d["tx"], params[0])
            elif kind == "srm":
                r = srm(d["obs"], d["planned"])
            elif kind == "holm":
                r = holm(d["p"])
            elif kind == "bh":
                r = bh(d["p"])
            elif kind == "power":
                r = power(*params)
            elif kind == "did":
                r = did(d["t"], d["c"], int(params[1]), int(params[2]), params[0])
            elif kind == "seq":
                r = sequential(*params)
            else:
                raise SystemExit("experiment_reference: unknown case kind " + kind)
            out.write(cid + " " + " ".join("%s=%r" % (k, float(v)) for k, v in r.items()) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit("usage: experiment_reference.py CASES OUT")
    main(sys.argv[1], sys.argv[2])
