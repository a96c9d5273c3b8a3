"""Renders the evaluation reports written by bench/results.sh (out/results/) as the markdown of docs/results.md."""
import glob
import json
import os
import sys

ORDER = ["ecc", "ecc-closedform", "theta0", "pct99.9", "burst2", "burst5", "lipool", "tb-shift",
         "cal-bias", "cal-potential", "bits8", "defaults"]
LABELS = {
    "ecc": "SpKeras ECC (max norm, θ = 0.5)",
    "ecc-closedform": "SpKeras closed-form count, same network",
    "theta0": "θ = 0 baseline",
    "pct99.9": "percentile 99.9 norm",
    "burst2": "burst Γ = 2",
    "burst5": "burst Γ = 5",
    "lipool": "LIPooling (ECC gates max pooling)",
    "tb-shift": "threshold balancing, θ = 0, shift V_th/64",
    "cal-bias": "calibration: bias (T = 32)",
    "cal-potential": "calibration: potential (T = 32)",
    "bits8": "8-bit weights",
    "defaults": "**defaults** (no flags)",
}
MODEL_ORDER = ["lenet", "fmnist-cnn", "fmnist-vgg", "fmnist-resnet"]


def load(folder):
    reports = {}
    for path in sorted(glob.glob(os.path.join(folder, "*__*.json"))):
        model, method = os.path.basename(path)[:-5].split("__", 1)
        with open(path) as f:
            report = json.load(f)
        base = path[:-5]
        report["_command"] = read(base + ".cmd")
        seconds = read(base + ".seconds")
        report["_seconds"] = int(seconds) if seconds else None
        reports.setdefault(model, {})[method] = report
    return reports


def read(path):
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return f.read().strip()


def options_text(report):
    options = report["conversion"]["options"]
    return ", ".join("%s %s" % (k, v) for k, v in options.items())


def best_row(methods, t, ann):
    """The event-engine method with the highest accuracy at step t (ties: the first in ORDER)."""
    best = None
    for name in ORDER:
        if name not in methods or name == "ecc-closedform":
            continue
        acc = {row["t"]: row["snnAccuracy"] for row in methods[name]["steps"]}.get(t)
        if acc is not None and (best is None or acc > best[1]):
            best = (name, acc)
    return best


def render_model(model, methods):
    names = [m for m in ORDER if m in methods]
    first = methods[names[0]]
    steps = sorted({row["t"] for r in methods.values() for row in r["steps"]})
    ann = first["annAccuracy"]
    print("## %s\n" % model)
    print("Model `%s`; data %s; **%d samples**; λ and spike calibration measured on %s.\n"
          % (first["model"], first["data"].split(" (")[0], first["samples"],
             first["conversion"]["calibrationData"].split(" (")[0] + " (first %d)" % first["conversion"]["calibrationSamples"]))
    print("ANN accuracy on these samples: **%.2f %%**, %s MACs (valid taps, docs/cli.md) and %.0f nJ per image.\n"
          % (ann, "{:,}".format(int(first["annMacsPerImage"])), first["annEnergyNj"]))
    print("SNN accuracy (%) at each T (engine: event, analog input, unless stated):\n")
    print("| method | " + " | ".join("T=%d" % t for t in steps) + " | run time |")
    print("|---|" + "---:|" * (len(steps) + 1))
    for name in names:
        r = methods[name]
        acc = {row["t"]: row["snnAccuracy"] for row in r["steps"]}
        cells = ["%.2f" % acc[t] if t in acc else "—" for t in steps]
        label = LABELS[name] + ("" if r["samples"] == first["samples"] else " (%d samples)" % r["samples"])
        seconds = "%d s" % r["_seconds"] if r.get("_seconds") is not None else "—"
        print("| %s | %s | %s |" % (label, " | ".join(cells), seconds))
    print()
    for t, target in ((8, 1.0), (32, 0.1)):
        best = best_row(methods, t, ann)
        if best:
            gap = ann - best[1]
            relation = "%.2f points below" % gap if gap > 0 else "%.2f points above" % -gap if gap < 0 else "equal to"
            print("- Best at T=%d: %s, %.2f %% — %s the ANN (target: within %.1f points; %s)."
                  % (t, LABELS[best[0]].replace("*", ""), best[1], relation, target,
                     "met" if gap <= target + 1e-9 else "not met"))
    if "defaults" in methods:
        print("- Defaults used for the last row: %s." % options_text(methods["defaults"]))
    print()
    shown = [t for t in steps if t in (8, 32, 128)]
    print("SynOps per image (synaptic events) and energy per image (SynOps × %.1f pJ + analog-input MACs × %.1f pJ):\n"
          % (first["pjPerAc"], first["pjPerMac"]))
    print("| method | " + " | ".join("SynOps T=%d" % t for t in shown) + " | nJ T=32 |")
    print("|---|" + "---:|" * (len(shown) + 1))
    for name in [n for n in names if n != "ecc-closedform"]:
        rows = {row["t"]: row for row in methods[name]["steps"]}
        cells = ["{:,.0f}".format(rows[t]["synopsPerImage"]) if t in rows else "—" for t in shown]
        energy = "%.0f" % rows[32]["energyNj"] if 32 in rows else "—"
        print("| %s | %s | %s |" % (LABELS[name], " | ".join(cells), energy))
    print()
    commands = sorted({r["_command"] for r in methods.values() if r.get("_command")})
    if commands:
        print("Rows produced by:\n")
        print("```")
        for c in commands:
            print(c)
        print("```\n")


def main(folder):
    reports = load(folder)
    print("# Results\n")
    print("Accuracy, SynOps and energy of the converted networks at each timestep budget T, for each published")
    print("conversion method. Generated by `bench/results.sh` from the reports in `out/results/`; the commands that")
    print("produced each model's rows are listed under its tables, and `bench/results.sh --render-only` re-renders")
    print("this page from existing reports. What each method does: [conversion.md](conversion.md); why the defaults")
    print("are what they are: [conversion.md, Defaults](conversion.md#defaults).\n")
    print("Coverage: LeNet-5 runs on the full MNIST test set. The Fashion-MNIST models run on the first 1,000")
    print("test images (the `bundled` subset), the larger two up to T = 32 or 64 (\"—\": not run): each row lists its run time on the")
    print("2-core machine that produced it, and the full test sets to T = 256 take `bench/results.sh --models")
    print("fmnist-vgg` (no `--limit`, no `--steps`), about 40 times the run times shown (10 × the images,")
    print("4 × the steps). λ and the spike calibration use the first 1,000 training images for the Fashion-MNIST")
    print("models, and the first 1,000 MNIST test images for LeNet-5 (no MNIST training data is bundled).\n")
    for model in sorted(reports, key=lambda m: (MODEL_ORDER.index(m) if m in MODEL_ORDER else 99, m)):
        render_model(model, reports[model])


if __name__ == "__main__":
    main(sys.argv[1])
