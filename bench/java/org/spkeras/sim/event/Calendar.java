package org.spkeras.sim.event;

/**
 * The event queue: a bucketed calendar keyed by (step, stage). Time is an integer bounded by T, so one bucket
 * per step and stage is a priority queue ordered by (step, stage, insertion sequence) with O(1) insertion
 * and removal. A bucket holds neuron indices whose threshold crossing is predicted for that step; entries a
 * neuron has since outdated are skipped by the engine (it keeps the step each neuron is scheduled for).
 */
final class Calendar implements CrossingQueue {
    private final IntBag[][] buckets;
    private long insertions;

    Calendar(int stages, int steps) {
        buckets = new IntBag[stages][steps + 1];
    }

    @Override
    public void schedule(int stage, int step, int neuron) {
        insertions++;
        IntBag b = buckets[stage][step];
        if (b == null) {
            b = new IntBag();
            buckets[stage][step] = b;
        }
        b.add(neuron);
    }

    /** The bucket of (step, stage), or null when empty; the caller clears it after use. */
    @Override
    public IntBag due(int stage, int step) {
        IntBag b = buckets[stage][step];
        return b == null || b.size == 0 ? null : b;
    }

    @Override
    public long insertions() {
        return insertions;
    }

    @Override
    public void clear() {
        for (IntBag[] perStage : buckets) {
            for (IntBag b : perStage) {
                if (b != null) {
                    b.clear();
                }
            }
        }
    }
}
