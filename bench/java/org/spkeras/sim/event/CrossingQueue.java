package org.spkeras.sim.event;

/**
 * Where the event engine keeps predicted threshold crossings, in (step, stage, insertion) order. A crossing
 * is always scheduled for a later step than the one being processed, and the engine asks for the crossings
 * of every (step, stage) in increasing order.
 */
interface CrossingQueue {
    void schedule(int stage, int step, int neuron);

    /** The neurons due at (step, stage), or null when none; the caller clears the returned bag after use. */
    IntBag due(int stage, int step);

    void clear();

    /** Crossings scheduled since the queue was created: its workload, for the benchmark. */
    long insertions();
}
