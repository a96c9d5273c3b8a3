package org.spkeras.convert;

import java.util.Map;
import org.spkeras.model.ForwardPass;
import org.spkeras.model.Layer;

/**
 * The ANN value that a stage's λ is measured on: a population's ReLU output, or the output stage's
 * pre-activation (the logits; softmax is dropped in the spiking network).
 */
final class StageActivity {
    private StageActivity() {}

    static double[] of(Layer stage, Topology topology, Map<String, double[]> acts, ForwardPass forward) {
        if (topology.role(stage.name()) != Topology.Role.OUTPUT) {
            return acts.get(stage.name());
        }
        if (stage instanceof Layer.Conv2D || stage instanceof Layer.Dense) {
            return forward.evaluateLinear(stage, acts);
        }
        return acts.get(stage.inputs().get(0));
    }
}
