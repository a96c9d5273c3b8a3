package org.spkeras.sim;

import org.spkeras.SpkerasException;
import org.spkeras.snn.FixedPoint;
import org.spkeras.snn.InputStage;
import org.spkeras.snn.Synapses;

/** The input's share of the semantics: quantisation, the analog drive, and the Bernoulli spike test. */
public final class InputCurrents {
    private InputCurrents() {}

    /** {@code xq = ⌊(x/λ0)·2^16 + ½⌋} per input value; refuses values outside {@link PotentialBounds#INPUT_RANGE}. */
    public static long[] quantise(float[] sample, InputStage input) {
        if (sample.length != input.shape().size()) {
            throw new IllegalArgumentException("sample has " + sample.length + " values, the network expects "
                    + input.shape().size() + " " + input.shape());
        }
        long[] q = new long[sample.length];
        for (int i = 0; i < q.length; i++) {
            double x = sample[i] / input.scale();
            if (!(Math.abs(x) <= PotentialBounds.INPUT_RANGE)) {
                throw new SpkerasException("input value " + i + " of a sample is " + sample[i] + ", " + x
                        + " times the network's input scale λ0 = " + input.scale() + "; the simulation is proven free of"
                        + " overflow only for |x/λ0| <= " + PotentialBounds.INPUT_RANGE
                        + ": check that the data set matches the network (same normalisation)");
            }
            q[i] = FixedPoint.round(x, FixedPoint.INPUT_BITS);
        }
        return q;
    }

    /** Adds {@code ⌊Σ xq·w / 2^16⌋} per target neuron of one input synapse set into {@code into}. */
    public static void addAnalogDrive(long[] xq, Synapses syn, long[] into) {
        long[] acc = new long[into.length];
        for (int p = 0; p < xq.length; p++) {
            if (xq[p] != 0) {
                syn.addFanOut(p, xq[p], acc);
            }
        }
        for (int o = 0; o < into.length; o++) {
            into[o] += Math.floorDiv(acc[o], FixedPoint.INPUT_ONE);
        }
    }

    /**
     * Bernoulli input: neuron {@code p} spikes at step {@code t} when the top 16 bits of
     * {@code splitmix64(seed ^ (sample << 40) ^ (t << 20) ^ p)} are below {@code clamp(xq, 0, 2^16)}.
     */
    public static boolean fires(long seed, int sample, int t, int p, long xq) {
        long z = seed ^ ((long) sample << 40) ^ ((long) t << 20) ^ p;
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (z >>> 48) < Math.min(Math.max(xq, 0), FixedPoint.INPUT_ONE);
    }
}
