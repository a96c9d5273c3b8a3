package org.spkeras.convert;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spkeras.model.Activation;
import org.spkeras.model.Layer;
import org.spkeras.model.Network;

/**
 * Batch-norm consistency, first step: every BatchNorm that directly follows a Conv2D/Dense without an
 * activation of its own (and is that layer's only consumer) is folded into it with the BN layer's own ε:
 * {@code W' = W·γ/√(σ²+ε)} per output channel, {@code b' = γ(b − μ)/√(σ²+ε) + β}. Other BatchNorms (on the
 * input, after pooling, after Add, after a ReLU) stay as exact affine stages that the converter folds
 * into neighbouring synapses. The folded network computes the same function as the original.
 */
public final class BatchNormFolding {
    private BatchNormFolding() {}

    public static Network fold(Network net) {
        Map<String, Layer> replaced = new HashMap<>();
        Map<String, String> renamed = new HashMap<>();
        for (Layer layer : net.layers()) {
            if (layer instanceof Layer.BatchNorm bn && foldable(bn, net)) {
                Layer before = net.layer(bn.input());
                replaced.put(before.name(), foldInto(before, bn));
                renamed.put(bn.name(), before.name());
            }
        }
        if (renamed.isEmpty()) {
            return net;
        }
        List<Layer> layers = new ArrayList<>();
        Map<String, String> classes = new LinkedHashMap<>();
        for (Layer layer : net.layers()) {
            if (renamed.containsKey(layer.name())) {
                continue;
            }
            Layer l = replaced.getOrDefault(layer.name(), layer);
            layers.add(rewire(l, renamed));
            classes.put(l.name(), net.sourceClass(l.name()));
        }
        List<String> outputs = net.outputNames().stream().map(o -> renamed.getOrDefault(o, o)).toList();
        return Network.build(layers, outputs, classes, net.source());
    }

    /** True when the BN can be folded back into the weighted layer that feeds it. */
    public static boolean foldable(Layer.BatchNorm bn, Network net) {
        Layer before = net.layer(bn.input());
        Activation act = before instanceof Layer.Conv2D || before instanceof Layer.Dense ? before.activation() : null;
        return act != null && act.kind() == Activation.Kind.LINEAR && net.consumers(before.name()).size() == 1
                && !net.outputNames().contains(before.name());
    }

    private static Layer foldInto(Layer before, Layer.BatchNorm bn) {
        if (before instanceof Layer.Conv2D c) {
            return new Layer.Conv2D(c.name(), c.input(), c.window(), c.inChannels(), c.filters(),
                    scaleColumns(c.kernel(), bn), foldBias(c.bias(), bn), c.activation());
        }
        Layer.Dense d = (Layer.Dense) before;
        return new Layer.Dense(d.name(), d.input(), d.inputSize(), d.units(), scaleColumns(d.kernel(), bn),
                foldBias(d.bias(), bn), d.activation());
    }

    /** Kernels are [..][out] row-major: the output channel is the fastest index. */
    private static float[] scaleColumns(float[] kernel, Layer.BatchNorm bn) {
        int out = bn.channels();
        float[] folded = new float[kernel.length];
        for (int i = 0; i < kernel.length; i++) {
            folded[i] = (float) (kernel[i] * bn.scale(i % out));
        }
        return folded;
    }

    private static float[] foldBias(float[] bias, Layer.BatchNorm bn) {
        float[] folded = new float[bn.channels()];
        for (int c = 0; c < folded.length; c++) {
            double b = bias == null ? 0.0 : bias[c];
            folded[c] = (float) (b * bn.scale(c) + bn.shift(c));
        }
        return folded;
    }

    static Layer rewire(Layer layer, Map<String, String> renamed) {
        if (layer.inputs().stream().noneMatch(renamed::containsKey)) {
            return layer;
        }
        return layer.withInputs(layer.inputs().stream().map(i -> renamed.getOrDefault(i, i)).toList());
    }
}
