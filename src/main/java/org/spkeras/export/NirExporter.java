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

    /** The NIR graph of {@code net}; refuses networks with stages NIR cannot express, listing every one. */
    public static NirGraph export(SpikingNetwork net) {
        refuseInexpressible(net);
        return new NirExporter(net).build();
    }

    static void refuseInexpressible(SpikingNetwork net) {
        if (net.code() == SpikingNetwork.Code.TTFS) {
            throw new SpkerasException("the network is time-to-first-spike coded (--code ttfs): NIR has no TTFS neuron "
                    + "(linear post-synaptic potentials in one window, a fixed slope in the next, one spike) and no "
                    + "synaptic delays between windows, so an export would simulate something else; export a --code rate "
                    + "conversion (with {maxpool} avg) instead");
        }
        List<String> problems = new ArrayList<>();
        List<String> burst = new ArrayList<>();
        int maxSpikes = 1;
        for (Stage s : net.stages()) {
            if (s instanceof Stage.Neurons n && n.model() instanceof NeuronModel.IntegrateAndFire f && f.maxSpikes() > 1) {
                burst.add("'" + n.name() + "'");
                maxSpikes = Math.max(maxSpikes, f.maxSpikes());
            }
        }
        if (!burst.isEmpty()) {
            problems.add(burstProblem((burst.size() == 1 ? "stage " : "stages ") + String.join(", ", burst), maxSpikes));
        }
        for (Stage s : net.stages()) {
            if (s instanceof Stage.MaxPoolGate g) {
                problems.add(maxPoolProblem(g.name(), g.kind() == Stage.MaxPoolGate.Kind.LIPOOL ? "LIPooling" : "gating"));
            }
        }
        refuse(problems);
    }

    /**
     * Why NIR cannot express burst neurons ({@code where}: e.g. "stage 'conv'"; {@code maxSpikes} Γ &gt; 1): NIR's
     * IF emits at most one spike per step. Also asked before converting, with the Γ the conversion would use.
     */
    public static String burstProblem(String where, int maxSpikes) {
        return where + " " + (where.startsWith("stages ") ? "have" : "has") + " burst neurons "
                + "(up to " + maxSpikes + " spikes per step); NIR's IF neuron emits at most one spike per step: convert "
                + "the model with {neuron} if";
    }

    /** Why NIR cannot express a spiking max pooling ({@code how}: gating or LIPooling): it has no node for it. */
    public static String maxPoolProblem(String stage, String how) {
        return "stage '" + stage + "' is spiking max pooling (" + how + "); NIR has no node for it: convert the model "
                + "with {maxpool} avg (which changes the function: docs/nir.md says what to retrain)";
    }

    /** One refusal listing every problem (none: returns). */
    public static void refuse(List<String> problems) {
        if (problems.size() == 1) {
            throw new SpkerasException(problems.get(0));
        }
        if (!problems.isEmpty()) {
            StringBuilder s = new StringBuilder("NIR cannot express this network, for " + problems.size() + " reasons:");
            for (int i = 0; i < problems.size(); i++) {
                s.append(i == 0 ? " (" : "; (").append(i + 1).append(") ").append(problems.get(i));
            }
            throw new SpkerasException(s.toString());
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
            String from = asSpatial ? addConv2d(name, convs.get(k), syn.source(), b, stage.shape())
                    : addAffine(name, syn, stage, b);
            edges.add(new NirGraph.Edge(from, name));
            edges.add(new NirGraph.Edge(name, ids.get(stage.name())));
        }
        nodes.put(ids.get(stage.name()), neuronNode(stage, asSpatial));
    }

    /** Adds the Conv2d node (after sum pooling where the kernel allows); returns the node it reads from. */
    private String addConv2d(String name, ConvInference.Conv conv, String source, float[] bias, Shape target) {
        Shape in = shapes.get(source);
        int p = ConvInference.poolFactor(conv, in);
        String from = ids.get(source);
        if (p > 1) {
            from = sumPool(source, p);
            conv = ConvInference.afterPooling(conv, p);
            in = pooled(in, p);
        }
        nodes.put(name, conv2d(conv, in, bias, unit(source), target));
        return from;
    }

    /** Adds the Affine node (after sum pooling and a Flatten where the weights allow); returns its source node. */
    private String addAffine(String name, Synapses syn, Stage.Neurons target, float[] bias) {
        Shape in = shapes.get(syn.source());
        float[] w = denseWeights(syn, in, target, unit(syn.source()));
        String from = ids.get(syn.source());
        if (spatial.get(syn.source())) {
            int p = columnPoolFactor(w, target.size(), in);
            if (p > 1) {
                w = pooledColumns(w, target.size(), in, p);
                from = sumPool(syn.source(), p);
                in = pooled(in, p);
            }
            from = flatten(from, in);
        }
        float[] b = new float[bias.length];
        for (int o = 0; o < b.length; o++) {
            b[chw(o, target.shape())] = bias[o];
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("weight", new Tensor(new int[] {target.size(), in.size()}, w));
        params.put("bias", new Tensor(new int[] {b.length}, b));
        nodes.put(name, new NirNode("Affine", params));
        return from;
    }

    /** The real value of one fixed-point weight unit: 2^-24, and for the input also 1/λ0 (NIR feeds x, not x/λ0). */
    private double unit(String source) {
        double u = 1.0 / FixedPoint.ONE;
        return source.equals(net.input().name()) ? u / net.input().scale() : u;
    }

    /** A SumPool2d node (p×p, stride p) over a spatial stage, added once. */
    private String sumPool(String source, int p) {
        String name = ids.get(source) + ".sumpool" + p;
        if (!nodes.containsKey(name)) {
            nodes.put(name, new NirNode("SumPool2d", Map.of("kernel_size", new long[] {p, p}, "stride",
                    new long[] {p, p}, "padding", new long[] {0, 0})));
            edges.add(new NirGraph.Edge(ids.get(source), name));
        }
        return name;
    }

    /** A Flatten node (all dimensions, channels-first order) of a spatial node, added once. */
    private String flatten(String node, Shape shape) {
        String name = node + ".flatten";
        if (!nodes.containsKey(name)) {
            nodes.put(name, new NirNode("Flatten", Map.of("start_dim", 0L, "end_dim", -1L,
                    "input_type", dims(shape, true))));
            edges.add(new NirGraph.Edge(node, name));
        }
        return name;
    }

    private static Shape pooled(Shape s, int p) {
        return Shape.spatial(s.height() / p, s.width() / p, s.channels());
    }

    /** The largest p ≥ 2 such that every row's weights are constant on aligned p×p pixel blocks, or 1. */
    private static int columnPoolFactor(float[] w, int rows, Shape in) {
        for (int p = Math.min(in.height(), in.width()); p >= 2; p--) {
            if (in.height() % p == 0 && in.width() % p == 0 && columnsBlockConstant(w, rows, in, p)) {
                return p;
            }
        }
        return 1;
    }

    private static boolean columnsBlockConstant(float[] w, int rows, Shape in, int p) {
        int n = in.size();
        int hw = in.height() * in.width();
        for (int col = 0; col < n; col++) {
            int y = col % hw / in.width();
            int x = col % in.width();
            int corner = col - (y % p) * in.width() - x % p;
            if (corner != col) {
                for (int r = 0; r < rows; r++) {
                    if (w[r * n + col] != w[r * n + corner]) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static float[] pooledColumns(float[] w, int rows, Shape in, int p) {
        Shape out = pooled(in, p);
        int n = in.size();
        int m = out.size();
        float[] pw = new float[rows * m];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < in.channels(); c++) {
                for (int y = 0; y < out.height(); y++) {
                    for (int x = 0; x < out.width(); x++) {
                        pw[r * m + (c * out.height() + y) * out.width() + x] =
                                w[r * n + (c * in.height() + y * p) * in.width() + x * p];
                    }
                }
            }
        }
        return pw;
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

    /** The synapses as a dense [target][source] matrix, both in channels-first order. */
    private static float[] denseWeights(Synapses syn, Shape source, Stage.Neurons target, double unit) {
        long values = (long) target.size() * source.size();
        if (values > MAX_AFFINE_VALUES) {
            throw new SpkerasException("stage '" + target.name() + "': its synapses from '" + syn.source() + "' are not "
                    + "a convolution NIR can express, and as a dense Affine they would need " + values + " weights (more "
                    + "than " + MAX_AFFINE_VALUES + ")");
        }
        int n = source.size();
        float[] w = new float[(int) values];
        ConvInference.forEach(syn, (p, o, v) -> w[chw(o, target.shape()) * n + chw(p, source)] += (float) (v * unit));
        return w;
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
