package org.spkeras.sim.event;

import java.util.Arrays;
import org.spkeras.sim.NetworkIndex;
import org.spkeras.snn.Stage;

/**
 * One max-pool gate stage of one sample, event-driven: the gate rules of docs/simulation.md (gating: the member
 * with the largest spike count so far wins and passes its spikes on; LIPooling: per-window accumulators, the
 * largest one leaves) applied only to the windows a spike reached this step. The one implementation of those
 * rules for the event engines ({@link EventEngine} and bench/java's {@code CalendarEngine}); the dense engine
 * keeps its own literal copy, as docs/simulation.md explains.
 *
 * <p>Per step: {@link #input} for each source spike, then {@link #step} once, which lists the windows that fire
 * and their multiplicities in {@link #firedWindow} and {@link #firedCount}.
 */
final class GateWindows {
    private final boolean gating;
    private final int[] windowStart;
    private final int[] members;
    private final int[] memberStart;
    private final int[] memberWindows;
    /** Gating: spike count per source neuron; LIPooling: accumulator per (window, member). */
    private final long[] state;
    private final int[] sourceNow;
    private final int[] sourceStep;
    private final int[] windowMark;
    private final IntBag touched = new IntBag();
    /** After {@link #step}: the windows that fired, in the order they were reached, and their spike counts. */
    final int[] firedWindow;
    final int[] firedCount;

    GateWindows(NetworkIndex index, int stage) {
        Stage.MaxPoolGate g = (Stage.MaxPoolGate) index.net.stages().get(stage);
        gating = g.kind() == Stage.MaxPoolGate.Kind.GATING;
        windowStart = g.windowStart();
        members = g.members();
        memberStart = index.gateMemberStart[stage];
        memberWindows = index.gateMemberWindows[stage];
        int sourceSize = memberStart.length - 1;
        state = new long[gating ? sourceSize : members.length];
        sourceNow = new int[sourceSize];
        sourceStep = new int[sourceSize];
        windowMark = new int[g.size()];
        firedWindow = new int[g.size()];
        firedCount = new int[g.size()];
    }

    /** Back to the state before step 1. */
    void reset() {
        Arrays.fill(state, 0);
        Arrays.fill(sourceStep, 0);
        Arrays.fill(windowMark, 0);
        touched.clear();
    }

    /** A spike of multiplicity {@code m} of source neuron {@code i} at step {@code t}: count it, mark its windows. */
    void input(int i, int m, int t) {
        if (gating) {
            state[i] += m;
        }
        sourceNow[i] = m;
        sourceStep[i] = t;
        for (int k = memberStart[i], end = memberStart[i + 1]; k < end; k++) {
            int q = memberWindows[k];
            if (windowMark[q] != t) {
                windowMark[q] = t;
                touched.add(q);
            }
        }
    }

    /**
     * Step {@code t} of the windows reached since the last step; returns how many fired (the first entries of
     * {@link #firedWindow} and {@link #firedCount}). A window no spike reached cannot fire: gating passes on the
     * winner's spikes of this step, and LIPooling's accumulators, all ≤ 0 after each step, only grow by spikes.
     */
    int step(int t) {
        int fired = 0;
        for (int i = 0; i < touched.size; i++) {
            int q = touched.items[i];
            int out = gating ? gatingOutput(q, t) : lipoolOutput(q, t);
            if (out > 0) {
                firedWindow[fired] = q;
                firedCount[fired++] = out;
            }
        }
        touched.clear();
        return fired;
    }

    private int gatingOutput(int q, int t) {
        int winner = members[windowStart[q]];
        for (int k = windowStart[q] + 1; k < windowStart[q + 1]; k++) {
            if (state[members[k]] > state[winner]) {
                winner = members[k];
            }
        }
        return sourceStep[winner] == t ? sourceNow[winner] : 0;
    }

    private int lipoolOutput(int q, int t) {
        long best = 0;
        for (int k = windowStart[q]; k < windowStart[q + 1]; k++) {
            int member = members[k];
            state[k] += sourceStep[member] == t ? sourceNow[member] : 0;
            best = Math.max(best, state[k]);
        }
        for (int k = windowStart[q]; k < windowStart[q + 1]; k++) {
            state[k] -= best;
        }
        return (int) best;
    }
}
