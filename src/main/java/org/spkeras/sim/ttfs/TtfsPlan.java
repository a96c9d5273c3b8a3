package org.spkeras.sim.ttfs;

import java.util.Arrays;
import java.util.Locale;
import org.spkeras.SpkerasException;
import org.spkeras.sim.InputCurrents;
import org.spkeras.sim.NetworkIndex;
import org.spkeras.sim.PotentialBounds;
import org.spkeras.snn.FixedPoint;
import org.spkeras.snn.SpikingNetwork;
import org.spkeras.snn.Stage;
import org.spkeras.snn.Synapses;

/**
 * What both TTFS engines need from a network at K ticks per window, built once and shared by all threads
 * (immutable): every stage's window index, every synapse set's delay, fan-outs, the input encoding, and the proven
 * bound of docs/temporal.md ("Overflow bound"), checked here so that no engine can start on a network where a sum
 * could wrap.
 */
public final class TtfsPlan {
    /** Largest K: ticks per window. */
    public static final int MAX_TICKS = 1 << 20;

    final SpikingNetwork net;
    final NetworkIndex index;
    final int ticks;
    final int stageCount;
    /** Window index of every stage (the input's is 0). */
    final int[] depth;
    /** Per neuron stage and synapse set: the delay in ticks, {@code (d − 1 − d_src)·K}. */
    final int[][] delay;
    /** The output's window index. */
    final int outputDepth;
    /** Fan-out of every input neuron (synapses leaving it). */
    final int[] inputFanOut;
    /** Per neuron stage: its neurons with a positive bias, largest bias first (the queue engine's bias-only firing). */
    final int[][] byBias;

    public TtfsPlan(SpikingNetwork net, int ticks) {
        if (net.code() != SpikingNetwork.Code.TTFS) {
            throw new SpkerasException("this network is rate coded; the time-to-first-spike engines (--engine queue, and "
                    + "dense with --code ttfs) simulate networks converted with --code ttfs: convert it again with "
                    + "--code ttfs, or use --engine event");
        }
        if (ticks < 1 || ticks > MAX_TICKS) {
            throw new SpkerasException("time resolution K must be from 1 to " + MAX_TICKS + " ticks per window, found " + ticks);
        }
        this.net = net;
        this.index = new NetworkIndex(net);
        this.ticks = ticks;
        this.stageCount = index.stageCount;
        this.depth = new int[stageCount];
        this.delay = new int[stageCount][];
        this.byBias = new int[stageCount][];
        for (int s = 0; s < stageCount; s++) {
            int[] src = index.inputSources[s];
            if (net.stages().get(s) instanceof Stage.MaxPoolGate) {
                depth[s] = depthOf(src[0]);
                continue;
            }
            int d = 0;
            for (int k : src) {
                d = Math.max(d, depthOf(k));
            }
            depth[s] = d + 1;
        }
        this.outputDepth = depth[index.outputStage];
        if ((outputDepth + 1L) * ticks >= Integer.MAX_VALUE) {
            throw new SpkerasException("the network has " + (outputDepth + 1) + " layer windows; at K = " + ticks
                    + " their ticks exceed 2^31 - 1: use a smaller --time-resolution");
        }
        for (int s = 0; s < stageCount; s++) {
            if (net.stages().get(s) instanceof Stage.Neurons n) {
                int[] src = index.inputSources[s];
                delay[s] = new int[src.length];
                for (int k = 0; k < src.length; k++) {
                    delay[s][k] = (depth[s] - 1 - depthOf(src[k])) * ticks;
                }
                byBias[s] = positiveBiasOrder(n.bias());
            }
        }
        this.inputFanOut = new int[net.input().shape().size()];
        for (NetworkIndex.Outgoing out : index.fromInput) {
            for (int p = 0; p < inputFanOut.length; p++) {
                inputFanOut[p] += out.synapses().fanOut(p);
            }
        }
        requireWithinLimit();
    }

    private int depthOf(int stage) {
        return stage < 0 ? 0 : depth[stage];
    }

    private static int[] positiveBiasOrder(long[] bias) {
        Integer[] order = new Integer[bias.length];
        int n = 0;
        for (int o = 0; o < bias.length; o++) {
            if (bias[o] > 0) {
                order[n++] = o;
            }
        }
        Integer[] positive = Arrays.copyOf(order, n);
        Arrays.sort(positive, (a, b) -> bias[a] != bias[b] ? Long.compare(bias[b], bias[a]) : Integer.compare(a, b));
        return Arrays.stream(positive).mapToInt(Integer::intValue).toArray();
    }

    /** docs/temporal.md, "Overflow bound": {@code K·(max_o(Σ|W| + |B|) + ONE) ≤ 2^62} for every neuron stage. */
    private void requireWithinLimit() {
        for (int s = 0; s < stageCount; s++) {
            if (!(net.stages().get(s) instanceof Stage.Neurons n)) {
                continue;
            }
            double[] sum = new double[n.size()];
            for (Synapses syn : n.inputs()) {
                double[] column = PotentialBounds.absColumnSums(syn, n.size());
                for (int o = 0; o < sum.length; o++) {
                    sum[o] += column[o];
                }
            }
            double a = 0;
            for (int o = 0; o < sum.length; o++) {
                a = Math.max(a, sum[o] + Math.abs((double) n.bias()[o]));
            }
            double bound = (double) ticks * (a + FixedPoint.ONE) * PotentialBounds.SAFETY;
            if (!(bound <= PotentialBounds.LIMIT_64)) {
                throw new SpkerasException(String.format(Locale.ROOT, "stage '%s': at K = %d its membrane potential is "
                        + "only bounded by %.4g, above the 2^62 that 64-bit simulation can prove safe; use a smaller "
                        + "--time-resolution (the weights or biases are implausibly large otherwise)", n.name(), ticks, bound));
            }
        }
    }

    /**
     * The signed input code of one sample (docs/temporal.md, "Input"): {@code q = sign(xq)·min(K, ⌊|xq|·K/2^16⌋)};
     * input neuron p fires at tick {@code K − |q|} with sign {@code sign(q)} when {@code q ≠ 0}.
     */
    public long[] inputCode(float[] sample) {
        long[] xq = InputCurrents.quantise(sample, net.input());
        long[] q = new long[xq.length];
        for (int p = 0; p < q.length; p++) {
            long m = Math.min(ticks, Math.abs(xq[p]) * ticks >>> FixedPoint.INPUT_BITS);
            q[p] = xq[p] < 0 ? -m : m;
        }
        return q;
    }

    public int ticks() {
        return ticks;
    }

    public SpikingNetwork network() {
        return net;
    }

    /** Window index of stage {@code s}. */
    public int depth(int s) {
        return depth[s];
    }

    /** The tick at which every sample's prediction is known: the end of the output's input window. */
    public int decisionTick() {
        return outputDepth * ticks;
    }

    /** Synapses (and gate windows) leaving each neuron of stage {@code s}. */
    public int[] fanOut(int s) {
        return index.fanOut[s];
    }

    public int[] inputFanOut() {
        return inputFanOut;
    }

    /**
     * The first-spike decision from the output's {@code V_end} (docs/temporal.md, "Decoding"): {@code {neuron, tick}},
     * or {@code {-1, -1}} when no output reaches one unit.
     */
    int[] firstSpike(long[] vEnd) {
        long best = 0;
        int who = -1;
        for (int o = 0; o < vEnd.length; o++) {
            long r = Math.min(ticks, Math.floorDiv(vEnd[o], FixedPoint.ONE));
            if (r >= 1 && r > best) {
                best = r;
                who = o;
            }
        }
        return who < 0 ? new int[] {-1, -1} : new int[] {who, outputDepth * ticks + (int) (ticks - best)};
    }

    static int argmax(long[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
