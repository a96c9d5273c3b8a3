package org.spkeras.export;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.spkeras.SpkerasException;
import org.spkeras.Version;
import org.spkeras.model.Shape;
import org.spkeras.snn.FixedPoint;
import org.spkeras.snn.NeuronModel;
import org.spkeras.snn.SpikingNetwork;
import org.spkeras.snn.Stage;
import org.spkeras.snn.Synapses;

/**
 * Translates a converted network into the NIR graph vocabulary (docs/nir.md): the input, one {@code Conv2d}
 * or {@code Affine} per synapse group (with a {@code Flatten} where a spatial stage feeds an {@code Affine}),
 * an {@code IF} node per spiking stage, an {@code I} node for the output accumulator, and the output. NIR is
 * channels-first; fixed-point values become float32 in units of 1 (threshold 1 with weight normalisation).
 * What NIR cannot express is refused, never approximated silently.
 */
public final class NirExporter {
    /** Largest dense {@code Affine} weight matrix the exporter writes (values). */
    static final long MAX_AFFINE_VALUES = 1L << 27;
    static final String OUTPUT = "output";

    private final SpikingNetwork net;
    private final Map<String, NirNode> nodes = new LinkedHashMap<>();
    private final List<NirGraph.Edge> edges = new ArrayList<>();
    /** Whether a stage (or the input) is spatial [C, H, W] in the graph; flat stages list neurons in C, H, W order. */
    private final Map<String, Boolean> spatial = new HashMap<>();
    private final Map<String, Shape> shapes = new HashMap<>();
    private final Map<String, String> flattened = new HashMap<>();

    private final Map<String, String> ids = new HashMap<>();

    private NirExporter(SpikingNetwork net) {
        this.net = net;
        java.util.Set<String> used = new java.util.HashSet<>(List.of(OUTPUT));
        ids.put(net.input().name(), unique(net.input().name(), used));
        for (Stage s : net.stages()) {
            ids.put(s.name(), unique(s.name(), used));
        }
    }

    /** A node name HDF5 accepts ('/' and '.' are replaced) that no other node has. */
    private static String unique(String name, java.util.Set<String> used) {
        String base = name.replace('/', '_').replace('.', '_');
        String id = base.isEmpty() ? "_" : base;
        for (int k = 2; !used.add(id); k++) {
            id = base + "_" + k;
        }
        return id;
    }

    /** The NIR graph of {@code net}; refuses networks with stages NIR cannot express. */
    public static NirGraph export(SpikingNetwork net) {
        refuseInexpressible(net);
        return new NirExporter(net).build();
    }

    static void refuseInexpressible(SpikingNetwork net) {
        for (Stage s : net.stages()) {
            if (s instanceof Stage.MaxPoolGate g) {
                throw new SpkerasException("stage '" + g.name() + "' is spiking max pooling ("
                        + (g.kind() == Stage.MaxPoolGate.Kind.LIPOOL ? "LIPooling" : "gating")
                        + "); NIR has no node for it: convert the model with --maxpool avg");
            }
            if (s instanceof Stage.Neurons n && n.model() instanceof NeuronModel.IntegrateAndFire f && f.maxSpikes() > 1) {
                throw new SpkerasException("stage '" + n.name() + "' has burst neurons (up to " + f.maxSpikes()
                        + " spikes per step); NIR's IF neuron emits at most one spike per step: convert the model with "
                        + "--neuron if");
            }
        }
    }

    private NirGraph build() {
        String in = net.input().name();
        Shape inShape = net.input().shape();
        spatial.put(in, inShape.isSpatial());
        shapes.put(in, inShape);
        nodes.put(ids.get(in), new NirNode("Input", Map.of("shape", dims(inShape, inShape.isSpatial()))));
        for (Stage s : net.stages()) {
            addStage((Stage.Neurons) s);
        }
        Stage.Neurons out = net.output();
        nodes.put(OUTPUT, new NirNode("Output", Map.of("shape", dims(out.shape(), spatial.get(out.name())))));
        edges.add(new NirGraph.Edge(ids.get(out.name()), OUTPUT));
        return new NirGraph(nodes, edges, graphMetadata());
    }

    private void addStage(Stage.Neurons stage) {
        List<ConvInference.Conv> convs = new ArrayList<>();
        boolean asSpatial = stage.shape().isSpatial() && channelUniform(stage);
        for (Synapses syn : stage.inputs()) {
            ConvInference.Conv conv = asSpatial && spatial.get(syn.source())
                    ? ConvInference.infer(syn, shapes.get(syn.source()), stage.shape()) : null;
            asSpatial &= conv != null;
            convs.add(conv);
        }
        spatial.put(stage.name(), asSpatial);
        shapes.put(stage.name(), stage.shape());
        float[] bias = constantCurrent(stage);
        for (int k = 0; k < stage.inputs().size(); k++) {
            Synapses syn = stage.inputs().get(k);
            String name = ids.get(stage.name()) + (stage.inputs().size() == 1 ? ".weights" : ".weights" + k);
            float[] b = k == 0 ? bias : new float[bias.length];
            double unit = unit(syn.source());
            nodes.put(name, asSpatial ? conv2d(convs.get(k), shapes.get(syn.source()), b, unit, stage.shape())
                    : affine(syn, shapes.get(syn.source()), stage, b, unit));
            edges.add(new NirGraph.Edge(asSpatial ? ids.get(syn.source()) : flat(syn.source()), name));
            edges.add(new NirGraph.Edge(name, ids.get(stage.name())));
        }
        nodes.put(ids.get(stage.name()), neuronNode(stage, asSpatial));
    }

    /** The real value of one fixed-point weight unit: 2^-24, and for the input also 1/λ0 (NIR feeds x, not x/λ0). */
    private double unit(String source) {
        double u = 1.0 / FixedPoint.ONE;
        return source.equals(net.input().name()) ? u / net.input().scale() : u;
    }

    /** The node a flat consumer reads from: the stage itself, or a Flatten of it (added once). */
    private String flat(String source) {
        if (!spatial.get(source)) {
            return ids.get(source);
        }
        return flattened.computeIfAbsent(source, s -> {
            String name = ids.get(s) + ".flatten";
            Shape sh = shapes.get(s);
            nodes.put(name, new NirNode("Flatten", Map.of("start_dim", 0L, "end_dim", -1L,
                    "input_type", dims(sh, true))));
            edges.add(new NirGraph.Edge(ids.get(s), name));
            return name;
        });
    }

    /** bias + shift per neuron (channels-last), in units of 1. */
    private static float[] constantCurrent(Stage.Neurons stage) {
        int c = stage.shape().channels();
        float[] b = new float[stage.size()];
        for (int o = 0; o < b.length; o++) {
            b[o] = (float) FixedPoint.toDouble(stage.bias()[o] + stage.shift()[o % c]);
        }
        return b;
    }

    private static boolean channelUniform(Stage.Neurons stage) {
        int c = stage.shape().channels();
        for (int o = c; o < stage.size(); o++) {
            if (stage.bias()[o] != stage.bias()[o % c]) {
                return false;
            }
        }
        return true;
    }

    private static NirNode conv2d(ConvInference.Conv conv, Shape source, float[] bias, double unit, Shape target) {
        float[] w = new float[conv.kernel().length];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (conv.kernel()[i] * unit);
        }
        float[] b = new float[target.channels()];
        System.arraycopy(bias, 0, b, 0, b.length);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("input_shape", new long[] {source.height(), source.width()});
        p.put("weight", new Tensor(new int[] {conv.outChannels(), conv.inChannels(), conv.rows().kernel(),
                conv.cols().kernel()}, w));
        p.put("stride", new long[] {conv.rows().stride(), conv.cols().stride()});
        p.put("padding", new long[] {conv.rows().padding(), conv.cols().padding()});
        p.put("dilation", new long[] {1, 1});
        p.put("groups", 1L);
        p.put("bias", new Tensor(new int[] {b.length}, b));
        return new NirNode("Conv2d", p);
    }

    private static NirNode affine(Synapses syn, Shape source, Stage.Neurons target, float[] bias, double unit) {
        long values = (long) target.size() * source.size();
        if (values > MAX_AFFINE_VALUES) {
            throw new SpkerasException("stage '" + target.name() + "': its synapses from '" + syn.source() + "' are not "
                    + "a convolution NIR can express, and as a dense Affine they would need " + values + " weights (more "
                    + "than " + MAX_AFFINE_VALUES + ")");
        }
        int n = source.size();
        float[] w = new float[(int) values];
        ConvInference.forEach(syn, (p, o, v) -> w[chw(o, target.shape()) * n + chw(p, source)] += (float) (v * unit));
        float[] b = new float[bias.length];
        for (int o = 0; o < b.length; o++) {
            b[chw(o, target.shape())] = bias[o];
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("weight", new Tensor(new int[] {target.size(), n}, w));
        p.put("bias", new Tensor(new int[] {b.length}, b));
        return new NirNode("Affine", p);
    }

    private static NirNode neuronNode(Stage.Neurons stage, boolean asSpatial) {
        Shape shape = stage.shape();
        int[] dims = intDims(shape, asSpatial);
        int c = shape.channels();
        if (!stage.spiking()) {
            return new NirNode("I", Map.of("r", Tensor.filled(dims, 1f)));
        }
        float[] threshold = new float[stage.size()];
        float[] initial = new float[stage.size()];
        for (int o = 0; o < threshold.length; o++) {
            int i = chw(o, shape);
            threshold[i] = (float) FixedPoint.toDouble(stage.threshold()[o % c]);
            initial[i] = (float) FixedPoint.toDouble(stage.initialPotentialOf(o));
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("r", Tensor.filled(dims, 1f));
        p.put("v_threshold", new Tensor(dims, threshold));
        p.put("v_reset", Tensor.filled(dims, 0f));
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("reset", ((NeuronModel.IntegrateAndFire) stage.model()).reset().name().toLowerCase(Locale.ROOT));
        meta.put("v_initial", new Tensor(dims, initial));
        meta.put("fires_at", "v >= v_threshold");
        return new NirNode("IF", p, meta);
    }

    private Map<String, Object> graphMetadata() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("producer", "spkeras-java " + Version.VERSION);
        m.put("dt", 1.0);
        m.put("input_encoding", "analog: the sample is fed as a constant current every step");
        m.put("prediction", "argmax of the state of node '" + ids.get(net.output().name()) + "' (ties: lowest index)");
        if (net.provenance() != null && net.provenance().sourceFile() != null) {
            m.put("source_file", net.provenance().sourceFile());
        }
        return m;
    }

    /** Index of channels-last neuron {@code o} in channels-first order. */
    static int chw(int o, Shape s) {
        int c = s.channels();
        int x = (o / c) % s.width();
        int y = o / c / s.width();
        return (o % c * s.height() + y) * s.width() + x;
    }

    private static long[] dims(Shape s, boolean asSpatial) {
        int[] d = intDims(s, asSpatial);
        long[] l = new long[d.length];
        for (int i = 0; i < d.length; i++) {
            l[i] = d[i];
        }
        return l;
    }

    private static int[] intDims(Shape s, boolean asSpatial) {
        return asSpatial ? new int[] {s.channels(), s.height(), s.width()} : new int[] {s.size()};
    }
}
