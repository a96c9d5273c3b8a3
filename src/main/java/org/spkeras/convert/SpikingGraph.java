package org.spkeras.convert;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.spkeras.model.Network;

/**
 * The graph the stages of a spiking network are found in, shared by the converter and {@link Convertibility} (so
 * that "does it convert?" is answered on the graph that is converted): BN folded, pooling moved before affine ops,
 * max pooling averaged and linear chains merged if asked.
 */
final class SpikingGraph {
    private SpikingGraph() {}

    static Network of(Network ann, ConversionOptions options) {
        Network pooled = pooled(ann, options);
        return options.mergeLinear() ? NetworkTransforms.mergeLinearIntoDense(pooled) : pooled;
    }

    /** The graph before linear chains are merged. */
    static Network pooled(Network ann, ConversionOptions options) {
        Network net = NetworkTransforms.poolBeforeAffine(BatchNormFolding.fold(ann));
        return options.maxPool() == ConversionOptions.MaxPool.AVERAGE ? NetworkTransforms.maxToAverage(net) : net;
    }

    /** The layers {@code output} depends on, itself included. */
    static Set<String> upstreamOf(Network net, String output) {
        Set<String> seen = new HashSet<>();
        List<String> todo = new ArrayList<>(List.of(output));
        while (!todo.isEmpty()) {
            String name = todo.remove(todo.size() - 1);
            if (seen.add(name)) {
                todo.addAll(net.layer(name).inputs());
            }
        }
        return seen;
    }
}
