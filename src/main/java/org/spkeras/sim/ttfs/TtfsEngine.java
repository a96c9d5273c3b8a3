package org.spkeras.sim.ttfs;

/** A simulator of one time-to-first-spike network at one K; holds one sample's state, one per thread. */
public interface TtfsEngine {
    /** Simulates one channels-last sample. */
    TtfsResult run(float[] sample);
}
