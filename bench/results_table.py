"""Renders the evaluation reports written by bench/results.sh as the markdown of docs/results.md."""
import glob
import json
import os
import sys

ORDER = ["ecc", "ecc-closedform", "theta0", "pct99.9", "burst2", "burst5", "lipool", "tb-shift",
         "cal-bias", "cal-potential", "bits8"]
LABELS = {
    "ecc": "SpKeras ECC (max norm, θ = 0.5)",
    "ecc-closedform": "SpKeras closed-form count, same network",
    "theta0": "θ = 0 baseline",
    "pct99.9": "percentile 99.9 norm",
    "burst2": "burst Γ = 2",
    "burst5": "burst Γ = 5",
    "lipool": "LIPooling (vs gating in ECC)",
    "tb-shift": "threshold balancing + shift V_th/64",
    "cal-bias": "calibration: bias",
    "cal-potential": "calibration: potential",
    "bits8": "8-bit weights",
}


def main(folder, command):
    reports = {}
    for path in sorted(glob.glob(os.path.join(folder, "*__*.json"))):
        model, method = os.path.basename(path)[:-5].split("__", 1)
        with open(path) as f:
            reports.setdefault(model, {})[method] = json.load(f)
    print("# Results\n")
    print("Produced by `%s` (reports in `out/results/`). Accuracy in percent on the samples stated per model;" % command)
    print("SynOps = synaptic events per image (spikes × fan-out); energy = SynOps·0.9 pJ + analog-input MACs·4.6 pJ.\n")
    for model in sorted(reports, key=lambda m: (m != "lenet", m)):
        methods = reports[model]
        any_report = next(iter(methods.values()))
        steps = [row["t"] for row in any_report["steps"]]
        print("## %s\n" % model)
        print("Data: %s (%d samples). ANN accuracy **%.2f %%**, %s MACs and %.0f nJ per image.\n"
              % (any_report["data"], any_report["samples"], any_report["annAccuracy"],
                 format(int(any_report["annMacsPerImage"]), ","), any_report["annEnergyNj"]))
        print("| method | " + " | ".join("T=%d" % t for t in steps) + " |")
        print("|---|" + "---|" * len(steps))
        for name in [m for m in ORDER if m in methods]:
            r = methods[name]
            print("| %s | " % LABELS[name] + " | ".join("%.2f" % row["snnAccuracy"] for row in r["steps"]) + " |")
        print()
        print("| method | " + " | ".join("SynOps T=%d" % t for t in steps if t in (8, 32, 128)) + " | energy nJ T=32 |")
        print("|---|" + "---|" * (len([t for t in steps if t in (8, 32, 128)]) + 1))
        for name in [m for m in ORDER if m in methods and m != "ecc-closedform"]:
            rows = {row["t"]: row for row in methods[name]["steps"]}
            cells = ["{:,.0f}".format(rows[t]["synopsPerImage"]) for t in steps if t in (8, 32, 128)]
            print("| %s | %s | %.0f |" % (LABELS[name], " | ".join(cells), rows[32]["energyNj"] if 32 in rows else float("nan")))
        print()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
