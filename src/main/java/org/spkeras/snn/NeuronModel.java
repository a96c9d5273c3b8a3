package org.spkeras.snn;

/** How a stage's neurons turn membrane potential into spikes. */
public sealed interface NeuronModel permits NeuronModel.IntegrateAndFire, NeuronModel.FirstSpike,
        NeuronModel.Accumulator {

    /** What happens to the membrane after {@code s} spikes: subtract {@code s·V_th}, or set it to zero. */
    enum Reset { SUBTRACT, ZERO }

    /**
     * Integrate-and-fire with up to {@code maxSpikes} spikes per step (Γ; 1 is the plain IF neuron, more is
     * Li &amp; Zeng's burst neuron): {@code s = min(Γ, ⌊V/V_th⌋)} when {@code V ≥ V_th}, else 0.
     */
    record IntegrateAndFire(int maxSpikes, Reset reset) implements NeuronModel {
        public IntegrateAndFire {
            if (maxSpikes < 1) {
                throw new IllegalArgumentException("maxSpikes must be >= 1, found " + maxSpikes);
            }
            if (reset == null) {
                throw new IllegalArgumentException("reset is required");
            }
        }
    }

    /**
     * A time-to-first-spike neuron (docs/temporal.md): it integrates linear post-synaptic potentials during its
     * input window, rises by a fixed slope in its own window and fires at most once; its spike time encodes its
     * activation. Its threshold is K·(the stage's stored threshold) for K ticks per window.
     */
    record FirstSpike() implements NeuronModel {}

    /** Non-spiking output: the membrane accumulates its current; the prediction is its argmax. */
    record Accumulator() implements NeuronModel {}
}
