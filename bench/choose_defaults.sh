#!/usr/bin/env bash
# How the defaults were chosen (docs/conversion.md "Defaults"): candidate default conversions of the three
# Fashion-MNIST models on a validation split of the TRAINING set (images 10,000-11,999, disjoint from the
# calibration images 0-999 and from the test set that docs/results.md reports), T = 4, 8, 16, 32; then a
# markdown table of accuracy, gap to the ANN with its 95 % paired (Tango) interval, and SynOps per image.
# Run from the repo root:  bench/choose_defaults.sh [--render-only]   (about 25 minutes on 2 cores)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=out/defaults-validation
mkdir -p "$out"
# Each candidate spells out the two options it varies; everything else is what the defaults also use (ECC's
# weight normalisation, θ = 0.5, reset by subtraction, LIPooling, potential calibration at T = 8).
candidates=(
    "percentile-burst2|--norm percentile:99.9 --neuron burst:2"
    "burstnorm-burst2|--norm burst --neuron burst:2"
    "burstnorm-burst3|--norm burst --neuron burst:3"
    "burstnorm-burst5|--norm burst --neuron burst:5"
)
if [[ "${1:-}" != --render-only ]]; then
    for c in "${candidates[@]}"; do
        name=${c%%|*}
        # shellcheck disable=SC2206
        flags=(${c#*|})
        for m in fmnist-vgg fmnist-resnet fmnist-cnn; do
            echo "== $m / $name" >&2
            ./spkeras-java evaluate "keras-fixtures/trained/$m.h5" --data fashion-mnist:train --range 10000:12000 \
                --calibration fashion-mnist:train --calibration-range 0:1000 -T 4,8,16,32 --threads "$(nproc)" \
                "${flags[@]}" --report "$out/${m}__$name.json" --predictions "$out/${m}__$name.npz" -q > "$out/${m}__$name.txt"
        done
    done
fi
/usr/bin/python3 - "$out" "${candidates[@]}" <<'PY'
import json, os, sys
import numpy as np
sys.path.insert(0, "bench")
from results_table import pairs, tango
folder, candidates = sys.argv[1], [c.split("|") for c in sys.argv[2:]]
print("| model | candidate | T=4 | T=8 | T=16 | T=32 | SynOps/img T=4 / 8 / 32 |")
print("|---|---|---|---|---|---|---|")
for model in ["fmnist-vgg", "fmnist-resnet", "fmnist-cnn"]:
    for name, flags in candidates:
        base = os.path.join(folder, "%s__%s" % (model, name))
        if not os.path.exists(base + ".json"):
            continue
        report = json.load(open(base + ".json"))
        counts = pairs(np.load(base + ".npz"), report)
        cells = []
        for row in report["steps"]:
            n, _, k, b, c = counts[row["t"]]
            lo, hi = tango(b, c, n)
            cells.append("%.2f (%+.2f; %+.2f, %+.2f)" % (100.0 * k / n, 100.0 * (b - c) / n, 100 * lo, 100 * hi))
        synops = {row["t"]: row["synopsPerImage"] for row in report["steps"]}
        print("| %s (ANN %.2f) | `%s` | %s | %s |" % (model, report["annAccuracy"], flags, " | ".join(cells),
              " / ".join("%.1f M" % (synops[t] / 1e6) for t in (4, 8, 32))))
PY
