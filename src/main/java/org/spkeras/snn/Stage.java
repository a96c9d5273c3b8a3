package org.spkeras.snn;

import java.util.List;
import org.spkeras.model.Shape;

/** One stage of a spiking network, in topological order after the input. */
public sealed interface Stage permits Stage.Neurons, Stage.MaxPoolGate {

    String name();

    Shape shape();

    default int size() {
        return shape().size();
    }

    /**
     * A population of neurons. Each step its current is the sum over {@code inputs} of weighted source
     * activity, plus {@code bias} (per neuron), plus {@code shift} (per channel). Thresholds are per
     * channel; initial potentials per channel or, after potential calibration, per neuron.
     */
    record Neurons(String name, Shape shape, List<Synapses> inputs, long[] bias, long[] shift, long[] threshold,
                   long[] initialPotential, NeuronModel model) implements Stage {
        public Neurons {
            inputs = List.copyOf(inputs);
            int c = shape.channels();
            if (bias.length != shape.size() || shift.length != c || threshold.length != c
                    || (initialPotential.length != c && initialPotential.length != shape.size())) {
                throw new IllegalArgumentException("stage '" + name + "': bias needs " + shape.size()
                        + " values, shift/threshold " + c + " and initial potential " + c + " or " + shape.size());
            }
            for (long t : threshold) {
                if (t <= 0) {
                    throw new IllegalArgumentException("stage '" + name + "': thresholds must be > 0, found " + t);
                }
            }
        }

        /** The initial potential of neuron {@code o} (per-channel or per-neuron storage). */
        public long initialPotentialOf(int o) {
            return initialPotential.length == shape.size() ? initialPotential[o] : initialPotential[o % shape.channels()];
        }

        /** Whether this is a rate-coded spiking stage (integrate-and-fire); see {@link #firstSpike()} for TTFS. */
        public boolean spiking() {
            return model instanceof NeuronModel.IntegrateAndFire;
        }

        /** Whether this is a time-to-first-spike stage (docs/temporal.md). */
        public boolean firstSpike() {
            return model instanceof NeuronModel.FirstSpike;
        }
    }

    /**
     * Spiking max pooling over windows of the source stage's neurons. GATING passes, each step, the spikes of
     * the window member with the largest accumulated count (Rueckauer et al.; ties to the lowest index);
     * LIPOOL keeps per window and member an accumulator {@code S += x}, emits {@code o = max(0, max S)} and
     * subtracts {@code o} from every member of that window (Li &amp; Zeng's lateral inhibition, here with one
     * accumulator per window so that overlapping windows of any size work); FIRST_SPIKE (temporal coding only)
     * passes the first spike of each window once: the earliest spike is the largest activation.
     *
     * @param windowStart CSR over output neurons into {@code members} (source neuron indices)
     */
    record MaxPoolGate(String name, Shape shape, String source, Kind kind, int[] windowStart, int[] members)
            implements Stage {
        public enum Kind { GATING, LIPOOL, FIRST_SPIKE }

        public MaxPoolGate {
            if (windowStart.length != shape.size() + 1) {
                throw new IllegalArgumentException("stage '" + name + "': windowStart needs " + (shape.size() + 1) + " entries");
            }
        }
    }
}
