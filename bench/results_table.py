"""Renders the rows written by bench/results.sh (out/results/) as the markdown of docs/results.md.

Each row is a report (<model>__<method>.json), its per-image predictions (.npz, from evaluate --predictions)
and what the script recorded (.meta.json). Accuracies get 95 % Wilson score intervals; each SNN - ANN gap
gets the 95 % Tango score interval for a difference of paired proportions, computed from the per-image
pairs. Reports without a .meta.json (older formats) are ignored. `--self-test` checks the statistics.

Python: Debian's /usr/bin/python3 with numpy only (the normal quantile is computed here, without scipy).
"""
import glob
import json
import math
import os
import sys
import textwrap
import zipfile

import numpy as np

FORMAT = 2
ORDER = ["ecc", "ecc-closedform", "theta0", "pct99.9", "burst2", "burst5", "lipool", "tb-shift",
         "cal-bias", "cal-potential", "cal-weights", "mmse", "clip", "bits8", "defaults"]
MODEL_ORDER = ["lenet", "fmnist-cnn", "fmnist-vgg", "fmnist-resnet"]
MODEL_TITLES = {"lenet": "LeNet-5 on MNIST", "fmnist-cnn": "fmnist-cnn on Fashion-MNIST",
                "fmnist-vgg": "fmnist-vgg on Fashion-MNIST", "fmnist-resnet": "fmnist-resnet on Fashion-MNIST"}
# (T, target in percentage points): the targets a verdict is given for.
TARGETS = ((8, 1.0), (32, 0.1))
LEVEL = 0.95


def normal_quantile(p):
    """The standard normal quantile, by bisection on math.erf (to double precision)."""
    lo, hi = -40.0, 40.0
    for _ in range(200):
        mid = (lo + hi) / 2
        if 0.5 * (1 + math.erf(mid / math.sqrt(2))) < p:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


Z = normal_quantile(1 - (1 - LEVEL) / 2)


def wilson(k, n, z=Z):
    """Wilson score interval for k successes in n trials, as proportions."""
    p = k / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def restricted_estimate(delta, b, c, n):
    """The maximum-likelihood probability of a c-type pair when p(b) - p(c) = delta (Tango 1998, a quadratic root)."""
    a_coef = 2 * n
    b_coef = -b - c + (2 * n - b + c) * delta
    c_coef = -c * delta * (1 - delta)
    return (math.sqrt(max(0.0, b_coef * b_coef - 4 * a_coef * c_coef)) - b_coef) / (2 * a_coef)


def restricted_estimate_numerically(delta, b, c, n):
    """The same estimate by golden-section search on the (concave) log-likelihood, for the self-test."""
    def loglik(q):
        terms = ((b, q + delta), (c, q), (n - b - c, 1 - 2 * q - delta))
        return sum(k * math.log(p) for k, p in terms if k > 0)
    lo, hi = max(0.0, -delta) + 1e-15, (1 - delta) / 2 - 1e-15
    ratio = (math.sqrt(5) - 1) / 2
    for _ in range(200):
        x1, x2 = hi - ratio * (hi - lo), lo + ratio * (hi - lo)
        if loglik(x1) < loglik(x2):
            lo = x1
        else:
            hi = x2
    return (lo + hi) / 2


def tango_statistic(delta, b, c, n):
    """Tango's (1998) score statistic for H0: p(b) - p(c) = delta; b, c are the discordant counts of n pairs."""
    q = restricted_estimate(delta, b, c, n)
    variance = n * (2 * q + delta * (1 - delta))
    if variance <= 0:
        return math.copysign(math.inf, b - c - n * delta) if b - c != n * delta else 0.0
    return (b - c - n * delta) / math.sqrt(variance)


def tango(b, c, n, z=Z):
    """Tango's score interval for the difference of paired proportions (b - c) / n, as proportions.

    b: pairs where only the first is a success, c: only the second. The statistic decreases in delta, so each
    end is found by bisection: lower where it equals z, upper where it equals -z.
    """
    estimate = (b - c) / n

    def solve(target, lo, hi):
        for _ in range(200):
            mid = (lo + hi) / 2
            if tango_statistic(mid, b, c, n) > target:
                lo = mid
            else:
                hi = mid
        return (lo + hi) / 2

    lower = -1.0 if estimate <= -1 else solve(z, -1.0, estimate)
    upper = 1.0 if estimate >= 1 else solve(-z, estimate, 1.0)
    return lower, upper


def verdict(gap_interval_pp, target):
    """'yes' when the whole gap interval is above -target, 'no' when it is wholly below, else 'not shown'."""
    lower, upper = gap_interval_pp
    if lower >= -target:
        return "yes"
    if upper < -target:
        return "no"
    return "not shown"


def read_json(path):
    with open(path) as f:
        return json.load(f)


def load(folder):
    """Rows by model and method; reports that are not of this format, or inconsistent, are reported and left out."""
    rows = {}
    metas = set()
    for meta_path in sorted(glob.glob(os.path.join(folder, "*__*.meta.json"))):
        base = meta_path[:-len(".meta.json")]
        metas.add(base)
        try:
            meta = read_json(meta_path)
            if meta.get("format") != FORMAT:
                raise ValueError("format %r, not %d" % (meta.get("format"), FORMAT))
            row = {"meta": meta}
            if meta.get("skipped") is None:
                row["report"] = read_json(base + ".json")
                row["pairs"] = pairs(np.load(base + ".npz"), row["report"])
            rows.setdefault(meta["model"], {})[meta["method"]] = row
        except (OSError, ValueError, KeyError, zipfile.BadZipFile) as e:
            print("ignoring %s: %s" % (base, e), file=sys.stderr)
    for path in sorted(glob.glob(os.path.join(folder, "*__*.json"))):
        base = path[:-len(".json")]
        if not path.endswith(".meta.json") and base not in metas:
            print("ignoring %s: an older report without predictions; re-run it" % path, file=sys.stderr)
    return rows


def pairs(npz, report):
    """Per T: (n, ANN correct, SNN correct, only SNN correct, only ANN correct); checked against the report."""
    labels, ann, snn, steps = npz["labels"], npz["ann"], npz["snn"], [int(t) for t in npz["steps"]]
    n = len(labels)
    if n != report["samples"] or steps != [row["t"] for row in report["steps"]]:
        raise ValueError("predictions do not belong to the report (%d samples, T %s)" % (n, steps))
    ann_right = ann == labels
    out = {}
    for k, t in enumerate(steps):
        snn_right = snn[k] == labels
        counts = (n, int(ann_right.sum()), int(snn_right.sum()), int((snn_right & ~ann_right).sum()),
                  int((ann_right & ~snn_right).sum()))
        if abs(100.0 * counts[2] / n - report["steps"][k]["snnAccuracy"]) > 1e-9:
            raise ValueError("predictions at T = %d do not give the report's accuracy" % t)
        out[t] = counts
    return out


def label(method, has_maxpool):
    pool = ", LIPooling" if has_maxpool else ""
    ecc = "ECC θ = 0.5, max norm" + (", gating" if has_maxpool else "")
    return {
        "ecc": ecc if has_maxpool else "SpKeras ECC: θ = 0.5, max norm",
        "ecc-closedform": "closed form, SpKeras output rule (ECC options)",
        "theta0": "θ = 0, max norm" + (", gating" if has_maxpool else ""),
        "pct99.9": "percentile 99.9 norm, θ = 0.5" + (", gating" if has_maxpool else ""),
        "burst2": "burst Γ = 2, burst norm (Li & Zeng), θ = 0.5" + (", gating" if has_maxpool else ""),
        "burst5": "burst Γ = 5, burst norm (Li & Zeng), θ = 0.5" + (", gating" if has_maxpool else ""),
        "lipool": "ECC θ = 0.5, max norm, LIPooling",
        "tb-shift": "threshold balancing, θ = 0, shift V_th/(2T) (Deng & Gu, S = T)",
        "cal-bias": "Li et al. calibration: bias, at each T" + pool,
        "cal-potential": "Li et al. calibration: potential, at each T" + pool,
        "cal-weights": "Li et al. calibration: weights + potential, at each T" + pool,
        "mmse": "MMSE threshold (Li et al.), at each T" + pool,
        "clip": "λ = trained clip of clipped ReLUs",
        "bits8": "8-bit weights, ECC",
        "defaults": "**defaults** (no flags; the options they stood for are listed below the table)",
    }.get(method, method)


def pct(x):
    return "%.2f" % (100 * x)


def signed(x):
    return ("%+.2f" % x).replace("-", "−")


def short_data(description):
    """'mnist (…): …, samples 1000..9999 (9000 of 10000)' -> 'mnist, samples 1000..9999 (9000 of 10000)'."""
    name = description.split(" (")[0]
    return name + ", " + description.rsplit(", ", 1)[-1]


def render_model(model, rows, out):
    names = [m for m in ORDER if m in rows] + sorted(m for m in rows if m not in ORDER)
    ran = [m for m in names if "report" in rows[m]]
    if not ran:
        return
    widest = max(ran, key=lambda m: rows[m]["report"]["samples"])
    first = rows[widest]["report"]
    has_maxpool = rows[widest]["meta"].get("hasMaxPool", False)
    steps = sorted({t for m in ran for t in rows[m]["pairs"]})
    n, ann_right = rows[widest]["pairs"][steps[0]][:2] if steps else (0, 0)
    out.append("## %s\n" % MODEL_TITLES.get(model, model))
    out.append("Model `%s`. Evaluated: %s. λ and calibration: %s.\n"
               % (first["model"], short_data(first["data"]), short_data(first["conversion"]["calibrationData"])))
    lo, hi = wilson(ann_right, n)
    out.append("ANN: **%s %%** (%s–%s) on the %s images of the widest row, %s MACs per image (valid taps, "
               "[cli.md](cli.md)) and %.0f nJ.\n"
               % (pct(ann_right / n), pct(lo), pct(hi), "{:,}".format(n), "{:,}".format(int(first["annMacsPerImage"])),
                  first["annEnergyNj"]))
    out.append("SNN accuracy, % (95 % Wilson interval); — : not evaluated:\n")
    out.append("| method | images | " + " | ".join("T=%d" % t for t in steps) + " | run time |")
    out.append("|---|---:|" + "---:|" * (len(steps) + 1))
    for name in names:
        row = rows[name]
        if "report" not in row:
            continue
        cells = []
        for t in steps:
            if t not in row["pairs"]:
                cells.append("—")
                continue
            n_t, _, snn_right, _, _ = row["pairs"][t]
            lo, hi = wilson(snn_right, n_t)
            cells.append("%s (%s–%s)" % (pct(snn_right / n_t), pct(lo), pct(hi)))
        meta = row["meta"]
        seconds = meta.get("seconds")
        cpu = meta.get("cpuSeconds")
        time = "—" if seconds is None else "%d s%s, %d threads" % (
            seconds, "" if cpu is None else " (CPU %d s)" % cpu, meta.get("threads", 0))
        out.append("| %s | %s | %s | %s |" % (label(name, has_maxpool), "{:,}".format(row["report"]["samples"]),
                                             " | ".join(cells), time))
    out.append("")
    out.append("SNN − ANN on the same images, percentage points (95 % Tango paired interval), and the verdicts:\n")
    target_heads = ["within %g pp at T=%d" % (target, t) for t, target in TARGETS]
    out.append("| method | " + " | ".join("T=%d" % t for t in steps) + " | " + " | ".join(target_heads) + " |")
    out.append("|---|" + "---:|" * len(steps) + ":---:|" * len(TARGETS))
    for name in names:
        row = rows[name]
        if "report" not in row:
            continue
        cells = []
        intervals = {}
        for t in steps:
            if t not in row["pairs"]:
                cells.append("—")
                continue
            n_t, _, _, only_snn, only_ann = row["pairs"][t]
            lo, hi = tango(only_snn, only_ann, n_t)
            intervals[t] = (100 * lo, 100 * hi)
            cells.append("%s (%s, %s)" % (signed(100 * (only_snn - only_ann) / n_t), signed(100 * lo), signed(100 * hi)))
        verdicts = [verdict(intervals[t], target) if t in intervals else "—" for t, target in TARGETS]
        out.append("| %s | %s | %s |" % (label(name, has_maxpool), " | ".join(cells), " | ".join(verdicts)))
    out.append("")
    skipped = [(name, rows[name]["meta"]["skipped"]) for name in names if "report" not in rows[name]]
    for name, reason in skipped:
        out.append("- Not run: %s (`%s`): %s" % (label(name, has_maxpool), name, reason))
    missing = [n for n in ORDER if n not in rows and not (n == "lipool" and not has_maxpool)]
    if missing:
        out.append("- No row yet for: %s; `bench/results.sh --models %s --methods %s` adds them."
                   % ("; ".join(label(n, has_maxpool) for n in missing), model, ",".join(missing)))
    if "defaults" in rows and "report" in rows["defaults"]:
        options = rows["defaults"]["report"]["conversion"]["options"]
        out.append("- Defaults used for the defaults row: %s."
                   % ", ".join("%s %s" % (k, v) for k, v in options.items()))
    if skipped or missing or "defaults" in rows:
        out.append("")
    shown = [t for t in (8, 32) if t in steps]
    if shown:
        out.append("SynOps per image (synaptic events up to T) beside the ANN's %s MACs, and energy (SynOps × %.1f pJ "
                   "+ analog-input MACs × %.1f pJ):\n"
                   % ("{:,}".format(int(first["annMacsPerImage"])), first["pjPerAc"], first["pjPerMac"]))
        out.append("| method | " + " | ".join("SynOps T=%d | SynOps/MACs T=%d" % (t, t) for t in shown)
                   + " | nJ T=32 |")
        out.append("|---|" + "---:|---:|" * len(shown) + "---:|")
        for name in names:
            row = rows[name]
            if "report" not in row or name == "ecc-closedform":
                continue
            by_t = {r["t"]: r for r in row["report"]["steps"]}
            cells = []
            for t in shown:
                if t in by_t:
                    ops = by_t[t]["synopsPerImage"]
                    cells += ["{:,.0f}".format(ops), "%.2f" % (ops / row["report"]["annMacsPerImage"])]
                else:
                    cells += ["—", "—"]
            energy = "%.0f" % by_t[32]["energyNj"] if 32 in by_t else "—"
            out.append("| %s | %s | %s |" % (label(name, has_maxpool), " | ".join(cells), energy))
        out.append("")
    out.append("Rows produced by (`bench/results.sh`, then the `evaluate` command it ran):\n")
    out.append("```")
    for name in names:
        out.append(rows[name]["meta"].get("benchCommand", "?"))
    out.append("```\n")
    out.append("<details><summary>evaluate commands</summary>\n")
    out.append("```")
    for name in names:
        out.append(rows[name]["meta"].get("command", "?"))
    out.append("```\n</details>\n")


HOW_TO_READ = """\
## How to read this

- **Images and T per row.** Each row says how many images it evaluated; a "—" cell is a T that row did not
  evaluate. LeNet-5 is evaluated on MNIST test images 1,000–9,999 with λ and calibration on test images
  0–999 (disjoint); the Fashion-MNIST models on the full 10,000-image test set with λ and calibration on the
  first 1,000 training images, unless a row says fewer images. Run times are wall-clock (and CPU time, all
  threads together) on the machine that produced the row, conversion and calibration included.
- **Accuracy intervals**: 95 % Wilson score intervals for a proportion over the row's images (Wilson 1927).
- **Gaps**: SNN − ANN in percentage points, on the same images, with a 95 % Tango score interval for the
  difference of paired proportions (Tango 1998, Statistics in Medicine 17:891–908), computed from the
  per-image predictions (`evaluate --predictions`): only the images one network gets right and the other
  wrong count.
- **Verdicts** ("within 1 pp at T=8", "within 0.1 pp at T=32"): **yes** when the whole gap interval lies
  above −target (the SNN is no more than the target below the ANN, at 97.5 % one-sided confidence), **no**
  when the whole interval lies below −target, **not shown** when the interval straddles it (the data cannot
  tell), — when that T was not evaluated.
- "θ" is the initial membrane potential as a fraction of the threshold; "gating" and "LIPooling" are the
  max-pooling methods ([conversion.md](conversion.md)); "at each T": converted and calibrated separately for
  each evaluated T.
"""


def render(folder):
    rows = load(folder)
    out = ["# Results\n",
           textwrap.fill("Accuracy, SynOps and energy of the converted networks at each timestep budget T, for each "
                         "published conversion method. Generated by `bench/results.sh` from the rows in "
                         "`out/results/`; the commands that produced each model's rows are listed under its tables, "
                         "and `bench/results.sh --render-only` re-renders this page from existing rows. What each "
                         "method does: [conversion.md](conversion.md); why the defaults are what they are: "
                         "[conversion.md, Defaults](conversion.md#defaults).", 110) + "\n",
           HOW_TO_READ]
    for model in sorted(rows, key=lambda m: (MODEL_ORDER.index(m) if m in MODEL_ORDER else 99, m)):
        render_model(model, rows[model], out)
    return "\n".join(out).rstrip() + "\n"


def self_test():
    """The statistics against values computed independently (published examples and closed forms)."""
    assert abs(Z - 1.959963984540054) < 1e-12, Z
    # Wilson (1927) / Newcombe (1998) example: 81 of 263 -> 0.2553 to 0.3662.
    lo, hi = wilson(81, 263)
    assert abs(lo - 0.2553) < 5e-5 and abs(hi - 0.3662) < 5e-5, (lo, hi)
    lo, hi = wilson(0, 10)
    assert abs(lo) < 1e-12 and abs(hi - Z * Z / (10 + Z * Z)) < 1e-12, (lo, hi)
    # No discordant pairs: the upper end solves sqrt(n d / (1 - d)) = z, d = z^2 / (n + z^2); symmetric.
    lo, hi = tango(0, 0, 100)
    assert abs(hi - Z * Z / (100 + Z * Z)) < 1e-9 and abs(lo + hi) < 1e-9, (lo, hi)
    # Each end is where the score statistic equals -/+ z, and the estimate lies inside.
    for b, c, n in ((6, 16, 161), (1, 7, 21), (40, 20, 160), (3, 0, 9000)):
        lo, hi = tango(b, c, n)
        assert lo < (b - c) / n < hi, (b, c, n, lo, hi)
        assert abs(tango_statistic(lo, b, c, n) - Z) < 1e-6 and abs(tango_statistic(hi, b, c, n) + Z) < 1e-6
        # swapping the two networks mirrors the interval
        lo2, hi2 = tango(c, b, n)
        assert abs(lo + hi2) < 1e-9 and abs(hi + lo2) < 1e-9
    # Tango's closed-form restricted estimate maximises the likelihood of the pairs under H0 (checked numerically).
    for b, c, n, delta in ((6, 16, 161, -0.1), (1, 7, 21, 0.05), (40, 20, 160, 0.2), (0, 0, 50, 0.03)):
        assert abs(restricted_estimate(delta, b, c, n) - restricted_estimate_numerically(delta, b, c, n)) < 1e-7
    assert verdict((-0.5, 0.2), 1.0) == "yes" and verdict((-1.5, -1.2), 1.0) == "no"
    assert verdict((-1.2, 0.1), 1.0) == "not shown"
    print("results_table.py self-test passed")


if __name__ == "__main__":
    if sys.argv[1:] == ["--self-test"]:
        self_test()
    else:
        sys.stdout.write(render(sys.argv[1]))
