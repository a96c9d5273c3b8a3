#!/usr/bin/env bash
# Accuracy-vs-latency results for docs/results.md: every trained model (and the real LeNet-5 on MNIST)
# under each published conversion method, T = 4..256, then the markdown tables. Run from the repo root:
#
#   bench/results.sh [--limit N] [--models lenet,fmnist-cnn,fmnist-vgg,fmnist-resnet] [--threads K]
#
# Without --limit the full test sets are used (10,000 images each). Reports go to out/results/,
# the tables to docs/results.md (rewritten, with the command that produced them).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

limit=
models=lenet,fmnist-cnn,fmnist-vgg,fmnist-resnet
threads=$(nproc)
while [[ $# -gt 0 ]]; do
    case "$1" in
        --limit) limit="$2"; shift 2 ;;
        --models) models="$2"; shift 2 ;;
        --threads) threads="$2"; shift 2 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done
command=("bench/results.sh" ${limit:+--limit "$limit"} --models "$models")
steps=4,8,16,32,64,128,256
out=out/results
mkdir -p "$out"
./spkeras-java --version >/dev/null

# name|flags|engine ; the methods of SPEC §4 and issue "trained reference models"
methods=(
  "ecc|--norm max --theta 0.5|event"
  "ecc-closedform|--norm max --theta 0.5|closedform"
  "theta0|--norm max --theta 0|event"
  "pct99.9|--norm percentile:99.9|event"
  "burst2|--neuron burst:2|event"
  "burst5|--neuron burst:5|event"
  "lipool|--maxpool lipool|event"
  "tb-shift|--scaling thresholds --theta 0 --shift 32|event"
  "cal-bias|--calibrate bias --calibration-steps 32|event"
  "cal-potential|--calibrate potential --calibration-steps 32|event"
  "bits8|--weight-bits 8|event"
)

model_file() {
    case "$1" in
        lenet) echo keras-fixtures/real/lenet5_98.96.h5 ;;
        *) echo "keras-fixtures/trained/$1.h5" ;;
    esac
}
model_data() { [[ "$1" == lenet ]] && echo mnist || echo fashion-mnist; }

IFS=, read -r -a model_list <<< "$models"
for m in "${model_list[@]}"; do
    file=$(model_file "$m")
    if [[ ! -f "$file" ]]; then
        echo "skipping $m: $file not found" >&2
        continue
    fi
    has_maxpool=$(./spkeras-java inspect "$file" --json | grep -c '"kind": "MaxPooling2D"' || true)
    for entry in "${methods[@]}"; do
        IFS='|' read -r name flags engine <<< "$entry"
        if [[ "$name" == lipool && "$has_maxpool" == 0 ]]; then
            continue
        fi
        report="$out/${m}__${name}.json"
        echo "== $m / $name" >&2
        # shellcheck disable=SC2086
        ./spkeras-java evaluate "$file" --data "$(model_data "$m")" -T "$steps" --engine "$engine" \
            --threads "$threads" ${limit:+--limit "$limit"} $flags --report "$report" > "$out/${m}__${name}.txt"
    done
done
/usr/bin/python3 bench/results_table.py "$out" "${command[*]}" > docs/results.md.tmp
mv docs/results.md.tmp docs/results.md
echo "wrote docs/results.md" >&2
