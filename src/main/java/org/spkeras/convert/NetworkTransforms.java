package org.spkeras.convert;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spkeras.model.Layer;
import org.spkeras.model.Network;

/** ANN-level changes the converter makes on request: max pooling to average pooling, n-bit weights. */
final class NetworkTransforms {
    private NetworkTransforms() {}

    static Network maxToAverage(Network net) {
        return map(net, l -> l instanceof Layer.Pooling2D p && p.pool() == Layer.PoolKind.MAX
                ? new Layer.Pooling2D(p.name(), p.input(), Layer.PoolKind.AVERAGE, p.window()) : l);
    }

    /**
     * Symmetric per-layer quantisation of every Conv2D/Dense kernel to {@code bits} bits:
     * {@code s = max|W| / (2^(bits−1) − 1)}, {@code W_q = round(W/s)·s} (round half away from zero). Biases
     * stay float: they become currents on the fixed-point grid like everything else.
     */
    static Network quantise(Network net, int bits) {
        return map(net, l -> {
            if (l instanceof Layer.Conv2D c) {
                return new Layer.Conv2D(c.name(), c.input(), c.window(), c.inChannels(), c.filters(),
                        quantise(c.kernel(), bits), c.bias(), c.activation());
            }
            if (l instanceof Layer.Dense d) {
                return new Layer.Dense(d.name(), d.input(), d.inputSize(), d.units(), quantise(d.kernel(), bits),
                        d.bias(), d.activation());
            }
            return l;
        });
    }

    static float[] quantise(float[] w, int bits) {
        double max = 0;
        for (float v : w) {
            max = Math.max(max, Math.abs(v));
        }
        if (max == 0) {
            return w.clone();
        }
        double levels = Math.pow(2, bits - 1) - 1;
        double step = max / levels;
        float[] out = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            out[i] = (float) (Math.signum(w[i]) * Math.floor(Math.abs(w[i]) / step + 0.5) * step);
        }
        return out;
    }

    /**
     * Moves a BatchNorm (or Dropout-like identity) that stands between a ReLU and a max pooling to after the
     * pooling, so the pooling acts on spikes: exact when every BN scale γ/√(σ²+ε) is positive, because max
     * commutes with an increasing per-channel affine map. Repeats until no such pair is left.
     */
    static Network poolBeforeAffine(Network net) {
        for (Layer layer : net.layers()) {
            if (layer instanceof Layer.Pooling2D pool && pool.pool() == Layer.PoolKind.MAX) {
                Layer before = net.layer(pool.input());
                if (movable(before, net)) {
                    return poolBeforeAffine(swap(net, before, pool));
                }
            }
        }
        return net;
    }

    private static boolean movable(Layer before, Network net) {
        if (net.consumers(before.name()).size() != 1 || net.outputNames().contains(before.name())) {
            return false;
        }
        if (before instanceof Layer.Identity) {
            return true;
        }
        if (before instanceof Layer.BatchNorm bn) {
            for (int c = 0; c < bn.channels(); c++) {
                if (!(bn.scale(c) > 0)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** {@code x → a → pool → rest} becomes {@code x → pool → a → rest}; names are kept. */
    private static Network swap(Network net, Layer affine, Layer.Pooling2D pool) {
        String x = affine.inputs().get(0);
        Layer.Pooling2D newPool = new Layer.Pooling2D(pool.name(), x, pool.pool(), pool.window());
        Layer newAffine = affine instanceof Layer.BatchNorm b
                ? new Layer.BatchNorm(b.name(), pool.name(), b.gamma(), b.beta(), b.mean(), b.variance(), b.epsilon())
                : new Layer.Identity(affine.name(), pool.name(), ((Layer.Identity) affine).reason());
        List<Layer> layers = new ArrayList<>();
        Map<String, String> classes = new LinkedHashMap<>();
        for (Layer l : net.layers()) {
            Layer n = l == affine ? newAffine : l == pool ? newPool : BatchNormFolding.rewire(l, Map.of(pool.name(), affine.name()));
            layers.add(n);
            classes.put(l.name(), net.sourceClass(l.name()));
        }
        List<String> outputs = net.outputNames().stream().map(o -> o.equals(pool.name()) ? affine.name() : o).toList();
        return Network.build(layers, outputs, classes, net.source());
    }

    private static Network map(Network net, java.util.function.UnaryOperator<Layer> f) {
        List<Layer> layers = new ArrayList<>();
        Map<String, String> classes = new LinkedHashMap<>();
        for (Layer l : net.layers()) {
            layers.add(f.apply(l));
            classes.put(l.name(), net.sourceClass(l.name()));
        }
        return Network.build(layers, net.outputNames(), classes, net.source());
    }
}
