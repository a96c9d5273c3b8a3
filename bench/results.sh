#!/usr/bin/env bash
# Accuracy-vs-latency results for docs/results.md: the trained models (and the real LeNet-5 on MNIST)
# under each published conversion method, then the markdown tables. Run from the repo root:
#
#   bench/results.sh [--models lenet,fmnist-cnn,fmnist-vgg,fmnist-resnet] [--methods ecc,theta0,...]
#                    [--limit N] [--steps 4,8,...] [--threads K] [--render-only]
#
# Without --limit the full test sets are used (10,000 images each). Each run writes one report per
# (model, method) to out/results/ together with the command that produced it, then re-renders
# docs/results.md from every report there, so models may be run (and re-run) separately.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

all_methods=ecc,ecc-closedform,theta0,pct99.9,burst2,burst5,lipool,tb-shift,cal-bias,cal-potential,bits8,defaults
models=lenet,fmnist-cnn,fmnist-vgg,fmnist-resnet
methods=$all_methods
limit=
steps=4,8,16,32,64,128,256
threads=$(nproc)
render_only=
while [[ $# -gt 0 ]]; do
    case "$1" in
        --models) models="$2"; shift 2 ;;
        --methods) methods="$2"; shift 2 ;;
        --limit) limit="$2"; shift 2 ;;
        --steps) steps="$2"; shift 2 ;;
        --threads) threads="$2"; shift 2 ;;
        --render-only) render_only=1; shift ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done
out=out/results
mkdir -p "$out"

# Every method spells out all conversion options, so that its row does not change when the defaults do.
# The last one, "defaults", passes none: it is whatever `spkeras-java import MODEL` does today.
ecc="--norm max --theta 0.5 --scaling weights --shift 0 --reset subtract --neuron if --maxpool gate --weight-bits 0 --calibrate none"
method_flags() {
    case "$1" in
        ecc|ecc-closedform) echo "$ecc" ;;
        theta0) echo "${ecc/--theta 0.5/--theta 0}" ;;
        pct99.9) echo "${ecc/--norm max/--norm percentile:99.9}" ;;
        burst2) echo "${ecc/--neuron if/--neuron burst:2}" ;;
        burst5) echo "${ecc/--neuron if/--neuron burst:5}" ;;
        lipool) echo "${ecc/--maxpool gate/--maxpool lipool}" ;;
        tb-shift) local f="${ecc/--scaling weights/--scaling thresholds}"; f="${f/--theta 0.5/--theta 0}"; echo "${f/--shift 0/--shift 32}" ;;
        cal-bias) echo "${ecc/--calibrate none/--calibrate bias} --calibration-steps 32" ;;
        cal-potential) echo "${ecc/--calibrate none/--calibrate potential} --calibration-steps 32" ;;
        bits8) echo "${ecc/--weight-bits 0/--weight-bits 8}" ;;
        defaults) echo "" ;;
        *) echo "unknown method: $1 (known: $all_methods)" >&2; exit 2 ;;
    esac
}
method_engine() { [[ "$1" == ecc-closedform ]] && echo closedform || echo event; }

model_file() {
    case "$1" in
        lenet) echo keras-fixtures/real/lenet5_98.96.h5 ;;
        *) echo "keras-fixtures/trained/$1.h5" ;;
    esac
}
model_data() { [[ "$1" == lenet ]] && echo mnist || echo fashion-mnist; }

if [[ -z "$render_only" ]]; then
    # A private copy of the jar: rebuilding the tree during a long run must not change the program mid-table.
    ./spkeras-java --version >/dev/null
    mkdir -p target/results
    cp target/spkeras-java.jar target/results/spkeras-java.jar
    run() { java ${SPKERAS_JAVA_OPTS:--Xmx4g} -jar target/results/spkeras-java.jar "$@"; }

    IFS=, read -r -a model_list <<< "$models"
    IFS=, read -r -a method_list <<< "$methods"
    for m in "${model_list[@]}"; do
        file=$(model_file "$m")
        [[ -f "$file" ]] || { echo "unknown model $m: $file not found" >&2; exit 2; }
        has_maxpool=$(run inspect "$file" --json | grep -c '"kind": "MaxPooling2D"' || true)
        for name in "${method_list[@]}"; do
            flags=$(method_flags "$name")
            if [[ "$name" == lipool && "$has_maxpool" == 0 ]]; then
                continue
            fi
            base="$out/${m}__${name}"
            echo "== $m / $name" >&2
            start=$(date +%s)
            # shellcheck disable=SC2086
            run evaluate "$file" --data "$(model_data "$m")" -T "$steps" --engine "$(method_engine "$name")" \
                --threads "$threads" ${limit:+--limit "$limit"} $flags --report "$base.json" > "$base.txt"
            echo "bench/results.sh --models $m --methods $name${limit:+ --limit $limit} --steps $steps" > "$base.cmd"
            echo "$(( $(date +%s) - start ))" > "$base.seconds"
        done
    done
fi
/usr/bin/python3 bench/results_table.py "$out" > docs/results.md.tmp
mv docs/results.md.tmp docs/results.md
echo "wrote docs/results.md" >&2
