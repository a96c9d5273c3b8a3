package org.spkeras.sim.ttfs;

import java.util.Arrays;
import org.spkeras.snn.FixedPoint;
import org.spkeras.snn.SpikingNetwork;
import org.spkeras.snn.Stage;
import org.spkeras.snn.Synapses;

/**
 * The literal implementation of docs/temporal.md, "The semantics": one tick per step, every stage in order, every
 * neuron of a stage in its input window or own window updated each tick (slope, then potential; or the threshold
 * test, then the fixed rise). It defines what the queue engine must reproduce bit for bit; it is the time-stepped
 * baseline, not a fast engine ({@code (d_out + 1)·K} ticks).
 */
public final class DenseTtfsEngine implements TtfsEngine {
    private final TtfsPlan plan;
    private final long[][] potential;
    private final long[][] slope;
    private final int[][] fired;
    /** Per stage: its neurons in firing order, and how many have fired. */
    private final int[][] order;
    private final int[] orderCount;
    /** Per neuron stage and synapse set: the next unread entry of the source's firing order. */
    private final int[][] cursor;
    private final long[] stageSpikes;
    private long synOps;

    public DenseTtfsEngine(TtfsPlan plan) {
        this.plan = plan;
        int n = plan.stageCount;
        potential = new long[n][];
        slope = new long[n][];
        fired = new int[n][];
        order = new int[n][];
        orderCount = new int[n];
        cursor = new int[n][];
        for (int s = 0; s < n; s++) {
            Stage stage = plan.net.stages().get(s);
            fired[s] = new int[stage.size()];
            order[s] = new int[stage.size()];
            if (stage instanceof Stage.Neurons neurons) {
                potential[s] = new long[stage.size()];
                slope[s] = new long[stage.size()];
                cursor[s] = new int[neurons.inputs().size()];
            }
        }
        stageSpikes = new long[n];
    }

    @Override
    public TtfsResult run(float[] sample) {
        SpikingNetwork net = plan.net;
        int k = plan.ticks;
        long[] q = plan.inputCode(sample);
        // The input's firing order: by tick K − |q| (a counting sort), then by index.
        int[] inputOrder = inputOrder(q, k);
        int[] inputTick = new int[q.length];
        for (int p = 0; p < q.length; p++) {
            inputTick[p] = q[p] == 0 ? -1 : (int) (k - Math.abs(q[p]));
        }
        for (int s = 0; s < plan.stageCount; s++) {
            Arrays.fill(fired[s], -1);
            orderCount[s] = 0;
            if (potential[s] != null) {
                Arrays.fill(potential[s], 0);
                Arrays.fill(slope[s], 0);
                Arrays.fill(cursor[s], 0);
            }
        }
        Arrays.fill(stageSpikes, 0);
        long inputSpikes = 0;
        synOps = 0;
        for (int p = 0; p < q.length; p++) {
            if (q[p] != 0) {
                inputSpikes++;
                synOps += plan.inputFanOut[p];
            }
        }
        int out = plan.index.outputStage;
        long[] vEnd = null;
        int firstSpike = -1;
        int firstSpikeTick = -1;
        long[] current = new long[0];
        int end = (plan.outputDepth + 1) * k;
        for (int tau = 0; tau < end; tau++) {
            int window = tau / k;
            for (int s = 0; s < plan.stageCount; s++) {
                Stage stage = net.stages().get(s);
                int d = plan.depth[s];
                if (stage instanceof Stage.MaxPoolGate g) {
                    stepGate(s, g, tau);
                    continue;
                }
                Stage.Neurons n = (Stage.Neurons) stage;
                if (window == d - 1) {
                    if (current.length < n.size()) {
                        current = new long[n.size()];
                    }
                    Arrays.fill(current, 0, n.size(), 0);
                    for (int j = 0; j < n.inputs().size(); j++) {
                        int src = plan.index.inputSources[s][j];
                        int at = tau - plan.delay[s][j];
                        Synapses syn = n.inputs().get(j);
                        if (src < 0) {
                            while (cursor[s][j] < inputOrder.length && inputTick[inputOrder[cursor[s][j]]] == at) {
                                int p = inputOrder[cursor[s][j]++];
                                syn.addFanOut(p, Long.signum(q[p]), current);
                            }
                        } else {
                            while (cursor[s][j] < orderCount[src] && fired[src][order[src][cursor[s][j]]] == at) {
                                syn.addFanOut(order[src][cursor[s][j]++], 1, current);
                            }
                        }
                    }
                    long[] v = potential[s];
                    long[] sl = slope[s];
                    long[] b = n.bias();
                    for (int o = 0; o < v.length; o++) {
                        sl[o] += current[o];
                        v[o] += sl[o] + b[o];
                    }
                    if (s == out && tau == d * k - 1) {
                        vEnd = v.clone();
                    }
                } else if (window == d) {
                    long[] v = potential[s];
                    long threshold = k * FixedPoint.ONE;
                    for (int o = 0; o < v.length; o++) {
                        if (fired[s][o] >= 0) {
                            continue;
                        }
                        if (v[o] >= threshold) {
                            fired[s][o] = tau;
                            if (s == out) {
                                if (firstSpike < 0) {
                                    firstSpike = o;
                                    firstSpikeTick = tau;
                                }
                            } else {
                                order[s][orderCount[s]++] = o;
                                stageSpikes[s]++;
                                synOps += plan.index.fanOut[s][o];
                            }
                        } else {
                            v[o] += FixedPoint.ONE;
                        }
                    }
                }
            }
        }
        int[][] ticks = new int[plan.stageCount][];
        for (int s = 0; s < plan.stageCount; s++) {
            ticks[s] = s == out ? filled(fired[s].length) : fired[s].clone();
        }
        return new TtfsResult(TtfsPlan.argmax(vEnd), vEnd, firstSpike, firstSpikeTick, stageSpikes.clone(), inputSpikes,
                synOps, ticks, -1);
    }

    private static int[] filled(int n) {
        int[] a = new int[n];
        Arrays.fill(a, -1);
        return a;
    }

    /** A gate output fires in the first tick in which a member of its window fires (docs/temporal.md). */
    private void stepGate(int s, Stage.MaxPoolGate g, int tau) {
        int src = plan.index.inputSources[s][0];
        int[] start = plan.index.gateMemberStart[s];
        int[] windows = plan.index.gateMemberWindows[s];
        // The source's spikes of this tick are the tail of its firing order.
        for (int i = orderCount[src] - 1; i >= 0 && fired[src][order[src][i]] == tau; i--) {
            int m = order[src][i];
            for (int w = start[m]; w < start[m + 1]; w++) {
                int qOut = windows[w];
                if (fired[s][qOut] < 0) {
                    fired[s][qOut] = tau;
                    order[s][orderCount[s]++] = qOut;
                    stageSpikes[s]++;
                    synOps += plan.index.fanOut[s][qOut];
                }
            }
        }
    }

    private static int[] inputOrder(long[] q, int k) {
        int[] count = new int[k + 1];
        int n = 0;
        for (long v : q) {
            if (v != 0) {
                count[(int) (k - Math.abs(v)) + 1]++;
                n++;
            }
        }
        for (int t = 0; t < k; t++) {
            count[t + 1] += count[t];
        }
        int[] order = new int[n];
        for (int p = 0; p < q.length; p++) {
            if (q[p] != 0) {
                order[count[(int) (k - Math.abs(q[p]))]++] = p;
            }
        }
        return order;
    }
}
