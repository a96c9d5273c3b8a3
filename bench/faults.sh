#!/usr/bin/env bash
# Fault trials for the signal cases of issue 25, through the launcher as a user runs it:
#  1. SIGKILL of the launcher while it evaluates: is a JVM of the run still alive 3 s later, and does it go on to
#     write the report (an orphan)?
#  2. SIGINT / SIGTERM at a random moment near the end of an evaluation (while the report set is written): how many
#     trials leave a temporary file (.*.tmp) beside the outputs?
# Prints one table row per trial kind. Compare builds with SPKERAS_JAVA_JAR=old.jar LAUNCHER=old/spkeras-java.
# Usage: bench/faults.sh [TRIALS]          (needs /usr/bin/python3 with numpy for the data file)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
trials="${1:-23}"
launcher="${LAUNCHER:-./spkeras-java}"
work="$(mktemp -d "${TMPDIR:-/tmp}/spkeras-faults.XXXXXX")"
trap 'rm -rf "$work"' EXIT
"$launcher" --version >/dev/null 2>&1   # builds the jar first if needed
/usr/bin/python3 - "$work/d.npz" <<'PY'
import sys, numpy as np
r = np.random.default_rng(5)
np.savez(sys.argv[1], x=r.random((800, 12, 12, 3), dtype=np.float32), y=r.integers(0, 10, 800).astype(np.int64))
PY
model=keras-fixtures/seq_cnn.h5
"$launcher" import "$model" --calibration "$work/d.npz" --calibration-samples 64 --calibrate none -o "$work/m.snn" >/dev/null 2>&1
run_eval() { # $1: report path; runs in the background, sets $pid
    "$launcher" evaluate "$work/m.snn" --ann "$model" --data "$work/d.npz" -T 4,8,16,32 --threads 1 -q \
        --report "$1" >/dev/null 2>&1 &
    pid=$!
}
# jvms_of MARKER: pids of java processes whose command line holds MARKER (this run's own report path)
jvms_of() { { pgrep -f -- "$1" || true; } | while read -r p; do if [[ "$(cat "/proc/$p/comm" 2>/dev/null)" == java ]]; then echo "$p"; fi; done; }

start=$(date +%s%N); run_eval "$work/timing.json"; wait "$pid" || true
ms=$(( ($(date +%s%N) - start) / 1000000 ))

orphans=0; orphan_reports=0
for i in $(seq 1 "$(( trials < 5 ? trials : 5 ))"); do
    report="$work/kill$i/r.json"
    run_eval "$report"
    sleep "$(/usr/bin/python3 -c "print($ms / 1000 * 0.4)")"
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    sleep 3
    left="$(jvms_of "$report")"
    if [[ -n "$left" ]]; then
        orphans=$((orphans + 1))
        for p in $left; do while kill -0 "$p" 2>/dev/null; do sleep 0.5; done; done   # let it finish, then look
        [[ -f "$report" ]] && orphan_reports=$((orphan_reports + 1))
    fi
done
kills=$(( trials < 5 ? trials : 5 ))

leaks=0; sigs=""
for i in $(seq 1 "$trials"); do
    out="$work/sig$i"; mkdir -p "$out"
    sig=$([[ $((i % 2)) == 0 ]] && echo INT || echo TERM)
    run_eval "$out/r.json"
    sleep "$(/usr/bin/python3 -c "import random; random.seed($i); print($ms / 1000 * random.uniform(0.80, 1.02))")"
    kill "-$sig" "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    for p in $(jvms_of "$out/r.json"); do while kill -0 "$p" 2>/dev/null; do sleep 0.2; done; done
    if compgen -G "$out/.*.tmp" >/dev/null; then leaks=$((leaks + 1)); fi
done

printf 'one evaluation: %d ms; load average: %s\n' "$ms" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-44s %8s %s\n' "fault" "trials" "bad outcomes"
printf '%-44s %8d %d JVMs alive 3 s later, %d went on to write the report\n' "SIGKILL of the launcher at 40 %" "$kills" "$orphans" "$orphan_reports"
printf '%-44s %8d %d left a .tmp file\n' "SIGINT/SIGTERM at 80-102 % of the run" "$trials" "$leaks"
[[ $orphans == 0 && $leaks == 0 ]]
