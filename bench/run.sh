#!/usr/bin/env bash
# Engine benchmark (docs/performance.md): event vs dense vs heap-queue engines, a PyTorch dense baseline when
# Debian's python3-torch is installed, and the peak RSS of an `evaluate` run. Run from the repo root:
#
#   bench/run.sh [--images N] [--steps 32,64,128] [--model M.h5 --data DATA] [--repeat R]
#                [--rss-images N] [--rss-steps T] [--rss-xmx 128m] [--no-rss] [--no-torch] [--torch-batch B]
#
# Default network: keras-fixtures/trained/fmnist-vgg.h5 on fashion-mnist when both exist (20 images; RSS on
# 1,000 images at T=8), else the bundled LeNet-5 keras-fixtures/real/lenet5_98.96.h5 on mnist (200 images; RSS
# on 10,000 images at T=64). Prints one table; files in target/bench/. Exit code 3 when the engines disagree.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

images=
steps=32,64,128
model=
data=
rss_images=
rss_steps=
rss_xmx=128m
do_rss=1
do_torch=1
torch_batch=100
repeat=
while [[ $# -gt 0 ]]; do
    case "$1" in
        --images) images="$2"; shift 2 ;;
        --steps) steps="$2"; shift 2 ;;
        --model) model="$2"; shift 2 ;;
        --data) data="$2"; shift 2 ;;
        --rss-images) rss_images="$2"; shift 2 ;;
        --rss-steps) rss_steps="$2"; shift 2 ;;
        --rss-xmx) rss_xmx="$2"; shift 2 ;;
        --no-rss) do_rss=0; shift ;;
        --no-torch) do_torch=0; shift ;;
        --torch-batch) torch_batch="$2"; shift 2 ;;
        --repeat) repeat="$2"; shift 2 ;;
        -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
        *) echo "bench: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done

fashion_dir=/usr/share/datasets/fashion-mnist
if [[ -z "$model" ]]; then
    if [[ -f keras-fixtures/trained/fmnist-vgg.h5 && -f $fashion_dir/t10k-images-idx3-ubyte.gz ]]; then
        model=keras-fixtures/trained/fmnist-vgg.h5
        data=fashion-mnist
    else
        model=keras-fixtures/real/lenet5_98.96.h5
        data=mnist
    fi
fi
[[ -n "$data" ]] || { echo "bench: --model needs --data" >&2; exit 2; }
# Defaults sized to keep the whole run near 5 minutes on 2 cores. The VGG costs ~10 s per image for the three
# engines at T=32+64+128, and evaluate needs 23-56 s for 1,000 images even at T=8, so the VGG gets fewer images
# and its peak RSS is measured on 1,000 images at T=8 (evaluate's memory does not grow with the number of
# images: its tallies stream); --rss-images 10000 --rss-steps 64 measures the full run (20-30 minutes there).
case "$(basename "$model")" in
    fmnist-vgg*) images=${images:-20}; repeat=${repeat:-1}; rss_images=${rss_images:-1000}; rss_steps=${rss_steps:-8} ;;
    *) images=${images:-200}; repeat=${repeat:-2}; rss_images=${rss_images:-10000}; rss_steps=${rss_steps:-64} ;;
esac
calibration=$data
[[ "$data" == fashion-mnist ]] && calibration=fashion-mnist:train

out=target/bench
mkdir -p "$out"
bench_start=$SECONDS
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
rm -f "$out"/java.tsv "$out"/torch.tsv "$out"/torch.status "$out"/rss.txt "$out"/pred-*.i32

echo "bench: building (mvn package, then javac bench/java) ..." >&2
mvn -q -B -o -DskipTests package >&2
# A private copy of the runnable jar (all dependencies inside): other builds in this tree cannot change it mid-run.
jar="$out/spkeras-java.jar"
cp target/spkeras-java.jar "$jar"
rm -rf "$out/classes"
mkdir -p "$out/classes"
javac -d "$out/classes" -cp "$jar" $(find bench/java -name '*.java')
bench_cp="$out/classes:$jar"

stem=$(basename "${model%.*}")
snn="$out/$stem.snn"
echo "bench: converting $model (calibration $calibration) -> $snn" >&2
# SpKeras's ECC settings, the network docs/performance.md was measured on (the defaults calibrate, which
# takes longer and changes the spike counts, not the engines' speed per event)
java -jar "$jar" import "$model" --calibration "$calibration" -o "$snn" --norm max --neuron if --maxpool gate --calibrate none \
    > "$out/import.txt"

start=$SECONDS
echo "bench: engines on $images images of $data at T=$steps, one thread, best of $repeat ..." >&2
java -Xmx2g -cp "$bench_cp" org.spkeras.bench.Benchmark run --snn "$snn" --model "$model" --data "$data" \
    --images "$images" --steps "$steps" --repeat "$repeat" --out "$out"
echo "bench: engines took $((SECONDS - start)) s" >&2

if [[ $do_torch == 1 ]]; then
    if ! /usr/bin/python3 -c 'import torch' 2>/dev/null; then
        echo "bench: python3-torch is not installed; trying apt-get install -y python3-torch once ..." >&2
        if ! DEBIAN_FRONTEND=noninteractive apt-get install -y python3-torch > "$out/apt-torch.log" 2>&1; then
            echo "bench: apt-get install python3-torch failed (see $out/apt-torch.log)" >&2
        fi
    fi
    if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
        start=$SECONDS
        if /usr/bin/python3 bench/torch_snn.py --snn "$snn" --dir "$out" --steps "$steps" --batch "$torch_batch" \
                --threads 1 2> >(tee "$out/torch.log" >&2); then
            echo "PyTorch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)') (Debian python3-torch)," \
                "float32, 1 thread, batch $((images < torch_batch ? images : torch_batch)); ops $(grep -o 'ops: .*' "$out/torch.log" | cut -c6-);" \
                "agreement = same prediction at T as the event engine" > "$out/torch.status"
        else
            rm -f "$out/torch.tsv"
            echo "FAILED (bench/torch_snn.py exited non-zero; see $out/torch.log)" > "$out/torch.status"
        fi
        echo "bench: torch took $((SECONDS - start)) s" >&2
    else
        echo "not available: Debian python3-torch could not be installed (apt-get install -y python3-torch failed)" \
            > "$out/torch.status"
    fi
else
    echo "skipped (--no-torch)" > "$out/torch.status"
fi

if [[ $do_rss == 1 ]]; then
    start=$SECONDS
    echo "bench: peak RSS of 'evaluate --limit $rss_images -T $rss_steps' with -Xmx$rss_xmx ..." >&2
    # Exactly what "SPKERAS_JAVA_OPTS=-Xmx$rss_xmx ./spkeras-java evaluate ..." execs, on the private jar copy (the
    # wrapper would rebuild the jar first if someone had edited the sources, and time would count Maven too).
    /usr/bin/time -v -o "$out/time-v.txt" java "-Xmx$rss_xmx" -jar "$jar" evaluate "$snn" \
        --ann "$model" --data "$data" --limit "$rss_images" -T "$rss_steps" --report "$out/rss-report.json" \
        > "$out/rss-evaluate.txt" 2> "$out/rss-evaluate.err"
    wall=$((SECONDS - start))
    kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out/time-v.txt")
    samples=$(grep -o 'evaluated [0-9]*/[0-9]*' "$out/rss-evaluate.err" | tail -1 || true)
    threads=$(nproc)
    echo "peak RSS: $((kb / 1024)) MiB (${kb} kB, /usr/bin/time -v) for ./spkeras-java evaluate $stem.snn --data $data" \
        "--limit $rss_images -T $rss_steps (event engine, $threads threads, -Xmx$rss_xmx; $samples samples, ${wall} s)" \
        > "$out/rss.txt"
else
    echo "peak RSS: not measured (--no-rss)" > "$out/rss.txt"
fi

echo
echo "network: $model on $data ($snn); $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
    "$(java -version 2>&1 | head -1); load average $load_before before, $(cut -d' ' -f1-3 /proc/loadavg) after;" \
    "bench took $((SECONDS - bench_start)) s"
java -cp "$bench_cp" org.spkeras.bench.Benchmark table --out "$out"
