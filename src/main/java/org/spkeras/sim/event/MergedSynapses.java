package org.spkeras.sim.event;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.spkeras.snn.Synapses;

/**
 * A synapse set re-laid out for the event engine: each source neuron's segments sorted by target, and runs of
 * segments whose targets are adjacent merged into one segment reading one concatenated weight row. A 3×3
 * convolution spike then adds 3 rows of 3·C_out weights instead of 9 rows of C_out, which halves the loop
 * overhead per synaptic event. Concatenated rows are deduplicated (every interior neuron of a channel reuses
 * the same three), so the weight pool grows by about k·C_in rows, not per neuron. Integer addition is
 * associative, so the order in which segments are applied does not change any result.
 */
record MergedSynapses(int[] segmentStart, int[] target, int[] length, int[] weightOffset, long[] weights) {

    static MergedSynapses of(Synapses syn) {
        int[] start = syn.segmentStart();
        int[] tg = syn.target();
        int[] len = syn.length();
        int[] off = syn.weightOffset();
        long[] w = syn.weights();
        int sources = syn.sourceSize();
        int[] newStart = new int[sources + 1];
        int[] newTarget = new int[tg.length];
        int[] newLength = new int[tg.length];
        int[] newOffset = new int[tg.length];
        Map<RowKey, Integer> rows = new HashMap<>();
        long[] pool = new long[Math.max(16, w.length)];
        int poolSize = 0;
        int out = 0;
        Integer[] order = new Integer[0];
        for (int p = 0; p < sources; p++) {
            int n = start[p + 1] - start[p];
            if (order.length < n) {
                order = new Integer[n];
            }
            for (int i = 0; i < n; i++) {
                order[i] = start[p] + i;
            }
            Arrays.sort(order, 0, n, (a, b) -> Integer.compare(tg[a], tg[b]));
            for (int i = 0; i < n; ) {
                int j = i + 1;
                while (j < n && tg[order[j]] == tg[order[j - 1]] + len[order[j - 1]]) {
                    j++;
                }
                int[] parts = new int[2 * (j - i)];
                int total = 0;
                for (int r = i; r < j; r++) {
                    parts[2 * (r - i)] = off[order[r]];
                    parts[2 * (r - i) + 1] = len[order[r]];
                    total += len[order[r]];
                }
                RowKey key = new RowKey(parts);
                Integer at = rows.get(key);
                if (at == null) {
                    if (poolSize + total > pool.length) {
                        pool = Arrays.copyOf(pool, Math.max(pool.length * 2, poolSize + total));
                    }
                    at = poolSize;
                    for (int r = 0; r < parts.length; r += 2) {
                        System.arraycopy(w, parts[r], pool, poolSize, parts[r + 1]);
                        poolSize += parts[r + 1];
                    }
                    rows.put(key, at);
                }
                newTarget[out] = tg[order[i]];
                newLength[out] = total;
                newOffset[out] = at;
                out++;
                i = j;
            }
            newStart[p + 1] = out;
        }
        return new MergedSynapses(newStart, Arrays.copyOf(newTarget, out), Arrays.copyOf(newLength, out),
                Arrays.copyOf(newOffset, out), Arrays.copyOf(pool, poolSize));
    }

    /** The (offset, length) pairs a merged row is made of. */
    private record RowKey(int[] parts) {
        @Override
        public boolean equals(Object o) {
            return o instanceof RowKey k && Arrays.equals(parts, k.parts);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(parts);
        }
    }
}
