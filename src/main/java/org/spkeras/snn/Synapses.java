package org.spkeras.snn;

/**
 * Connections from every neuron of one source stage to a target stage, as runs of contiguous targets: for
 * source neuron {@code p}, segments {@code k} in {@code [segmentStart[p], segmentStart[p+1])} add
 * {@code weights[weightOffset[k] + j]} to target {@code target[k] + j} for {@code j < length[k]}, times the
 * spike multiplicity (or the analog input value). A conv spike touches k×k such runs, each a contiguous
 * channel vector (channels-last), read from a contiguous weight row.
 *
 * @param source the name of the source stage, or of the input
 */
public record Synapses(String source, int[] segmentStart, int[] target, int[] length, int[] weightOffset,
                       long[] weights) {
    public Synapses {
        if (segmentStart.length < 1 || segmentStart[0] != 0) {
            throw new IllegalArgumentException("segmentStart must start at 0");
        }
        int segments = segmentStart[segmentStart.length - 1];
        if (target.length != segments || length.length != segments || weightOffset.length != segments) {
            throw new IllegalArgumentException("segment arrays must all have " + segments + " entries");
        }
    }

    public int sourceSize() {
        return segmentStart.length - 1;
    }

    /** Number of synapses (target updates per unit of source activity), summed over source neurons. */
    public long synapseCount() {
        long n = 0;
        for (int len : length) {
            n += len;
        }
        return n;
    }

    /**
     * Adds {@code m} times source neuron {@code p}'s weights to its targets in {@code into} (indexed by target
     * neuron): a spike of multiplicity {@code m}, or an analog input value. The scatter kernel of the dense and
     * closed-form engines and of the analog input drive (the event engine runs its own on its plan's layout).
     */
    public void addFanOut(int p, long m, long[] into) {
        for (int k = segmentStart[p], end = segmentStart[p + 1]; k < end; k++) {
            int base = target[k];
            int w = weightOffset[k];
            for (int j = 0, n = length[k]; j < n; j++) {
                into[base + j] += m * weights[w + j];
            }
        }
    }

    /** Synapses leaving source neuron {@code p}: its fan-out. */
    public int fanOut(int p) {
        int n = 0;
        for (int k = segmentStart[p]; k < segmentStart[p + 1]; k++) {
            n += length[k];
        }
        return n;
    }
}
