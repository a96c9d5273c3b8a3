package org.spkeras.convert;

import java.util.List;
import java.util.Optional;
import org.spkeras.model.Activation;
import org.spkeras.model.Layer;
import org.spkeras.model.Network;
import org.spkeras.snn.SpikingNetwork;
import org.spkeras.snn.Stage;

/**
 * What weight calibration needs from the converter: the one weighted layer that feeds a neuron stage, the
 * network with that layer's kernel replaced (quantised like every kernel), and the stage compiled again from it
 * with the λ the spiking network was converted with.
 */
public final class WeightedStage {
    private WeightedStage() {}

    /**
     * A stage fed by a single path: its source stage, the linear layers acting on the source's activity (in
     * order) and the Conv2D or Dense layer whose pre-activation is the stage's current.
     */
    public record Feed(String source, List<Layer> pre, Layer weighted) {}

    /**
     * The single feed of {@code stage} in {@code ann} (a converted ANN), or empty when several paths meet there
     * (Add, Concatenate), the path has no weighted layer, or a per-channel op stands after the weighted layer.
     */
    public static Optional<Feed> feedOf(Network ann, ConversionOptions options, String stage) {
        List<Topology.Path> paths = new Topology(ann, options).pathsInto(ann.layer(stage));
        if (paths.size() != 1) {
            return Optional.empty();
        }
        Topology.Path path = paths.get(0);
        boolean plainAfter = path.post().stream().allMatch(l -> l instanceof Layer.Identity
                || l instanceof Layer.ActivationLayer a && a.activation().kind() == Activation.Kind.LINEAR);
        if (path.weighted() == null || !plainAfter) {
            return Optional.empty();
        }
        return Optional.of(new Feed(path.source(), path.pre(), path.weighted()));
    }

    /** {@code ann} with the kernel of Conv2D or Dense {@code layer} replaced, quantised as {@code options} say. */
    public static Network withKernel(Network ann, String layer, float[] kernel, ConversionOptions options) {
        float[] k = options.weightBits() > 0 ? NetworkTransforms.quantise(kernel, options.weightBits()) : kernel;
        return NetworkTransforms.map(ann, l -> {
            if (!l.name().equals(layer)) {
                return l;
            }
            if (l instanceof Layer.Conv2D c && k.length == c.kernel().length) {
                return new Layer.Conv2D(c.name(), c.input(), c.window(), c.inChannels(), c.filters(), k, c.bias(),
                        c.activation());
            }
            if (l instanceof Layer.Dense d && k.length == d.kernel().length) {
                return new Layer.Dense(d.name(), d.input(), d.inputSize(), d.units(), k, d.bias(), d.activation());
            }
            throw new IllegalArgumentException("layer '" + layer + "' is not a Conv2D or Dense with "
                    + k.length + " kernel values");
        });
    }

    /**
     * Neuron stage {@code stage} compiled from {@code ann} as {@link Converter} compiles it, with the λ recorded in
     * {@code net}'s provenance: with {@code ann} the network was converted from, it equals the stage of {@code net}
     * before any spike calibration.
     */
    public static Stage.Neurons compile(Network ann, ConversionOptions options, SpikingNetwork net, String stage) {
        ConversionOptions plain = options.withoutSpikeCalibration();
        Topology topology = new Topology(ann, plain);
        SynapseCompiler compiler = new SynapseCompiler(ann, topology, net.provenance().lambdas(),
                net.provenance().inputLambda(), plain);
        return compiler.neurons(ann.layer(stage));
    }
}
