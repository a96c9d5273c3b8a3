package org.spkeras.sim.event;

import java.util.PriorityQueue;
import org.spkeras.sim.Engine;
import org.spkeras.sim.SampleResult;
import org.spkeras.sim.SimOptions;
import org.spkeras.snn.SpikingNetwork;

/**
 * <b>Benchmark comparison point only; not used by the command line or by {@link org.spkeras.sim.EngineKind}.</b>
 * The {@link CalendarEngine} with its crossings in a {@link PriorityQueue} of objects ordered by (step, stage,
 * sequence) — the textbook event queue of a general event-driven simulator — instead of the bucketed
 * {@link Calendar}. Its results equal the calendar engine's bit for bit; {@code bench/run.sh} reports the
 * speed ratio of the two queue structures (docs/performance.md, perf-ecosystem.md §1a).
 */
public final class HeapQueueEngine implements Engine {
    private final CalendarEngine engine;

    public HeapQueueEngine(SpikingNetwork net, SimOptions options) {
        this.engine = new CalendarEngine(net, options, new HeapQueue());
    }

    @Override
    public SampleResult run(float[] sample, int sampleIndex) {
        return engine.run(sample, sampleIndex);
    }

    /** Crossings put into the queue since this engine was created (every sample): the queue's workload. */
    public long queueInsertions() {
        return engine.queueInsertions();
    }

    /** A binary heap of crossing objects. */
    private static final class HeapQueue implements CrossingQueue {
        private record Crossing(int step, int stage, long sequence, int neuron) implements Comparable<Crossing> {
            @Override
            public int compareTo(Crossing o) {
                if (step != o.step) {
                    return Integer.compare(step, o.step);
                }
                if (stage != o.stage) {
                    return Integer.compare(stage, o.stage);
                }
                return Long.compare(sequence, o.sequence);
            }
        }

        private final PriorityQueue<Crossing> queue = new PriorityQueue<>();
        private final IntBag due = new IntBag();
        private long sequence;

        @Override
        public void schedule(int stage, int step, int neuron) {
            queue.add(new Crossing(step, stage, sequence++, neuron));
        }

        @Override
        public IntBag due(int stage, int step) {
            Crossing head;
            while ((head = queue.peek()) != null && head.step() == step && head.stage() == stage) {
                queue.poll();
                due.add(head.neuron());
            }
            return due.size == 0 ? null : due;
        }

        @Override
        public void clear() {
            queue.clear();
        }

        @Override
        public long insertions() {
            return sequence;
        }
    }
}
