package org.spkeras.oracle;

import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonParser;
import io.jhdf.HdfFile;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.modelimport.keras.KerasModel;
import org.deeplearning4j.nn.modelimport.keras.utils.KerasModelBuilder;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Assumptions;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.spkeras.model.DataFormat;
import org.spkeras.model.Network;
import org.spkeras.model.Shape;

/**
 * A Keras model imported by DeepLearning4j 1.0.0-M2.1 (test scope only) and run in float64.
 * Import follows ../shared/reference/java-stack.md: dispatch on {@code model_config.class_name}
 * (Sequential → MultiLayerNetwork, otherwise ComputationGraph), {@code enforceTrainingConfig(false)} and the
 * training_config dropped so that compiled Keras ≥ 2.11 files ({@code Custom>Adam}) import.
 * All arrays handed in and out are in the source model's layout (NCHW for channels_first, NHWC otherwise).
 *
 * <p>Every DL4J limitation this class recognises was traced to DL4J's own code (M2.1 sources and bytecode)
 * and is recognised only by an exact check on the file or on DL4J's imported network, never by a loose match.
 */
final class Dl4jOracle {
    private static final String VERSION = "DL4J 1.0.0-M2.1";

    private final MultiLayerNetwork sequential;
    private final ComputationGraph graph;

    private Dl4jOracle(MultiLayerNetwork sequential, ComputationGraph graph) {
        this.sequential = sequential;
        this.graph = graph;
    }

    /** Imports with DL4J, or aborts the test naming DL4J's refusal when it is a known, checked M2.1 limitation. */
    static Dl4jOracle load(Path model, Path architecture, Network ours) {
        try (KerasModelBuilder builder = new KerasModel().modelBuilder().enforceTrainingConfig(false)) {
            if (architecture != null) {
                builder.modelJsonFilename(architecture.toString()).weightsHdf5FilenameNoRoot(model.toString());
            } else {
                builder.modelHdf5Filename(model.toString());
            }
            builder.setTrainingJson(null);
            String modelClass = JsonParser.parseString(builder.getModelJson()).getAsJsonObject()
                    .get("class_name").getAsString();
            if (modelClass.equals("Sequential")) {
                return new Dl4jOracle(builder.buildSequential().getMultiLayerNetwork().convertDataType(DataType.DOUBLE), null);
            }
            return new Dl4jOracle(null, builder.buildModel().getComputationGraph().convertDataType(DataType.DOUBLE));
        } catch (Exception e) {
            resetWorkspaces();
            String why = knownRefusal(e, model, architecture, ours);
            if (why != null) {
                Assumptions.abort(VERSION + " refuses " + model.getFileName() + ": " + e.getClass().getSimpleName()
                        + " \"" + String.valueOf(e.getMessage()).strip() + "\" (" + why + ")");
            }
            throw new AssertionError("DL4J failed to import " + model + " with an error that is not a known M2.1 "
                    + "limitation: " + e, e);
        }
    }

    /**
     * Why DL4J threw {@code e} on this file, when it is one of the M2.1 limitations below and the file shows
     * the feature that triggers it; null otherwise.
     */
    static String knownRefusal(Throwable e, Path model, Path architecture, Network ours) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("Keras major version has to be either 1 or 2")) {
            return "M2.1 reads Keras 1 and 2 files only";
        }
        if (message.contains("Unsupported keras layer type")) {
            return "M2.1 has no mapping for this Keras layer class";
        }
        if (message.equals("H5Fopen failed") && isZip(model)) {
            return "M2.1 opens models as HDF5 only; this is a Keras 3 .keras zip archive";
        }
        if (message.equals("H5Gopen2 failed") && thrownIn(e, "KerasModelUtils", "importWeights") && architecture != null
                && hasRootGroup(model, "top_level_model_weights")) {
            return "KerasModelUtils.importWeights opens weightsRoot + \"/top_level_model_weights\", i.e. "
                    + "\"null/top_level_model_weights\" for a weights-only checkpoint, whose layer groups sit at the root; "
                    + "tf.keras 2.x save_weights writes that group";
        }
        if (message.equals("H5Aopen failed") && thrownIn(e, "Hdf5Archive", "readAttributeAsString")
                && hasChunkedNameAttribute(model)) {
            return "M2.1 reads layer_names/weight_names as one attribute; it does not join the chunks "
                    + "(weight_names0, weight_names1, ...) Keras writes for attributes over 64 KB, which this file has";
        }
        if (e instanceof NullPointerException && thrownIn(e, "KerasBatchNormalization", "setWeights")
                && ours.layers().stream().anyMatch(l -> l instanceof org.spkeras.model.Layer.BatchNorm b && b.beta() == null)) {
            return "KerasBatchNormalization.setWeights builds the dummy beta of a center=False layer as "
                    + "Nd4j.zerosLike(weights.get(\"beta\")), and there is no stored beta";
        }
        return null;
    }

    private static boolean thrownIn(Throwable e, String simpleClassName, String method) {
        return Arrays.stream(e.getStackTrace()).anyMatch(f -> f.getClassName().endsWith("." + simpleClassName)
                && f.getMethodName().equals(method));
    }

    private static boolean isZip(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4);
            return head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean hasRootGroup(Path file, String name) {
        try (HdfFile h5 = new HdfFile(file)) {
            return h5.getChildren().get(name) instanceof Group;
        }
    }

    /** True when some group stores {@code layer_names}/{@code weight_names} only as numbered chunks. */
    private static boolean hasChunkedNameAttribute(Path file) {
        try (HdfFile h5 = new HdfFile(file)) {
            return hasChunkedNameAttribute(h5);
        }
    }

    private static boolean hasChunkedNameAttribute(Group group) {
        for (String attr : List.of("layer_names", "weight_names")) {
            if (!group.getAttributes().containsKey(attr) && group.getAttributes().containsKey(attr + "0")) {
                return true;
            }
        }
        for (Node child : group.getChildren().values()) {
            if (child instanceof Group g && hasChunkedNameAttribute(g)) {
                return true;
            }
        }
        return false;
    }

    /** A DL4J error can leave an ND4J workspace open on this thread; this closes it. */
    static void resetWorkspaces() {
        Nd4j.getMemoryManager().setCurrentWorkspace(null);
        Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
    }

    String kind() {
        return sequential != null ? "MultiLayerNetwork" : "ComputationGraph";
    }

    /** A float64 batch from samples in the source layout, each with dimensions {@code sampleDims}. */
    static INDArray batch(List<float[]> samples, long[] sampleDims) {
        int n = samples.size();
        int size = samples.get(0).length;
        double[] data = new double[n * size];
        for (int i = 0; i < n; i++) {
            float[] s = samples.get(i);
            for (int j = 0; j < size; j++) {
                data[i * size + j] = s[j];
            }
        }
        long[] dims = new long[sampleDims.length + 1];
        dims[0] = n;
        System.arraycopy(sampleDims, 0, dims, 1, sampleDims.length);
        return Nd4j.create(data, dims, DataType.DOUBLE);
    }

    /** The network output ({@code output()}, inference mode), one flattened row per sample. */
    double[][] output(INDArray batch, Shape outShape, DataFormat format) {
        INDArray out = sequential != null ? sequential.output(batch) : graph.outputSingle(false, batch);
        return rows(out, outShape, format);
    }

    /**
     * Every DL4J layer's activation in inference mode, keyed by layer (= Keras layer) name; a layer whose
     * forward pass throws is reported to {@code failed} instead. Each layer gets its own forward pass that
     * stops at it: DL4J's activation layers (ReLU, LeakyReLU, Activation) overwrite their input array in place,
     * so the intermediate arrays of one full {@code feedForward} are not the values the layers produced.
     */
    Map<String, INDArray> activations(INDArray batch, BiConsumer<String, RuntimeException> failed) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        Layer[] layers = layers();
        for (int i = 0; i < layers.length; i++) {
            String name = layers[i].conf().getLayer().getLayerName();
            try {
                INDArray act;
                if (sequential != null) {
                    List<INDArray> acts = sequential.feedForwardToLayer(i, batch, false);
                    act = acts.get(acts.size() - 1);
                } else {
                    // feedForward(input, i, train) stops at graph.getLayers()[i]; only layer vertices can be targeted.
                    act = graph.feedForward(batch, i, false).get(name);
                }
                if (act != null) {
                    out.put(name, act.dup());
                }
            } catch (RuntimeException e) {
                resetWorkspaces();
                failed.accept(name, e);
            }
        }
        return out;
    }

    /**
     * One flattened row per sample in the source layout. DL4J keeps NHWC or NCHW per layer; a rank-4 array is
     * permuted to the source layout when it is in the other one.
     */
    static double[][] rows(INDArray a, Shape s, DataFormat format) {
        int n = (int) a.size(0);
        if (a.rank() == 4) {
            long[] nchw = {n, s.channels(), s.height(), s.width()};
            long[] nhwc = {n, s.height(), s.width(), s.channels()};
            boolean channelsFirst = format == DataFormat.CHANNELS_FIRST;
            if (Arrays.equals(a.shape(), channelsFirst ? nhwc : nchw) && !Arrays.equals(nchw, nhwc)) {
                a = channelsFirst ? a.permute(0, 3, 1, 2) : a.permute(0, 2, 3, 1);
            } else if (!Arrays.equals(a.shape(), channelsFirst ? nchw : nhwc)) {
                fail("DL4J activation shape " + Arrays.toString(a.shape()) + " matches neither " + Arrays.toString(nhwc)
                        + " nor " + Arrays.toString(nchw));
            }
        }
        double[] flat = a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        int size = flat.length / n;
        double[][] result = new double[n][];
        for (int i = 0; i < n; i++) {
            result[i] = Arrays.copyOfRange(flat, i * size, (i + 1) * size);
        }
        return result;
    }

    private Layer[] layers() {
        return sequential != null ? sequential.getLayers() : graph.getLayers();
    }

    /**
     * Undoes the known M2.1 import defects this network shows, each detected exactly (see the methods below),
     * and returns one description per defect undone; empty when none applies. The caller must then show that
     * DL4J agrees with us, so a defect is never assumed to explain a gap.
     */
    List<String> undoKnownDefects(Network ours) {
        List<String> undone = new ArrayList<>();
        int conv = convLayers().length;
        if (conv > 0 && countChannelsFirstMisimports(ours) == conv) {
            useKernelsOf(ours);
            undone.add("it mis-imports the Conv2D kernels of Keras 2 channels_first layers: it takes the stored "
                    + "(kh, kw, in, out) kernel for Keras 1 Theano (out, in, kh, kw), reverses each in×out block and "
                    + "reshapes the buffer to [out, in, kh, kw] (matched exactly on all " + conv + " conv layers)");
        }
        if (sequential != null && ours.source().dataFormat() == DataFormat.CHANNELS_FIRST) {
            Map<Integer, InputPreProcessor> pre = sequential.getLayerWiseConfigurations().getInputPreProcessors();
            for (var e : pre.entrySet()) {
                if (e.getValue() instanceof CnnToFeedForwardPreProcessor p) {
                    String layer = layers()[e.getKey()].conf().getLayer().getLayerName();
                    if (p.getFormat() == CNN2DFormat.NHWC) {
                        p.setFormat(CNN2DFormat.NCHW);
                        undone.add("for a Flatten without data_format (Keras ≤ 2.1.x) it builds the preprocessor "
                                + "before '" + layer + "' as NHWC although the model's convolutions are NCHW, so "
                                + "output() throws \"Invalid input, does not match configuration\"; set to NCHW");
                    } else if (flattensChannelsLast(ours, layer) && permuteDenseRowsToChw(e.getKey(), p)) {
                        undone.add("it ignores Flatten(data_format='channels_first'): its preprocessor before '" + layer
                                + "' flattens NCHW activations as C,H,W while Keras transposes to H,W,C first, so the "
                                + "Dense rows meet the wrong inputs; the rows of '" + layer + "' were reordered");
                    }
                }
            }
        }
        return undone;
    }

    /** True when our layer {@code name} is a Dense fed by a Flatten that lists a spatial tensor as H,W,C. */
    private static boolean flattensChannelsLast(Network ours, String name) {
        if (!ours.hasLayer(name) || !(ours.layer(name) instanceof org.spkeras.model.Layer.Dense d)) {
            return false;
        }
        return ours.layer(d.input()) instanceof org.spkeras.model.Layer.Flatten f
                && f.order() == org.spkeras.model.Layer.FlattenOrder.HWC
                && ours.outputShape(f.input()).isSpatial();
    }

    /** Reorders the rows of the Dense after an NCHW preprocessor from Keras's H,W,C order to DL4J's C,H,W. */
    private boolean permuteDenseRowsToChw(int layerIndex, CnnToFeedForwardPreProcessor p) {
        Layer layer = sequential.getLayers()[layerIndex];
        if (!(layer.conf().getLayer() instanceof DenseLayer)) {
            return false;
        }
        int h = (int) p.getInputHeight(), w = (int) p.getInputWidth(), c = (int) p.getNumChannels();
        INDArray weights = layer.getParam("W");
        long[] shape = weights.shape();
        if (shape[0] != (long) h * w * c) {
            return false;
        }
        int units = (int) shape[1];
        double[] src = weights.dup('c').data().asDouble();
        double[] dst = new double[src.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int ch = 0; ch < c; ch++) {
                    System.arraycopy(src, ((y * w + x) * c + ch) * units, dst, ((ch * h + y) * w + x) * units, units);
                }
            }
        }
        layer.setParam("W", Nd4j.create(dst, shape, weights.dataType()));
        return true;
    }

    /** DL4J's 2-D convolution layers; their {@code W} is [out, in, kh, kw]. */
    private Layer[] convLayers() {
        return Arrays.stream(layers())
                .filter(l -> l.conf() != null && l.conf().getLayer() != null
                        && l.conf().getLayer().getClass() == ConvolutionLayer.class && l.getParam("W").rank() == 4)
                .toArray(Layer[]::new);
    }

    /**
     * Counts DL4J conv layers whose {@code W} shows M2.1's channels_first mis-import: for a Keras 2 layer with
     * {@code data_format: channels_first} (DL4J's "THEANO" dim order), {@code KerasConvolution
     * .getConvParameterValues} takes the kernel as Keras 1 Theano {@code (out, in, kh, kw)} although Keras 2 stores
     * {@code (kh, kw, in, out)}: it reverses each trailing 2-D block (the {@code in × out} matrix at every kernel
     * position) and the buffer is then read as {@code [out, in, kh, kw]}. The stored kernel is ours, un-rotated
     * when our import rotated it for Theano. Exact comparison.
     */
    int countChannelsFirstMisimports(Network ours) {
        int count = 0;
        for (Layer layer : convLayers()) {
            String name = layer.conf().getLayer().getLayerName();
            if (!ours.hasLayer(name) || !(ours.layer(name) instanceof org.spkeras.model.Layer.Conv2D c)) {
                continue;
            }
            int kh = c.window().kernelHeight(), kw = c.window().kernelWidth();
            boolean rotated = ours.source().theanoKernelsFlipped();
            double[] w = layer.getParam("W").dup('c').data().asDouble();
            if (w.length != c.kernel().length) {
                continue;
            }
            int block = c.inChannels() * c.filters();
            boolean match = true;
            for (int y = 0; y < kh && match; y++) {
                for (int x = 0; x < kw && match; x++) {
                    int stored = (y * kw + x) * block;
                    int kernel = ((rotated ? kh - 1 - y : y) * kw + (rotated ? kw - 1 - x : x)) * block;
                    for (int j = 0; j < block && match; j++) {
                        match = w[stored + j] == c.kernel()[kernel + block - 1 - j];
                    }
                }
            }
            count += match ? 1 : 0;
        }
        return count;
    }

    /** Replaces every DL4J conv kernel by our imported one ([kh][kw][in][out] → [out, in, kh, kw]). */
    private void useKernelsOf(Network ours) {
        for (Layer layer : convLayers()) {
            var c = (org.spkeras.model.Layer.Conv2D) ours.layer(layer.conf().getLayer().getLayerName());
            int kh = c.window().kernelHeight(), kw = c.window().kernelWidth(), cin = c.inChannels(), cout = c.filters();
            double[] w = new double[c.kernel().length];
            for (int y = 0; y < kh; y++) {
                for (int x = 0; x < kw; x++) {
                    for (int i = 0; i < cin; i++) {
                        for (int o = 0; o < cout; o++) {
                            w[((o * cin + i) * kh + y) * kw + x] = c.kernel()[((y * kw + x) * cin + i) * cout + o];
                        }
                    }
                }
            }
            layer.setParam("W", Nd4j.create(w, new long[] {cout, cin, kh, kw}, DataType.DOUBLE));
        }
    }
}
