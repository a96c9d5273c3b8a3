package org.spkeras.sim.ttfs;

import java.util.ArrayList;
import java.util.List;
import org.spkeras.SpkerasException;
import org.spkeras.sim.NetworkIndex;
import org.spkeras.snn.FixedPoint;
import org.spkeras.snn.Stage;
import org.spkeras.snn.Synapses;

/**
 * The priority-queue engine of docs/temporal.md: events keyed (time, stage, neuron) in one {@code long}, drained in
 * that order from a binary heap. A spike adds {@code σ·W·(K − ℓ)} (its linear PSP's value at the end of the window)
 * to each target's potential, which starts at {@code B·K} when first touched; a window event computes, for the
 * touched neurons and those whose bias alone fires them, the exact crossing tick {@code K − min(K, ⌊V/ONE⌋)} and
 * queues one spike; a gate output fires with the first member spike that reaches it. Nothing else is touched, so
 * the cost is spikes × fan-out plus queue operations; state is reset by generation stamps, not by sweeps.
 */
public final class QueueTtfsEngine implements TtfsEngine {
    private static final int NEURON_BITS = 27;
    private static final int STAGE_BITS = 10;
    private static final int TIME_BITS = 63 - NEURON_BITS - STAGE_BITS;

    private final TtfsPlan plan;
    private final boolean recordTicks;
    private final LongHeap queue = new LongHeap();
    private final long[][] potential;
    private final int[][] touchedAt;
    private final int[][] firedAt;
    private final int[][] tick;
    private final int[][] touched;
    private final int[] touchedCount;
    /** Per stage (index + 1; 0 is the input): the synapse sets and gates its spikes reach. */
    private final List<List<NetworkIndex.Outgoing>> synapsesFrom;
    private final int[][] gatesFrom;
    private int generation;
    private long queueOperations;

    /** An engine for one thread; {@code recordTicks} keeps every neuron's spike tick in the result (tests). */
    public QueueTtfsEngine(TtfsPlan plan, boolean recordTicks) {
        this.plan = plan;
        this.recordTicks = recordTicks;
        int n = plan.stageCount;
        long lastTick = (plan.outputDepth + 1L) * plan.ticks;
        int largest = plan.net.input().shape().size();
        for (Stage s : plan.net.stages()) {
            largest = Math.max(largest, s.size());
        }
        if (lastTick >= 1L << TIME_BITS || n + 1 >= 1 << STAGE_BITS || largest + 1L >= 1L << NEURON_BITS) {
            throw new SpkerasException("the queue engine's event keys hold up to 2^" + TIME_BITS + " ticks, 2^"
                    + STAGE_BITS + " - 1 stages and 2^" + NEURON_BITS + " - 1 neurons per stage; this network at K = "
                    + plan.ticks + " needs " + lastTick + " ticks, " + n + " stages and " + largest + " neurons: use "
                    + "a smaller --time-resolution or --engine dense");
        }
        potential = new long[n][];
        touchedAt = new int[n][];
        firedAt = new int[n][];
        tick = new int[n][];
        touched = new int[n][];
        touchedCount = new int[n];
        synapsesFrom = new ArrayList<>();
        synapsesFrom.add(plan.index.fromInput);
        List<List<Integer>> gates = new ArrayList<>();
        for (int s = 0; s <= n; s++) {
            gates.add(new ArrayList<>());
        }
        for (int s = 0; s < n; s++) {
            Stage stage = plan.net.stages().get(s);
            synapsesFrom.add(plan.index.outgoing.get(s));
            firedAt[s] = new int[stage.size()];
            tick[s] = new int[stage.size()];
            if (stage instanceof Stage.Neurons) {
                potential[s] = new long[stage.size()];
                touchedAt[s] = new int[stage.size()];
                touched[s] = new int[stage.size()];
            } else {
                gates.get(plan.index.inputSources[s][0] + 1).add(s);
            }
        }
        gatesFrom = new int[n + 1][];
        for (int s = 0; s <= n; s++) {
            gatesFrom[s] = gates.get(s).stream().mapToInt(Integer::intValue).toArray();
        }
    }

    private static long key(long time, int stagePlusOne, int neuronPlusOne) {
        return time << (STAGE_BITS + NEURON_BITS) | (long) stagePlusOne << NEURON_BITS | neuronPlusOne;
    }

    @Override
    public TtfsResult run(float[] sample) {
        if (++generation == Integer.MAX_VALUE) {
            for (int s = 0; s < plan.stageCount; s++) {
                java.util.Arrays.fill(firedAt[s], 0);
                if (touchedAt[s] != null) {
                    java.util.Arrays.fill(touchedAt[s], 0);
                }
            }
            generation = 1;
        }
        int k = plan.ticks;
        long[] q = plan.inputCode(sample);
        queue.clear();
        queueOperations = 0;
        java.util.Arrays.fill(touchedCount, 0);
        for (int p = 0; p < q.length; p++) {
            if (q[p] != 0) {
                push(key(k - Math.abs(q[p]), 0, p + 1));
            }
        }
        int out = plan.index.outputStage;
        for (int s = 0; s < out; s++) {
            if (potential[s] != null) {
                push(key((long) plan.depth[s] * k, s + 1, 0));
            }
        }
        long[] stageSpikes = new long[plan.stageCount];
        long inputSpikes = 0;
        long synOps = 0;
        while (!queue.isEmpty()) {
            long e = queue.pop();
            queueOperations++;
            int time = (int) (e >>> (STAGE_BITS + NEURON_BITS));
            int stage = (int) (e >>> NEURON_BITS & ((1 << STAGE_BITS) - 1)) - 1;
            int neuron = (int) (e & ((1 << NEURON_BITS) - 1)) - 1;
            if (neuron < 0) {
                openWindow(stage, time);
                continue;
            }
            long sign = 1;
            int local;
            if (stage < 0) {
                inputSpikes++;
                synOps += plan.inputFanOut[neuron];
                sign = Long.signum(q[neuron]);
                local = time;
            } else {
                stageSpikes[stage]++;
                synOps += plan.index.fanOut[stage][neuron];
                local = time - plan.depth[stage] * k;
            }
            long factor = sign * (k - local);
            for (NetworkIndex.Outgoing o : synapsesFrom.get(stage + 1)) {
                deliver(o.target(), o.synapses(), neuron, factor);
            }
            for (int g : gatesFrom[stage + 1]) {
                int[] start = plan.index.gateMemberStart[g];
                int[] windows = plan.index.gateMemberWindows[g];
                for (int w = start[neuron]; w < start[neuron + 1]; w++) {
                    int qOut = windows[w];
                    if (firedAt[g][qOut] != generation) {
                        fire(g, qOut, time);
                    }
                }
            }
        }
        Stage.Neurons output = plan.net.output();
        long[] vEnd = new long[output.size()];
        for (int o = 0; o < vEnd.length; o++) {
            vEnd[o] = touchedAt[out][o] == generation ? potential[out][o] : output.bias()[o] * k;
        }
        int[] first = plan.firstSpike(vEnd);
        int[][] ticks = null;
        if (recordTicks) {
            ticks = new int[plan.stageCount][];
            for (int s = 0; s < plan.stageCount; s++) {
                ticks[s] = new int[tick[s].length];
                for (int o = 0; o < ticks[s].length; o++) {
                    ticks[s][o] = firedAt[s][o] == generation ? tick[s][o] : -1;
                }
            }
        }
        return new TtfsResult(TtfsPlan.argmax(vEnd), vEnd, first[0], first[1], stageSpikes, inputSpikes, synOps, ticks,
                queueOperations);
    }

    private void push(long key) {
        queue.push(key);
        queueOperations++;
    }

    private void fire(int s, int o, int time) {
        firedAt[s][o] = generation;
        tick[s][o] = time;
        push(key(time, s + 1, o + 1));
    }

    /** Adds {@code factor·W} of source neuron {@code p}'s synapses to its targets in stage {@code t}. */
    private void deliver(int t, Synapses syn, int p, long factor) {
        long[] v = potential[t];
        int[] stamp = touchedAt[t];
        long[] bias = ((Stage.Neurons) plan.net.stages().get(t)).bias();
        long k = plan.ticks;
        int[] segStart = syn.segmentStart();
        int[] target = syn.target();
        int[] length = syn.length();
        int[] offset = syn.weightOffset();
        long[] w = syn.weights();
        for (int seg = segStart[p], end = segStart[p + 1]; seg < end; seg++) {
            for (int j = 0, base = target[seg], wb = offset[seg]; j < length[seg]; j++) {
                int o = base + j;
                if (stamp[o] != generation) {
                    stamp[o] = generation;
                    v[o] = bias[o] * k;
                    touched[t][touchedCount[t]++] = o;
                }
                v[o] += factor * w[wb + j];
            }
        }
    }

    /** Stage {@code s}'s own window opens at {@code time = d·K}: queue the spike of every neuron that will cross. */
    private void openWindow(int s, int time) {
        long k = plan.ticks;
        long[] v = potential[s];
        for (int i = 0; i < touchedCount[s]; i++) {
            schedule(s, touched[s][i], v[touched[s][i]], time);
        }
        long[] bias = ((Stage.Neurons) plan.net.stages().get(s)).bias();
        for (int o : plan.byBias[s]) {
            long vEnd = bias[o] * k;
            if (Math.floorDiv(vEnd, FixedPoint.ONE) < 1) {
                break;
            }
            if (touchedAt[s][o] != generation) {
                schedule(s, o, vEnd, time);
            }
        }
    }

    private void schedule(int s, int o, long vEnd, int windowStart) {
        long r = Math.min(plan.ticks, Math.floorDiv(vEnd, FixedPoint.ONE));
        if (r >= 1) {
            fire(s, o, windowStart + (int) (plan.ticks - r));
        }
    }
}
