#!/usr/bin/python3
"""Table of bench/ttfs_results.sh's reports: bench/ttfs_table.py DIR MODEL...

Per model and K: SNN accuracy, the paired gap to the float ANN with its 95 % Tango score interval (as in
docs/results.md, bench/results_table.py), agreement with the ANN's predictions, the first-spike decision's accuracy,
spikes per hidden neuron, SynOps per image, their ratio to the floor (ANN MACs over non-zero activations) and to
the ANN's MACs. Everything is read from the JSON report and the predictions file of each run.
"""
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from results_table import tango  # noqa: E402


def main():
    out, models = sys.argv[1], sys.argv[2:]
    print("| model | images | ANN % | K | SNN % | gap pp [95 % paired] | agree % | 1st-spike % | spikes/neuron "
          "| SynOps/img | /floor | /ANN MACs |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for m in models:
        report = json.load(open(os.path.join(out, m + ".json")))
        p = np.load(os.path.join(out, m + ".npz"))
        labels, ann, snn = p["labels"], p["ann"], p["snn"]
        n = len(labels)
        temporal = report["temporal"]
        macs = report["annMacsPerImage"]
        for j, row in enumerate(report["steps"]):
            t = temporal["rows"][j]
            only_snn = int(np.sum((snn[j] == labels) & (ann != labels)))
            only_ann = int(np.sum((snn[j] != labels) & (ann == labels)))
            lo, hi = tango(only_snn, only_ann, n)
            gap = (only_snn - only_ann) / n
            print("| %s | %d | %.2f | %d | %.2f | %+.2f [%+.2f, %+.2f] | %.2f | %.2f | %.3f | %.4g | %.3f | %.3f |" % (
                m, n, report["annAccuracy"], row["t"], row["snnAccuracy"], 100 * gap, 100 * lo, 100 * hi, row["agreement"], t["firstSpikeAccuracy"], t["spikesPerNeuron"],
                row["synopsPerImage"], t["synopsOverFloor"], row["synopsPerImage"] / macs))
        print("| %s floor | | | | | | | | | %.4g | 1 | %.3f |" % (m, temporal["synopsFloorPerImage"],
                                                                 temporal["synopsFloorPerImage"] / macs))


if __name__ == "__main__":
    main()
