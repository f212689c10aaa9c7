# Reference numbers for ExperimentStatisticsTest, computed independently with numpy and scipy.
# Run: python3 src/test/resources/statistics/reference.py
import numpy as np
from scipy import stats

rng = np.random.default_rng(7)
# Per subject: tasks (1-3), successes, cost in USD.
def arm(n, p, cost_scale):
    tasks = rng.integers(1, 4, n)
    succ = rng.binomial(tasks, p)
    cost = rng.gamma(2.0, cost_scale, n) * tasks
    return tasks, succ, cost

ct, cs, cc = arm(400, 0.90, 0.0002)
tt, ts, tc = arm(420, 0.87, 0.00012)

def ratio(m, d):
    n = len(m)
    mm, dm = m.mean(), d.mean()
    mv, dv = m.var(ddof=1), d.var(ddof=1)
    cov = np.cov(m, d, ddof=1)[0, 1]
    return n, mm / dm, mv / dm**2 + dv * mm**2 / dm**4 - 2 * cov * mm / dm**3

def compare(a, b, alpha=0.05):
    na, ma, va = a; nb, mb, vb = b
    dof = (va/na + vb/nb)**2 / (va**2/(na**2*(na-1)) + vb**2/(nb**2*(nb-1)))
    q = stats.t.ppf(1 - alpha/2, dof)
    d = mb - ma; var = va/na + vb/nb
    r = (mb - ma)/ma; rvar = vb/(ma**2*nb) + va*mb**2/(ma**4*na)
    pa = 2*(1 - stats.t.cdf(abs(d/np.sqrt(var)), dof)); pr = 2*(1 - stats.t.cdf(abs(r/np.sqrt(rvar)), dof))
    return (d, d - q*np.sqrt(var), d + q*np.sqrt(var), pa), (r, r - q*np.sqrt(rvar), r + q*np.sqrt(rvar), pr)

def dump(name, v):
    print(name, " ".join(repr(float(x)) for x in v))

print("control_tasks", " ".join(map(str, ct)))
print("control_successes", " ".join(map(str, cs)))
print("control_cost", " ".join(repr(float(x)) for x in cc))
print("treatment_tasks", " ".join(map(str, tt)))
print("treatment_successes", " ".join(map(str, ts)))
print("treatment_cost", " ".join(repr(float(x)) for x in tc))
pa, pr = compare(ratio(cs, ct), ratio(ts, tt))
dump("pass_rate_absolute", pa); dump("pass_rate_relative", pr)
ca, cr = compare(ratio(cc, cs), ratio(tc, ts))
dump("cost_per_success_absolute", ca); dump("cost_per_success_relative", cr)
# With one task per subject the pass-rate comparison is Welch's t-test: scipy confirms the p-value.
a = (rng.random(300) < 0.9).astype(float); b = (rng.random(310) < 0.85).astype(float)
print("welch_a", " ".join(str(int(x)) for x in a)); print("welch_b", " ".join(str(int(x)) for x in b))
dump("welch_scipy", [b.mean() - a.mean(), stats.ttest_ind(b, a, equal_var=False).pvalue])
# Sample-ratio mismatch: 5,210 vs 4,790 subjects under a 50/50 split.
dump("srm", [stats.chisquare([5210, 4790]).pvalue])
# Always-valid half-width (gbstats sequential, tuning 5000) for s2 = 0.25, n = 2,000, alpha = 0.05.
alpha, tuning, n, s2 = 0.05, 5000.0, 2000, 0.25
rho = np.sqrt((-2*np.log(alpha) + np.log(-2*np.log(alpha) + 1)) / tuning)
dump("sequential_halfwidth", [np.sqrt(s2) * np.sqrt(2*(n*rho**2 + 1)/(n**2*rho**2) * np.log(np.sqrt(n*rho**2 + 1)/alpha))])
