package org.spkeras.convert;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spkeras.SpkerasException;
import org.spkeras.model.Activation;
import org.spkeras.model.Layer;
import org.spkeras.model.Network;

/**
 * Where the spiking network's stages sit in the ANN: the input, every ReLU output (a population of
 * neurons), every max pooling on spikes (a gate), and the output (an accumulator). Everything between two
 * stages is linear; each stage's current is a sum over {@link Path}s from earlier stages.
 */
final class Topology {
    enum Role { INPUT, NEURONS, GATE, OUTPUT, LINEAR }

    /**
     * A linear route from a source stage to a target stage: {@code pre} ops act on the source's activity,
     * then at most one weighted layer, then {@code post} ops that act per target channel.
     */
    record Path(String source, List<Layer> pre, Layer weighted, List<Layer> post) {}

    /** A graph rule the network breaks, at {@code layer}. */
    static final class GraphError extends SpkerasException {
        private static final long serialVersionUID = 1L;

        final String layer;

        GraphError(String layer, String message) {
            super(message);
            this.layer = layer;
        }
    }

    private final Network net;
    private final ConversionOptions options;
    private final Map<String, Role> roles = new LinkedHashMap<>();

    Topology(Network net, ConversionOptions options) {
        this.net = net;
        this.options = options;
        String output = net.outputNames().get(0);
        for (Layer layer : net.layers()) {
            roles.put(layer.name(), role(layer, output));
        }
    }

    private Role role(Layer layer, String output) {
        if (layer instanceof Layer.Input) {
            return Role.INPUT;
        }
        if (layer.name().equals(output)) {
            return Role.OUTPUT;
        }
        if (isRelu(layer)) {
            return Role.NEURONS;
        }
        if (layer instanceof Layer.Pooling2D p && p.pool() == Layer.PoolKind.MAX && options.maxPool() != ConversionOptions.MaxPool.AVERAGE) {
            Role in = roles.get(p.input());
            if (in != Role.NEURONS && in != Role.GATE) {
                throw new GraphError(p.name(), "max pooling '" + p.name() + "' takes the output of '" + p.input() + "' ("
                        + net.sourceClass(p.input()) + "), which is not a ReLU; spiking max pooling needs spikes as "
                        + "input" + (options.code() == ConversionOptions.Code.TTFS
                        ? " (the first spike of the window), and with {code} ttfs it cannot be averaged instead: put a ReLU before it"
                        : ". Put a ReLU before it, or convert it to average pooling with {maxpool} avg"));
            }
            return Role.GATE;
        }
        return Role.LINEAR;
    }

    private static boolean isRelu(Layer layer) {
        Activation a = layer.activation();
        return a != null && a.kind() == Activation.Kind.RELU;
    }

    /** The activation a layer applies, or null for layers without one. */

    Role role(String layer) {
        return roles.get(layer);
    }

    /** Stage layers (everything but LINEAR) in topological order, the input first. */
    List<Layer> stageLayers() {
        return net.layers().stream().filter(l -> roles.get(l.name()) != Role.LINEAR).toList();
    }

    boolean isStage(String layer) {
        return roles.get(layer) != Role.LINEAR;
    }

    /** Every linear route into a NEURONS or OUTPUT stage. */
    List<Path> pathsInto(Layer target) {
        List<Path> paths = new ArrayList<>();
        if (target instanceof Layer.Conv2D || target instanceof Layer.Dense) {
            collectPre(target.inputs().get(0), new ArrayList<>(), target, List.of(), paths, target);
        } else {
            collectPost(target.inputs().get(0), new ArrayList<>(), paths, target);
        }
        return paths;
    }

    /** A step of the walks below: a layer to visit and the per-channel ops found between it and where the walk began. */
    private record Step(String name, List<Layer> chain) {}

    /**
     * Walks back from the target's pre-activation through per-channel ops to a weighted layer or a stage. Depth-first
     * with an explicit stack (inputs in order), since a model's depth is unbounded.
     */
    private void collectPost(String start, List<Layer> initial, List<Path> paths, Layer target) {
        java.util.ArrayDeque<Step> stack = new java.util.ArrayDeque<>();
        stack.push(new Step(start, initial));
        while (!stack.isEmpty()) {
            Step step = stack.pop();
            String name = step.name();
            List<Layer> post = step.chain();
            if (isStage(name)) {
                paths.add(new Path(name, List.of(), null, List.copyOf(post)));
                continue;
            }
            Layer layer = net.layer(name);
            if (layer instanceof Layer.Conv2D || layer instanceof Layer.Dense) {
                collectPre(layer.inputs().get(0), new ArrayList<>(), layer, List.copyOf(post), paths, target);
                continue;
            }
            if (!(layer instanceof Layer.Add || layer instanceof Layer.Identity || layer instanceof Layer.BatchNorm
                    || layer instanceof Layer.Rescaling || isLinearActivation(layer))) {
                throw new GraphError(name, "layer '" + name + "' (" + net.sourceClass(name) + ") stands between a weighted "
                        + "layer and the activation of '" + target.name() + "'; only Add, BatchNormalization and Dropout-like "
                        + "layers may stand there. Move it after the activation or retrain without it");
            }
            pushInputs(stack, layer, post);
        }
    }

    /** Pushes the layer's inputs so that they are popped in order, each with {@code layer} prepended to the chain. */
    private static void pushInputs(java.util.ArrayDeque<Step> stack, Layer layer, List<Layer> chain) {
        List<String> inputs = layer.inputs();
        for (int i = inputs.size() - 1; i >= 0; i--) {
            List<Layer> next = new ArrayList<>(chain.size() + 1);
            next.add(layer);
            next.addAll(chain);
            stack.push(new Step(inputs.get(i), next));
        }
    }

    /** Walks back from a weighted layer's input through ops on source activity to a stage (iteratively, as above). */
    private void collectPre(String start, List<Layer> initial, Layer weighted, List<Layer> post, List<Path> paths,
                            Layer target) {
        java.util.ArrayDeque<Step> stack = new java.util.ArrayDeque<>();
        stack.push(new Step(start, initial));
        while (!stack.isEmpty()) {
            Step step = stack.pop();
            String name = step.name();
            List<Layer> pre = step.chain();
            if (isStage(name)) {
                paths.add(new Path(name, List.copyOf(pre), weighted, post));
                continue;
            }
            Layer layer = net.layer(name);
            if (layer instanceof Layer.Conv2D || layer instanceof Layer.Dense) {
                boolean mergeable = !options.mergeLinear() && weighted instanceof Layer.Dense d && NetworkTransforms.mergeable(net, d);
                throw new GraphError(weighted.name(), "layers '" + layer.name() + "' and '" + weighted.name() + "' are weighted layers with "
                        + "no activation between them; insert a ReLU or merge them into one layer"
                        + (mergeable ? ", or let the converter merge them with {merge-linear}" : ""));
            }
            if (layer instanceof Layer.Pooling2D p && p.pool() == Layer.PoolKind.MAX && options.maxPool() != ConversionOptions.MaxPool.AVERAGE) {
                throw new GraphError(layer.name(), "max pooling '" + layer.name() + "' does not follow a ReLU; spiking max pooling "
                        + "needs spikes as input" + (options.code() == ConversionOptions.Code.TTFS
                        ? " (the first spike of the window); with {code} ttfs it cannot be mapped: put a ReLU before it"
                        : " (or convert it to average pooling with {maxpool} avg)"));
            }
            pushInputs(stack, layer, pre);
        }
    }

    private static boolean isLinearActivation(Layer layer) {
        return layer instanceof Layer.ActivationLayer a && a.activation().kind() == Activation.Kind.LINEAR;
    }
}
