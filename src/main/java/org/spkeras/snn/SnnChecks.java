package org.spkeras.snn;

/**
 * Index checks that the records' constructors do not make but the engines rely on: every segment, target,
 * weight and gate member lies inside the array or stage it points into. Used before writing (a network that
 * fails them is a programming error) and after reading (a file that fails them is damaged or edited).
 * Each method returns {@code null} when all is well, else one sentence describing the first problem.
 */
final class SnnChecks {
    private SnnChecks() {}

    static String synapses(Synapses s, int sourceSize, int targetSize) {
        int[] start = s.segmentStart();
        if (start.length != sourceSize + 1) {
            return "segmentStart has " + start.length + " entries, but the source '" + s.source() + "' has "
                    + sourceSize + " neurons (needs " + (sourceSize + 1) + " entries)";
        }
        for (int p = 0; p < sourceSize; p++) {
            if (start[p + 1] < start[p]) {
                return "segmentStart decreases at source neuron " + p + " (" + start[p] + " then " + start[p + 1] + ")";
            }
        }
        int[] target = s.target();
        int[] length = s.length();
        int[] offset = s.weightOffset();
        long weights = s.weights().length;
        for (int k = 0; k < target.length; k++) {
            int len = length[k];
            if (len < 0) {
                return "segment " + k + " has a negative length " + len;
            }
            long t = target[k];
            if (t < 0 || t + len > targetSize) {
                return "segment " + k + " targets neurons " + t + ".." + (t + len - 1) + ", outside the stage's "
                        + targetSize + " neurons";
            }
            long o = offset[k];
            if (o < 0 || o + len > weights) {
                return "segment " + k + " reads weights " + o + ".." + (o + len - 1) + ", outside the " + weights
                        + " weights";
            }
        }
        return null;
    }

    static String gate(Stage.MaxPoolGate g, int sourceSize) {
        if (g.kind() == null) {
            return "the pooling kind is missing";
        }
        int[] start = g.windowStart();
        int[] members = g.members();
        if (start[0] != 0) {
            return "windowStart must start at 0, found " + start[0];
        }
        for (int i = 0; i + 1 < start.length; i++) {
            if (start[i + 1] < start[i]) {
                return "windowStart decreases at output neuron " + i + " (" + start[i] + " then " + start[i + 1] + ")";
            }
        }
        if (start[start.length - 1] != members.length) {
            return "windowStart ends at " + start[start.length - 1] + ", but there are " + members.length + " members";
        }
        for (int k = 0; k < members.length; k++) {
            if (members[k] < 0 || members[k] >= sourceSize) {
                return "member " + k + " is source neuron " + members[k] + ", outside the source '" + g.source()
                        + "' with " + sourceSize + " neurons";
            }
        }
        return null;
    }
}
