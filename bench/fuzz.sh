#!/usr/bin/env bash
# The hostile-input campaign, long run: N seeded mutants of every input kind through inspect, import and
# evaluate (and, since issue 25, TF bundles, SavedModel protobufs, Keras 3 .weights.h5, .nir and --config JSON), in one JVM whose heap is capped at 256 MiB (so any run needing more is an OutOfMemoryError in the
# table). Prints the outcome table; exits 1 if any mutant failed (failing mutants are kept in target/fuzz/failures).
# Usage: bench/fuzz.sh [MUTANTS] [SEED]   (SPKERAS_FUZZ_LIMIT_MS=N raises the 10 s limit on an overloaded machine)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mutants="${1:-10000}"
seed="${2:-1}"
mvn -q -B -DskipTests test-compile
mvn -q -B dependency:build-classpath -Dmdep.outputFile=target/fuzz.classpath -Dmdep.includeScope=test >/dev/null
exec java -Xmx256m ${SPKERAS_FUZZ_LIMIT_MS:+-Dspkeras.fuzz.limitMs=$SPKERAS_FUZZ_LIMIT_MS} -cp "target/test-classes:target/classes:$(cat target/fuzz.classpath)" \
    org.spkeras.fuzz.FuzzCampaign --mutants "$mutants" --seed "$seed" --work target/fuzz
