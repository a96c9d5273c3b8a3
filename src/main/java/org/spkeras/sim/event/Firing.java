package org.spkeras.sim.event;

/**
 * The spiking rule of docs/simulation.md after a neuron's potential has been brought up to date: the number of
 * spikes {@code s = min(Γ, ⌊V/V_th⌋)} where {@code V ≥ V_th}, else 0, and the potential after them (reset by
 * subtraction or to zero). The one implementation for the event engines ({@link EventEngine} and bench/java's
 * {@code CalendarEngine}); the dense engine keeps its own literal copy, as docs/simulation.md explains.
 */
final class Firing {
    private Firing() {}

    /** Spikes of a neuron at potential {@code v} (≥ threshold: between 1 and {@code gamma}; else 0). */
    static int spikes(long v, long threshold, long gamma) {
        return v >= threshold ? (int) Math.min(gamma, v / threshold) : 0;
    }

    /** The potential after {@code fired} > 0 spikes at potential {@code v}. */
    static long after(long v, int fired, long threshold, boolean toZero) {
        return toZero ? 0 : v - fired * threshold;
    }
}
