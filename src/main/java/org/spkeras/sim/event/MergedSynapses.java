package org.spkeras.sim.event;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.spkeras.snn.Synapses;

/**
 * A synapse set re-laid out for the event engine: each source neuron's segments sorted by target, and runs of
 * segments whose targets are adjacent merged into one segment reading one concatenated weight row. A 3×3
 * convolution spike then adds 3 rows of 3·C_out weights instead of 9 rows of C_out, which halves the loop
 * overhead per synaptic event. Concatenated rows are deduplicated, and a row made of consecutive parts of a
 * longer row reads a slice of it (a convolution's border neurons use slices of the interior neurons' rows), so
 * the weight pool stays about as large as the stored weights. Integer addition is associative, so the order in
 * which segments are applied does not change any result.
 */
record MergedSynapses(int[] segmentStart, int[] target, int[] length, int[] weightOffset, long[] weights) {

    static MergedSynapses of(Synapses syn) {
        int[] start = syn.segmentStart();
        int[] tg = syn.target();
        int[] len = syn.length();
        int[] off = syn.weightOffset();
        int sources = syn.sourceSize();
        int[] newStart = new int[sources + 1];
        int[] newTarget = new int[tg.length];
        int[] newLength = new int[tg.length];
        int[][] parts = new int[tg.length][];
        int out = 0;
        int longest = 0;
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
                int[] run = new int[2 * (j - i)];
                int total = 0;
                for (int r = i; r < j; r++) {
                    run[2 * (r - i)] = off[order[r]];
                    run[2 * (r - i) + 1] = len[order[r]];
                    total += len[order[r]];
                }
                newTarget[out] = tg[order[i]];
                newLength[out] = total;
                parts[out] = run;
                longest = Math.max(longest, j - i);
                out++;
                i = j;
            }
            newStart[p + 1] = out;
        }
        Pool pool = new Pool(syn.weights());
        int[] newOffset = new int[out];
        // Longest rows first, so that shorter ones find themselves as slices of them.
        for (int k = longest; k >= 1; k--) {
            for (int seg = 0; seg < out; seg++) {
                if (parts[seg].length == 2 * k) {
                    newOffset[seg] = pool.offsetOf(parts[seg]);
                }
            }
        }
        return new MergedSynapses(newStart, Arrays.copyOf(newTarget, out), Arrays.copyOf(newLength, out), newOffset,
                pool.weights());
    }

    /** The concatenated weight rows, each stored once, with every run of consecutive parts findable as a slice. */
    private static final class Pool {
        private final long[] stored;
        private final Map<RowKey, Integer> rows = new HashMap<>();
        private long[] pool;
        private int size;

        Pool(long[] stored) {
            this.stored = stored;
            this.pool = new long[Math.max(16, stored.length)];
        }

        int offsetOf(int[] parts) {
            Integer at = rows.get(new RowKey(parts));
            if (at != null) {
                return at;
            }
            int start = size;
            for (int r = 0; r < parts.length; r += 2) {
                if (size + parts[r + 1] > pool.length) {
                    pool = Arrays.copyOf(pool, Math.max(pool.length * 2, size + parts[r + 1]));
                }
                System.arraycopy(stored, parts[r], pool, size, parts[r + 1]);
                size += parts[r + 1];
            }
            for (int i = 0, from = start; i < parts.length; from += parts[i + 1], i += 2) {
                for (int j = i + 2; j <= parts.length; j += 2) {
                    rows.putIfAbsent(new RowKey(Arrays.copyOfRange(parts, i, j)), from);
                }
            }
            return start;
        }

        long[] weights() {
            return Arrays.copyOf(pool, size);
        }
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
