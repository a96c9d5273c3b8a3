#!/usr/bin/env bash
# Accuracy-vs-latency results for docs/results.md: the trained models (and the real LeNet-5 on MNIST)
# under each published conversion method, with per-image predictions for paired intervals, then the
# markdown tables. Run from the repo root:
#
#   bench/results.sh [--models lenet,fmnist-cnn,fmnist-vgg,fmnist-resnet] [--methods ecc,theta0,...]
#                    [--limit N] [--steps 4,8,...] [--method-steps NAME=4,8,32 ...] [--threads K]
#                    [--render-only]
#
# Without --limit the full test sets are used: Fashion-MNIST's 10,000 test images (λ and calibration on the
# first 1,000 training images), and MNIST test images 1,000–9,999 for LeNet-5 (λ and calibration on test
# images 0–999, the only MNIST data bundled, so the two are disjoint). --method-steps gives one method
# other budgets than --steps (repeatable), e.g. for the methods that convert once per T. Each run writes,
# per (model, method), out/results/<model>__<method>.json (the report), .npz (per-image predictions,
# evaluate --predictions) and .meta.json (the command, wall-clock and CPU time, images and budgets), then re-renders
# docs/results.md from every row there, so models and methods may be run (and re-run) separately.
# Reports of an older format (no .meta.json) are ignored when rendering.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# The default rows; optional methods run only when named in --methods.
all_methods=ecc,ecc-closedform,theta0,pct99.9,burst2,burst5,lipool,tb-shift,cal-bias,cal-potential,mmse,clip,bits8,defaults
optional_methods=cal-weights
models=lenet,fmnist-cnn,fmnist-vgg,fmnist-resnet
methods=$all_methods
limit=
steps=4,8,16,32,64,128,256
threads=$(nproc)
render_only=
declare -A method_steps=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --models) models="$2"; shift 2 ;;
        --methods) methods="$2"; shift 2 ;;
        --limit) limit="$2"; shift 2 ;;
        --steps) steps="$2"; shift 2 ;;
        --method-steps) method_steps["${2%%=*}"]="${2#*=}"; shift 2 ;;
        --threads) threads="$2"; shift 2 ;;
        --render-only) render_only=1; shift ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done
out=out/results
mkdir -p "$out"

# Every method spells out all conversion options, so that its row does not change when the defaults do.
# The last one, "defaults", passes none: it is whatever `spkeras-java import MODEL` does today. Methods that
# depend on T (shift auto, calibration-steps auto) are converted and calibrated once per evaluated T.
ecc="--norm max --theta 0.5 --scaling weights --shift 0 --reset subtract --neuron if --maxpool gate --weight-bits 0 --calibrate none"
li="${ecc/--maxpool gate/--maxpool lipool}"
method_flags() {
    case "$1" in
        ecc|ecc-closedform) echo "$ecc" ;;
        theta0) echo "${ecc/--theta 0.5/--theta 0}" ;;
        pct99.9) echo "${ecc/--norm max/--norm percentile:99.9}" ;;
        burst2) local f="${ecc/--neuron if/--neuron burst:2}"; echo "${f/--norm max/--norm burst}" ;;
        burst5) local f="${ecc/--neuron if/--neuron burst:5}"; echo "${f/--norm max/--norm burst}" ;;
        lipool) echo "$li" ;;
        tb-shift) local f="${ecc/--scaling weights/--scaling thresholds}"; f="${f/--theta 0.5/--theta 0}"; echo "${f/--shift 0/--shift auto}" ;;
        cal-bias) echo "${li/--calibrate none/--calibrate bias} --calibration-steps auto" ;;
        cal-potential) echo "${li/--calibrate none/--calibrate potential} --calibration-steps auto" ;;
        cal-weights) echo "${li/--calibrate none/--calibrate weights,potential} --calibration-steps auto" ;;
        mmse) echo "${li/--norm max/--norm mmse} --calibration-steps auto" ;;
        clip) echo "${ecc/--norm max/--norm clip}" ;;
        bits8) echo "${ecc/--weight-bits 0/--weight-bits 8}" ;;
        defaults) echo "" ;;
        *) echo "unknown method: $1 (known: $all_methods,$optional_methods)" >&2; exit 2 ;;
    esac
}
method_engine() { [[ "$1" == ecc-closedform ]] && echo closedform || echo event; }

model_file() {
    case "$1" in
        lenet) echo keras-fixtures/real/lenet5_98.96.h5 ;;
        *) echo "keras-fixtures/trained/$1.h5" ;;
    esac
}
# Evaluated and calibration samples: LeNet-5 on disjoint parts of the MNIST test set, the others on the
# Fashion-MNIST test set with the training split's first images for λ and calibration (evaluate's default).
model_data() {
    case "$1" in
        lenet) echo "--data mnist --range 1000:10000 --calibration mnist --calibration-range 0:1000" ;;
        *) echo "--data fashion-mnist --calibration fashion-mnist:train" ;;
    esac
}

# A small JSON string (the commands hold no control characters).
json_string() { local s="${1//\\/\\\\}"; printf '"%s"' "${s//\"/\\\"}"; }

if [[ -z "$render_only" ]]; then
    # A private copy of the jar: rebuilding the tree during a long run must not change the program mid-table
    # (moved into place, so that a run still going from an earlier copy keeps its own).
    ./spkeras-java --version >/dev/null
    mkdir -p target/results
    cp target/spkeras-java.jar target/results/.spkeras-java.jar.tmp
    mv target/results/.spkeras-java.jar.tmp target/results/spkeras-java.jar
    # The launcher's JVM options (or SPKERAS_JAVA_OPTS), run on the private copy.
    run() { SPKERAS_JAVA_JAR=target/results/spkeras-java.jar ./spkeras-java "$@"; }

    IFS=, read -r -a model_list <<< "$models"
    IFS=, read -r -a method_list <<< "$methods"
    for m in "${model_list[@]}"; do
        file=$(model_file "$m")
        [[ -f "$file" ]] || { echo "unknown model $m: $file not found" >&2; exit 2; }
        has_maxpool=$(run inspect "$file" --json | grep -c '"kind": "MaxPooling2D"' || true)
        for name in "${method_list[@]}"; do
            flags=$(method_flags "$name")
            base="$out/${m}__${name}"
            rm -f "$base".{json,npz,meta.json,txt,err,cpu,cmd,seconds}
            if [[ "$name" == lipool && "$has_maxpool" == 0 ]]; then
                continue
            fi
            t="${method_steps[$name]:-$steps}"
            bench_cmd="bench/results.sh --models $m --methods $name${limit:+ --limit $limit} --steps $t"
            # shellcheck disable=SC2206
            args=(evaluate "$file" $(model_data "$m") -T "$t" --engine "$(method_engine "$name")" --threads "$threads"
                  ${limit:+--limit "$limit"} $flags --report "$base.json" --predictions "$base.npz" --quiet)
            echo "== $m / $name (T = $t)" >&2
            start=$(date +%s)
            status=0
            TIMEFORMAT='%U %S'
            { time run "${args[@]}" > "$base.txt" 2> "$base.err" || status=$?; } 2> "$base.cpu"
            seconds=$(( $(date +%s) - start ))
            cpu_seconds=$(awk '{printf "%d", $1 + $2 + 0.5}' "$base.cpu")
            skipped=null
            if [[ $status == 2 ]]; then
                # A method that does not apply to this model (e.g. --norm clip without clipped ReLUs): a row note.
                skipped=$(json_string "$(grep -m1 '^error:' "$base.err" | sed 's/^error: //')")
                echo "   skipped: $skipped" >&2
            elif [[ $status != 0 ]]; then
                cat "$base.err" >&2
                echo "$m / $name failed (exit $status); see $base.err" >&2
                exit "$status"
            fi
            cat > "$base.meta.json" <<EOF
{"format": 2, "model": $(json_string "$m"), "method": $(json_string "$name"), "hasMaxPool": $([[ $has_maxpool == 0 ]] && echo false || echo true),
 "benchCommand": $(json_string "$bench_cmd"),
 "command": $(json_string "spkeras-java ${args[*]}"),
 "steps": $(json_string "$t"), "limit": $(json_string "$limit"), "threads": $threads, "seconds": $seconds, "cpuSeconds": $cpu_seconds,
 "cores": $(nproc), "finished": $(json_string "$(date -u +%Y-%m-%dT%H:%MZ)"), "skipped": $skipped}
EOF
        done
    done
fi
/usr/bin/python3 bench/results_table.py "$out" > docs/results.md.tmp
mv docs/results.md.tmp docs/results.md
echo "wrote docs/results.md" >&2
