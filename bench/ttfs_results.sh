#!/usr/bin/env bash
# Time-to-first-spike results (docs/results.md, "Time to first spike"): per model, one `evaluate --code ttfs` run on
# the queue engine at K = 4, 16, 64, 256, 65536 over the same images, then a table of accuracy, agreement with the
# float ANN, the paired gap, SynOps per image beside their floor (the ANN's MACs over its non-zero activations),
# spikes per neuron and the first-spike decision. Run from anywhere:
#   bench/ttfs_results.sh [--models lenet,fmnist-cnn,fmnist-vgg,fmnist-resnet] [--limit N] [--ks 4,16,...] [--out DIR]
# --limit N evaluates the first N test images (LeNet-5: MNIST 1000.., after its 1,000 calibration images); without it
# the full test sets (9,000 MNIST / 10,000 Fashion-MNIST images). Prints the load average before and after.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
models=lenet,fmnist-cnn,fmnist-vgg,fmnist-resnet
limit=()
ks=4,16,64,256,65536
out=target/bench/ttfs
while [[ $# -gt 0 ]]; do
    case "$1" in
        --models) models="$2"; shift 2 ;;
        --limit) limit=(--limit "$2"); shift 2 ;;
        --ks) ks="$2"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
        *) echo "ttfs_results: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
mkdir -p "$out"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for m in ${models//,/ }; do
    case "$m" in
        lenet) model=keras-fixtures/real/lenet5_98.96.h5
               data=(--data mnist --range 1000:10000 --calibration mnist --calibration-range 0:1000) ;;
        *) model=keras-fixtures/trained/$m.h5
           data=(--data fashion-mnist --calibration fashion-mnist:train) ;;
    esac
    start=$SECONDS
    ./spkeras-java evaluate "$model" "${data[@]}" "${limit[@]}" --code ttfs --time-resolution "$ks" -q \
        --report "$out/$m.json" --predictions "$out/$m.npz" > "$out/$m.txt"
    echo "$m: $((SECONDS - start)) s (load $(cut -d' ' -f1-3 /proc/loadavg))" | tee "$out/$m.time"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/python3 bench/ttfs_table.py "$out" ${models//,/ }
