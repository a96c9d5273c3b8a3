package org.spkeras.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spkeras.SpkerasException;

/**
 * The neutral, immutable ANN graph: layers in topological order, one input, one or more outputs, every
 * layer's output shape inferred and checked when the network is built.
 */
public final class Network {
    private final List<Layer> layers;
    private final Map<String, Layer> byName;
    private final Map<String, Shape> shapes;
    private final Map<String, String> sourceClasses;
    private final String inputName;
    private final List<String> outputNames;
    private final SourceInfo source;

    private Network(List<Layer> layers, Map<String, Layer> byName, Map<String, Shape> shapes,
                    Map<String, String> sourceClasses, String inputName, List<String> outputNames, SourceInfo source) {
        this.layers = layers;
        this.byName = byName;
        this.shapes = shapes;
        this.sourceClasses = sourceClasses;
        this.inputName = inputName;
        this.outputNames = outputNames;
        this.source = source;
    }

    /**
     * Builds a network from layers in any order. Exactly one layer must be an {@link Layer.Input}; every
     * referenced input must exist; the graph must be acyclic; shapes must agree.
     *
     * @param sourceClasses the class name each layer had in the source file (for reports), may be partial
     * @throws SpkerasException naming the layer when the graph or a shape is inconsistent
     */
    public static Network build(List<Layer> layers, List<String> outputNames, Map<String, String> sourceClasses,
                                SourceInfo source) {
        Map<String, Layer> byName = new LinkedHashMap<>();
        for (Layer layer : layers) {
            if (byName.put(layer.name(), layer) != null) {
                throw new SpkerasException("two layers are named '" + layer.name() + "'; layer names must be unique");
            }
        }
        List<Layer> inputs = layers.stream().filter(l -> l instanceof Layer.Input).toList();
        if (inputs.size() != 1) {
            throw new SpkerasException("the model must have exactly one input layer, found " + inputs.size()
                    + "; models with several inputs are not supported");
        }
        if (outputNames.isEmpty()) {
            throw new SpkerasException("the model declares no output layer");
        }
        for (String out : outputNames) {
            if (!byName.containsKey(out)) {
                throw new SpkerasException("output layer '" + out + "' is not a layer of the model");
            }
        }
        List<Layer> ordered = topologicalOrder(byName);
        Map<String, Shape> shapes = new HashMap<>();
        for (Layer layer : ordered) {
            shapes.put(layer.name(), ShapeInference.outputShape(layer, shapes));
        }
        return new Network(List.copyOf(ordered), Collections.unmodifiableMap(byName), Map.copyOf(shapes),
                Map.copyOf(sourceClasses), inputs.get(0).name(), List.copyOf(outputNames), source);
    }

    private static List<Layer> topologicalOrder(Map<String, Layer> byName) {
        Map<String, Integer> state = new HashMap<>();
        List<Layer> order = new ArrayList<>();
        for (Layer layer : byName.values()) {
            visit(layer, byName, state, order);
        }
        return order;
    }

    private static void visit(Layer layer, Map<String, Layer> byName, Map<String, Integer> state, List<Layer> order) {
        Integer s = state.get(layer.name());
        if (s != null && s == 2) {
            return;
        }
        if (s != null) {
            throw new SpkerasException("layer '" + layer.name() + "' is part of a cycle; the model graph must be acyclic");
        }
        state.put(layer.name(), 1);
        for (String in : layer.inputs()) {
            Layer source = byName.get(in);
            if (source == null) {
                throw new SpkerasException("layer '" + layer.name() + "' takes its input from '" + in
                        + "', which is not a layer of the model");
            }
            visit(source, byName, state, order);
        }
        state.put(layer.name(), 2);
        order.add(layer);
    }

    /** Layers in topological order, the input layer first. */
    public List<Layer> layers() {
        return layers;
    }

    public Layer layer(String name) {
        Layer layer = byName.get(name);
        if (layer == null) {
            throw new IllegalArgumentException("no layer named '" + name + "'");
        }
        return layer;
    }

    public boolean hasLayer(String name) {
        return byName.containsKey(name);
    }

    public Shape outputShape(String layerName) {
        Shape s = shapes.get(layerName);
        if (s == null) {
            throw new IllegalArgumentException("no layer named '" + layerName + "'");
        }
        return s;
    }

    public Layer.Input input() {
        return (Layer.Input) byName.get(inputName);
    }

    public Shape inputShape() {
        return input().shape();
    }

    public List<String> outputNames() {
        return outputNames;
    }

    /** The class name the layer had in its source file, or the neutral kind when unknown. */
    public String sourceClass(String layerName) {
        return sourceClasses.getOrDefault(layerName, layer(layerName).kind());
    }

    public SourceInfo source() {
        return source;
    }

    /** Layers that consume the output of the named layer, in topological order. */
    public List<Layer> consumers(String layerName) {
        return layers.stream().filter(l -> l.inputs().contains(layerName)).toList();
    }

    public long parameterCount() {
        return layers.stream().mapToLong(Layer::parameterCount).sum();
    }

    public long macs(Layer layer) {
        return LayerCost.macs(layer, this);
    }

    public long totalMacs() {
        return layers.stream().mapToLong(this::macs).sum();
    }
}
