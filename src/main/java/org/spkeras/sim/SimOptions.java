package org.spkeras.sim;

/**
 * How to simulate: number of steps, input encoding, seed (Bernoulli input), and whether to keep per-neuron
 * spike counts (tests and diagnostics).
 */
public record SimOptions(int steps, Encoding encoding, long seed, boolean recordNeuronCounts) {
    public enum Encoding { ANALOG, BERNOULLI }

    /** Larger budgets are refused: 2^20 steps keep every step counter far from overflow. */
    public static final int MAX_STEPS = 1 << 20;

    public SimOptions {
        if (steps < 1 || steps > MAX_STEPS) {
            throw new IllegalArgumentException("steps must be from 1 to " + MAX_STEPS + ", found " + steps);
        }
        if (encoding == null) {
            throw new IllegalArgumentException("encoding is required");
        }
    }

    public static SimOptions analog(int steps) {
        return new SimOptions(steps, Encoding.ANALOG, 0, false);
    }
}
