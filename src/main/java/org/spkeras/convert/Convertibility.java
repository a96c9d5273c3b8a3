package org.spkeras.convert;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.spkeras.SpkerasException;
import org.spkeras.model.Activation;
import org.spkeras.model.Layer;
import org.spkeras.model.Network;

/**
 * The one answer to "does it convert?", for {@code inspect}, the converter and the library: per layer, whether
 * and how it becomes part of a spiking network; then, on the graph the converter builds (BN folded, pooling
 * moved, max pooling averaged if asked), the rules between layers (no two weighted layers without an activation
 * between them, spiking max pooling only on spikes, only per-channel ops between a weighted layer and its
 * activation). A broken graph rule is reported at the layer where the converter meets it.
 */
public final class Convertibility {
    /** The verdict for one layer: {@code converts} false means the model as a whole cannot be converted. */
    public record Verdict(String layer, boolean converts, String how) {}

    private Convertibility() {}

    /** One verdict per layer, in the network's order; every one converts iff the converter accepts the network. */
    public static List<Verdict> assess(Network ann, ConversionOptions options) {
        List<Verdict> verdicts = new ArrayList<>();
        Network net = NetworkTransforms.withoutTrailingIdentities(ann);
        for (Layer layer : ann.layers()) {
            verdicts.add(net.hasLayer(layer.name()) ? verdict(layer, net, options)
                    : yes(layer.name(), "removed (identity at inference, after the output '" + net.outputNames().get(0) + "')"));
        }
        if (verdicts.stream().allMatch(Verdict::converts)) {
            graphRule(net, options).ifPresent(broken -> verdicts.replaceAll(v -> v.layer().equals(broken.layer()) ? broken : v));
        }
        return verdicts;
    }

    /** Throws the first refusal, as the converter does, if {@code net} does not convert with {@code options}. */
    public static void requireConvertible(Network net, ConversionOptions options) {
        for (Verdict v : assess(net, options)) {
            if (!v.converts()) {
                throw new SpkerasException(refusal(net, v));
            }
        }
    }

    /** The sentence a refusal is reported with: the file, the layer, its class and why. */
    public static String refusal(Network net, Verdict v) {
        return net.source().file() + ": layer '" + v.layer() + "' (" + net.sourceClass(v.layer()) + ") cannot be converted: "
                + v.how();
    }

    /** The first graph rule the converter would find broken, checked on the graph it converts. */
    private static Optional<Verdict> graphRule(Network ann, ConversionOptions options) {
        Network net = SpikingGraph.of(ann, options);
        Set<String> needed = SpikingGraph.upstreamOf(net, net.outputNames().get(0));
        try {
            Topology topology = new Topology(net, options);
            for (Layer layer : topology.stageLayers()) {
                Topology.Role role = topology.role(layer.name());
                if (needed.contains(layer.name()) && (role == Topology.Role.NEURONS || role == Topology.Role.OUTPUT)) {
                    topology.pathsInto(layer);
                }
            }
            return Optional.empty();
        } catch (Topology.GraphError e) {
            String layer = ann.layers().stream().anyMatch(l -> l.name().equals(e.layer)) ? e.layer : net.outputNames().get(0);
            return Optional.of(new Verdict(layer, false, e.template()));
        }
    }

    private static Verdict verdict(Layer layer, Network net, ConversionOptions options) {
        String name = layer.name();
        boolean isOutput = net.outputNames().contains(name);
        if (layer instanceof Layer.Input) {
            return yes(name, "analog input, a constant current every step (or Poisson/Bernoulli spikes)");
        }
        if (layer instanceof Layer.Conv2D c) {
            return weighted(name, c.activation(), isOutput, "convolution", options);
        }
        if (layer instanceof Layer.Dense d) {
            return weighted(name, d.activation(), isOutput, "dense", options);
        }
        if (layer instanceof Layer.BatchNorm bn) {
            return yes(name, BatchNormFolding.foldable(bn, net) ? "folded into '" + bn.input() + "' (exact)"
                    : "folded forward into the next weighted layer (exact affine)");
        }
        if (layer instanceof Layer.ActivationLayer a) {
            return activation(name, a.activation(), isOutput, options);
        }
        if (layer instanceof Layer.Pooling2D p) {
            return yes(name, p.pool() == Layer.PoolKind.AVERAGE ? "average pooling, a linear stage (exact)"
                    : maxPooling(options));
        }
        if (layer instanceof Layer.GlobalAveragePooling2D) {
            return yes(name, "global average pooling, a linear stage (exact)");
        }
        if (layer instanceof Layer.Flatten) {
            return yes(name, "index permutation, no neurons");
        }
        if (layer instanceof Layer.ZeroPadding2D) {
            return yes(name, "zero padding of the next layer's input, no neurons");
        }
        if (layer instanceof Layer.Identity i) {
            return yes(name, "removed (" + i.reason() + ")");
        }
        if (layer instanceof Layer.Add) {
            return yes(name, "currents summed; each input path carries its own source λ into the next stage");
        }
        if (layer instanceof Layer.Concatenate) {
            return yes(name, "channels concatenated; each input keeps its own λ on the way to the next stage");
        }
        if (layer instanceof Layer.Rescaling) {
            return yes(name, "folded into the first weighted layer (exact)");
        }
        // Every Layer type has a rule above (LayerDispatchTest); a new type must get one, not a silent refusal.
        throw new IllegalStateException("no convertibility rule for layer kind " + layer.kind());
    }

    /** How max pooling converts with {@code options}. */
    private static String maxPooling(ConversionOptions options) {
        return switch (options.maxPool()) {
            case GATING -> "max pooling by gating on accumulated spike counts ({maxpool} gate)";
            case LIPOOL -> "max pooling by LIPooling, lateral inhibition ({maxpool} lipool)";
            case AVERAGE -> "replaced by average pooling ({maxpool} avg): an approximation, not the ANN's function";
        };
    }

    /** The neurons a ReLU becomes with {@code options}. */
    private static String neurons(ConversionOptions options) {
        if (options.code() == ConversionOptions.Code.TTFS) {
            return "time-to-first-spike neurons";
        }
        return options.burst() > 1 ? "burst neurons (up to " + options.burst() + " spikes per step, {neuron} burst:"
                + options.burst() + ")" : "integrate-and-fire neurons";
    }

    private static Verdict weighted(String name, Activation act, boolean isOutput, String what,
                                    ConversionOptions options) {
        if (act.kind() == Activation.Kind.LINEAR) {
            return yes(name, isOutput ? what + " output accumulator (non-spiking)"
                    : what + " currents; neurons spike at the following activation");
        }
        Verdict v = activation(name, act, isOutput, options);
        return v.converts() ? yes(name, what + ", " + v.how()) : v;
    }

    private static Verdict activation(String name, Activation act, boolean isOutput, ConversionOptions options) {
        return switch (act.kind()) {
            case LINEAR -> yes(name, "identity");
            case SOFTMAX -> isOutput ? yes(name, "output accumulator of the logits (softmax dropped: argmax unchanged)")
                    : new Verdict(name, false, "softmax inside the network has no spiking equivalent; use it only on the output");
            case SIGMOID, TANH -> new Verdict(name, false, act + " has no exact spiking equivalent; replace it by ReLU and retrain");
            case RELU -> relu(name, act, options);
        };
    }

    private static Verdict relu(String name, Activation act, ConversionOptions options) {
        if (act.negativeSlope() != 0) {
            return new Verdict(name, false, "LeakyReLU (slope " + act.negativeSlope() + ") has no exact spiking "
                    + "equivalent; replace it by ReLU and retrain");
        }
        if (act.threshold() != 0) {
            return new Verdict(name, false, "ReLU with threshold " + act.threshold() + " is not supported; use threshold 0");
        }
        return yes(name, neurons(options) + (act.isClipped() ? " (clip at " + act.maxValue()
                + " bounds the normalisation scale)" : ""));
    }

    private static Verdict yes(String name, String how) {
        return new Verdict(name, true, how);
    }
}
