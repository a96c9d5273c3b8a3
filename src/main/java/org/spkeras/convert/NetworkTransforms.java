package org.spkeras.convert;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spkeras.model.Activation;
import org.spkeras.model.ForwardPass;
import org.spkeras.model.Layer;
import org.spkeras.model.Network;
import org.spkeras.model.Shape;

/**
 * ANN-level changes the converter makes: max pooling to average pooling and n-bit weights on request,
 * moving affine maps after max pooling, and merging linear chains into one Dense layer on request.
 */
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

    /** Largest merged Dense kernel (values) that {@link #mergeLinearIntoDense} builds. */
    static final long MAX_MERGED_WEIGHTS = 1L << 24;

    /**
     * Merges a Conv2D or Dense layer without activation into the Dense layer it feeds through linear,
     * single-use layers (Flatten, average pooling, zero padding, Dropout-like identities, linear
     * activations): the chain is one affine map, so it becomes one Dense whose weights are the map's
     * response to each unit input (computed in float64, stored as float32). Without it (the default: the merged
     * weights are rounded anew) two weighted layers with no neuron between them cannot convert. Chains whose merged
     * kernel would exceed
     * {@link #MAX_MERGED_WEIGHTS} values are left alone.
     */
    static Network mergeLinearIntoDense(Network net) {
        for (Layer layer : net.layers()) {
            if (layer instanceof Layer.Dense dense) {
                List<Layer> chain = linearChain(net, dense);
                if (chain != null) {
                    return mergeLinearIntoDense(merge(net, chain));
                }
            }
        }
        return net;
    }

    /** Whether {@link #mergeLinearIntoDense} would merge a linear weighted layer into {@code dense}. */
    /**
     * The network without the identity-at-inference layers (Dropout, GaussianNoise, ActivityRegularization, …) that
     * follow its output: the output becomes the last layer before them. Unchanged when the output is not such a
     * layer, or when a trailing layer feeds anything else.
     */
    public static Network withoutTrailingIdentities(Network net) {
        if (net.outputNames().size() != 1) {
            return net;
        }
        List<String> dropped = trailingIdentities(net);
        if (dropped.isEmpty()) {
            return net;
        }
        String output = net.layer(dropped.get(dropped.size() - 1)).inputs().get(0);
        List<Layer> layers = new ArrayList<>();
        Map<String, String> classes = new LinkedHashMap<>();
        for (Layer l : net.layers()) {
            if (!dropped.contains(l.name())) {
                layers.add(l);
                classes.put(l.name(), net.sourceClass(l.name()));
            }
        }
        return Network.build(layers, List.of(output), classes, net.source());
    }

    /** The identity layers after the output, from the output backwards (empty if the output is not one). */
    public static List<String> trailingIdentities(Network net) {
        List<String> dropped = new ArrayList<>();
        if (net.outputNames().size() != 1) {
            return dropped;
        }
        Layer current = net.layer(net.outputNames().get(0));
        while (current instanceof Layer.Identity && (dropped.isEmpty() || net.consumers(current.name()).size() == 1)) {
            dropped.add(current.name());
            current = net.layer(current.inputs().get(0));
        }
        if (current instanceof Layer.Input) {
            dropped.clear();
        }
        return dropped;
    }

    static boolean mergeable(Network net, Layer.Dense dense) {
        return linearChain(net, dense) != null;
    }

    /** The layers from a linear weighted layer to {@code dense}, in order, or null when there is none. */
    private static List<Layer> linearChain(Network net, Layer.Dense dense) {
        List<Layer> chain = new ArrayList<>(List.of(dense));
        Layer current = net.layer(dense.input());
        while (!(current instanceof Layer.Input)) {
            if (net.consumers(current.name()).size() != 1 || net.outputNames().contains(current.name())) {
                return null;
            }
            chain.add(0, current);
            if (current instanceof Layer.Conv2D || current instanceof Layer.Dense) {
                boolean linear = current.activation().kind() == Activation.Kind.LINEAR;
                long weights = (long) net.outputShape(current.inputs().get(0)).size() * dense.units();
                return linear && weights <= MAX_MERGED_WEIGHTS ? chain : null;
            }
            boolean passes = current instanceof Layer.Flatten || current instanceof Layer.Identity
                    || current instanceof Layer.ZeroPadding2D
                    || current instanceof Layer.Pooling2D p && p.pool() == Layer.PoolKind.AVERAGE
                    || current instanceof Layer.ActivationLayer a && a.activation().kind() == Activation.Kind.LINEAR;
            if (!passes) {
                return null;
            }
            current = net.layer(current.inputs().get(0));
        }
        return null;
    }

    private static Network merge(Network net, List<Layer> chain) {
        Layer.Dense last = (Layer.Dense) chain.get(chain.size() - 1);
        String source = chain.get(0).inputs().get(0);
        Shape in = net.outputShape(source);
        int n = in.size();
        int units = last.units();
        ForwardPass forward = new ForwardPass(net);
        double[] offset = applyChain(forward, chain, source, new double[n]);
        float[] kernel = new float[n * units];
        for (int i = 0; i < n; i++) {
            double[] unit = new double[n];
            unit[i] = 1;
            double[] y = applyChain(forward, chain, source, unit);
            for (int j = 0; j < units; j++) {
                kernel[i * units + j] = (float) (y[j] - offset[j]);
            }
        }
        float[] bias = new float[units];
        for (int j = 0; j < units; j++) {
            bias[j] = (float) offset[j];
        }
        String flatten = chain.get(0).name() + "/flatten";
        List<Layer> layers = new ArrayList<>();
        Map<String, String> classes = new LinkedHashMap<>();
        for (Layer l : net.layers()) {
            if (l == last) {
                if (in.isSpatial()) {
                    layers.add(new Layer.Flatten(flatten, source, Layer.FlattenOrder.HWC));
                    classes.put(flatten, "Flatten");
                }
                layers.add(new Layer.Dense(last.name(), in.isSpatial() ? flatten : source, n, units, kernel, bias,
                        last.activation()));
                classes.put(last.name(), net.sourceClass(last.name()));
            } else if (!chain.contains(l)) {
                layers.add(l);
                classes.put(l.name(), net.sourceClass(l.name()));
            }
        }
        return Network.build(layers, net.outputNames(), classes, net.source());
    }

    private static double[] applyChain(ForwardPass forward, List<Layer> chain, String source, double[] x) {
        Map<String, double[]> done = new HashMap<>();
        done.put(source, x);
        double[] y = x;
        for (Layer layer : chain) {
            y = forward.evaluateLinear(layer, done);
            done.put(layer.name(), y);
        }
        return y;
    }

    static Network map(Network net, java.util.function.UnaryOperator<Layer> f) {
        List<Layer> layers = new ArrayList<>();
        Map<String, String> classes = new LinkedHashMap<>();
        for (Layer l : net.layers()) {
            layers.add(f.apply(l));
            classes.put(l.name(), net.sourceClass(l.name()));
        }
        return Network.build(layers, net.outputNames(), classes, net.source());
    }
}
