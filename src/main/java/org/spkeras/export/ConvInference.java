package org.spkeras.export;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.spkeras.model.Shape;
import org.spkeras.snn.Synapses;

/**
 * Recovers a convolution from compiled synapses between two spatial stages. A {@code .snn} keeps only the
 * synapses (average pooling, padding and BatchNorm already folded in), so the geometry is searched for: per
 * axis every (kernel, stride, symmetric padding) that gives the target's size and contains every synapse, the
 * smallest kernel first; a candidate is accepted only if one kernel reproduces every synapse exactly and no
 * synapse is missing. Asymmetric 'same' padding (one more row at the bottom) appears as a kernel one larger
 * with a zero first row, which symmetric NIR padding can express.
 */
final class ConvInference {
    private static final int MAX_TRIES_PER_AXIS = 4;

    /** Kernel {@code [out][in][kh][kw]} in the synapses' fixed-point units, with stride and padding per axis. */
    record Conv(int outChannels, int inChannels, Axis rows, Axis cols, long[] kernel) {}

    record Axis(int kernel, int stride, int padding) {
        int start(int out) {
            return out * stride - padding;
        }
    }

    private ConvInference() {}

    /** The convolution these synapses implement, or null if they are not one. */
    static Conv infer(Synapses syn, Shape source, Shape target) {
        if (!source.isSpatial() || !target.isSpatial()) {
            return null;
        }
        int[] minY = fill(target.height(), Integer.MAX_VALUE);
        int[] maxY = fill(target.height(), Integer.MIN_VALUE);
        int[] minX = fill(target.width(), Integer.MAX_VALUE);
        int[] maxX = fill(target.width(), Integer.MIN_VALUE);
        forEach(syn, (p, o, w) -> {
            int y = p / source.channels() / source.width();
            int x = (p / source.channels()) % source.width();
            int oy = o / target.channels() / target.width();
            int ox = (o / target.channels()) % target.width();
            minY[oy] = Math.min(minY[oy], y);
            maxY[oy] = Math.max(maxY[oy], y);
            minX[ox] = Math.min(minX[ox], x);
            maxX[ox] = Math.max(maxX[ox], x);
        });
        List<Axis> rows = candidates(source.height(), target.height(), minY, maxY);
        List<Axis> cols = candidates(source.width(), target.width(), minX, maxX);
        for (Axis r : rows.subList(0, Math.min(MAX_TRIES_PER_AXIS, rows.size()))) {
            for (Axis c : cols.subList(0, Math.min(MAX_TRIES_PER_AXIS, cols.size()))) {
                Conv conv = fit(syn, source, target, r, c);
                if (conv != null) {
                    return conv;
                }
            }
        }
        return null;
    }

    private static List<Axis> candidates(int in, int out, int[] min, int[] max) {
        List<Axis> found = new ArrayList<>();
        for (int stride = 1; stride <= in; stride++) {
            for (int pad = 0; pad < in; pad++) {
                for (int r = 0; r < stride; r++) {
                    int kernel = in + 2 * pad - (out - 1) * stride - r;
                    Axis a = new Axis(kernel, stride, pad);
                    if (kernel >= 1 && kernel > pad && contains(a, min, max)) {
                        found.add(a);
                    }
                }
            }
        }
        found.sort(Comparator.comparingInt(Axis::kernel).thenComparingInt(Axis::padding).thenComparingInt(Axis::stride));
        return found;
    }

    private static boolean contains(Axis a, int[] min, int[] max) {
        for (int o = 0; o < min.length; o++) {
            if (min[o] != Integer.MAX_VALUE && (min[o] < a.start(o) || max[o] > a.start(o) + a.kernel() - 1)) {
                return false;
            }
        }
        return true;
    }

    private static Conv fit(Synapses syn, Shape source, Shape target, Axis rows, Axis cols) {
        int cin = source.channels();
        int cout = target.channels();
        long[] kernel = new long[cout * cin * rows.kernel() * cols.kernel()];
        boolean[] set = new boolean[kernel.length];
        boolean[] consistent = {true};
        long[] synapses = {0};
        forEach(syn, (p, o, w) -> {
            int ci = p % cin;
            int i = p / cin / source.width() - rows.start(o / cout / target.width());
            int j = (p / cin) % source.width() - cols.start((o / cout) % target.width());
            int k = ((o % cout * cin + ci) * rows.kernel() + i) * cols.kernel() + j;
            if (set[k] && kernel[k] != w) {
                consistent[0] = false;
            }
            kernel[k] = w;
            set[k] = true;
            synapses[0]++;
        });
        if (!consistent[0] || synapses[0] != expectedSynapses(kernel, source, target, rows, cols)) {
            return null;
        }
        return new Conv(cout, cin, rows, cols, kernel);
    }

    /** How many non-zero synapses the convolution with this kernel has: must equal the compiled count. */
    private static long expectedSynapses(long[] kernel, Shape source, Shape target, Axis rows, Axis cols) {
        int taps = rows.kernel() * cols.kernel();
        long[] perTap = new long[taps];
        for (int k = 0; k < kernel.length; k++) {
            if (kernel[k] != 0) {
                perTap[k % taps]++;
            }
        }
        long n = 0;
        for (int oy = 0; oy < target.height(); oy++) {
            for (int i = 0; i < rows.kernel(); i++) {
                int y = rows.start(oy) + i;
                if (y < 0 || y >= source.height()) {
                    continue;
                }
                for (int ox = 0; ox < target.width(); ox++) {
                    for (int j = 0; j < cols.kernel(); j++) {
                        int x = cols.start(ox) + j;
                        if (x >= 0 && x < source.width()) {
                            n += perTap[i * cols.kernel() + j];
                        }
                    }
                }
            }
        }
        return n;
    }

    /**
     * The largest p ≥ 2 for which this convolution is p×p sum pooling (stride p) followed by a smaller
     * convolution, or 1: kernel, stride, padding and the source's height and width are multiples of p, and the
     * kernel is constant on aligned p×p blocks (average pooling folded into a convolution has this form).
     */
    static int poolFactor(Conv conv, Shape source) {
        for (int p = Math.min(conv.rows().kernel(), conv.cols().kernel()); p >= 2; p--) {
            if (divides(p, conv.rows(), source.height()) && divides(p, conv.cols(), source.width())
                    && blockConstant(conv, p)) {
                return p;
            }
        }
        return 1;
    }

    private static boolean divides(int p, Axis a, int size) {
        return a.kernel() % p == 0 && a.stride() % p == 0 && a.padding() % p == 0 && size % p == 0;
    }

    private static boolean blockConstant(Conv conv, int p) {
        int kh = conv.rows().kernel();
        int kw = conv.cols().kernel();
        for (int k = 0; k < conv.kernel().length; k++) {
            int i = k / kw % kh;
            int j = k % kw;
            int corner = k - (i % p) * kw - j % p;
            if (conv.kernel()[k] != conv.kernel()[corner]) {
                return false;
            }
        }
        return true;
    }

    /** The convolution that follows p×p sum pooling: one value per block, stride and padding divided by p. */
    static Conv afterPooling(Conv conv, int p) {
        Axis rows = new Axis(conv.rows().kernel() / p, conv.rows().stride() / p, conv.rows().padding() / p);
        Axis cols = new Axis(conv.cols().kernel() / p, conv.cols().stride() / p, conv.cols().padding() / p);
        long[] kernel = new long[conv.outChannels() * conv.inChannels() * rows.kernel() * cols.kernel()];
        for (int k = 0; k < kernel.length; k++) {
            int j = k % cols.kernel();
            int i = k / cols.kernel() % rows.kernel();
            int plane = k / cols.kernel() / rows.kernel();
            kernel[k] = conv.kernel()[(plane * conv.rows().kernel() + i * p) * conv.cols().kernel() + j * p];
        }
        return new Conv(conv.outChannels(), conv.inChannels(), rows, cols, kernel);
    }

    interface SynapseVisitor {
        void visit(int source, int target, long weight);
    }

    /** Every non-zero synapse: source neuron, target neuron, weight (channels-last indices). */
    static void forEach(Synapses syn, SynapseVisitor visitor) {
        int[] start = syn.segmentStart();
        for (int p = 0; p < syn.sourceSize(); p++) {
            for (int k = start[p]; k < start[p + 1]; k++) {
                int t = syn.target()[k];
                int off = syn.weightOffset()[k];
                for (int j = 0; j < syn.length()[k]; j++) {
                    long w = syn.weights()[off + j];
                    if (w != 0) {
                        visitor.visit(p, t + j, w);
                    }
                }
            }
        }
    }

    private static int[] fill(int n, int value) {
        int[] a = new int[n];
        Arrays.fill(a, value);
        return a;
    }
}
