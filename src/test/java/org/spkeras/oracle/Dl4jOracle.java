package org.spkeras.oracle;

import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
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
 * Import follows /work/shared/reference/java-stack.md: dispatch on {@code model_config.class_name}
 * (Sequential → MultiLayerNetwork, otherwise ComputationGraph), {@code enforceTrainingConfig(false)} and the
 * training_config dropped so that compiled Keras ≥ 2.11 files ({@code Custom>Adam}) import.
 * All arrays handed in and out are in the source model's layout (NCHW for channels_first, NHWC otherwise).
 */
final class Dl4jOracle {
    /**
     * DL4J refusals that are documented limitations of M2.1, not disagreements: the message fragment DL4J
     * throws, and what it means. Anything else DL4J throws fails the test.
     */
    private static final String[][] KNOWN_REFUSALS = {
        {"Keras major version has to be either 1 or 2", "DL4J M2.1 reads Keras 1 and 2 files only, not Keras 3"},
        {"Unsupported keras layer type", "DL4J M2.1 has no mapping for this Keras layer class"},
    };

    private final MultiLayerNetwork sequential;
    private final ComputationGraph graph;

    private Dl4jOracle(MultiLayerNetwork sequential, ComputationGraph graph) {
        this.sequential = sequential;
        this.graph = graph;
    }

    /** Imports with DL4J, or aborts the test naming DL4J's refusal when it is a known M2.1 limitation. */
    static Dl4jOracle load(Path model, Path architecture) {
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
            String refusal = knownRefusal(e);
            if (refusal != null) {
                Assumptions.abort("DL4J 1.0.0-M2.1 refuses " + model.getFileName() + ": " + refusal);
            }
            throw new AssertionError("DL4J failed to import " + model + " with an error that is not a known M2.1 "
                    + "limitation: " + e, e);
        }
    }

    /** DL4J's exact refusal message with its meaning, or null when the error is not a known limitation. */
    static String knownRefusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message == null) {
                continue;
            }
            for (String[] known : KNOWN_REFUSALS) {
                if (message.contains(known[0])) {
                    return t.getClass().getSimpleName() + ": \"" + message.strip() + "\" (" + known[1] + ")";
                }
            }
        }
        return null;
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
     * Every DL4J layer's activation in inference mode, keyed by layer (= Keras layer) name. Each layer gets its
     * own forward pass that stops at it: DL4J's activation layers (ReLU, LeakyReLU, Activation) overwrite their
     * input array in place, so the intermediate arrays of one full {@code feedForward} are not the values the
     * layers produced.
     */
    Map<String, INDArray> activations(INDArray batch) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        if (sequential != null) {
            Layer[] layers = sequential.getLayers();
            for (int i = 0; i < layers.length; i++) {
                List<INDArray> acts = sequential.feedForwardToLayer(i, batch, false);
                out.put(layers[i].conf().getLayer().getLayerName(), acts.get(acts.size() - 1).dup());
            }
        } else {
            // feedForward(input, i, train) stops at graph.getLayers()[i]; only layer vertices can be targeted.
            Layer[] layers = graph.getLayers();
            for (int i = 0; i < layers.length; i++) {
                String name = layers[i].conf().getLayer().getLayerName();
                INDArray act = graph.feedForward(batch, i, false).get(name);
                if (act != null) {
                    out.put(name, act.dup());
                }
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

    /** DL4J's 2-D convolution layers; their {@code W} is [out, in, kh, kw]. */
    private Layer[] convLayers() {
        Layer[] layers = sequential != null ? sequential.getLayers() : graph.getLayers();
        return Arrays.stream(layers)
                .filter(l -> l.conf() != null && l.conf().getLayer() != null
                        && l.conf().getLayer().getClass() == ConvolutionLayer.class && l.getParam("W").rank() == 4)
                .toArray(Layer[]::new);
    }

    int convLayerCount() {
        return convLayers().length;
    }

    /** Rotates every 2-D convolution kernel by 180° in place; returns how many. */
    int rotateConvKernels() {
        Layer[] conv = convLayers();
        for (Layer layer : conv) {
            INDArray w = layer.getParam("W");
            long[] shape = w.shape();
            int kh = (int) shape[2];
            int kw = (int) shape[3];
            double[] src = w.dup('c').data().asDouble();
            double[] dst = new double[src.length];
            for (int p = 0; p < src.length / (kh * kw); p++) {
                for (int y = 0; y < kh; y++) {
                    for (int x = 0; x < kw; x++) {
                        dst[(p * kh + y) * kw + x] = src[(p * kh + (kh - 1 - y)) * kw + (kw - 1 - x)];
                    }
                }
            }
            layer.setParam("W", Nd4j.create(dst, shape, w.dataType()));
        }
        return conv.length;
    }

    /**
     * Counts DL4J conv layers whose {@code W} shows M2.1's channels_first mis-import: for a Keras 2 layer with
     * {@code data_format: channels_first}, DL4J takes the kernel as Keras 1 Theano {@code (out, in, kh, kw)}
     * although Keras 2 stores {@code (kh, kw, in, out)}: it reverses each trailing 2-D block (the
     * {@code in × out} matrix at every kernel position) and reinterprets the buffer as {@code [out, in, kh, kw]}.
     * The stored kernel is ours, un-rotated when our import rotated it for Theano. Exact comparison.
     */
    int countChannelsFirstMisimports(Network ours) {
        int count = 0;
        for (Layer layer : convLayers()) {
            String name = layer.conf().getLayer().getLayerName();
            if (!ours.hasLayer(name) || !(ours.layer(name) instanceof org.spkeras.model.Layer.Conv2D c)) {
                continue;
            }
            int kh = c.window().kernelHeight(), kw = c.window().kernelWidth(), cin = c.inChannels(), cout = c.filters();
            boolean rotated = ours.source().theanoKernelsFlipped();
            double[] w = layer.getParam("W").dup('c').data().asDouble();
            if (w.length != c.kernel().length) {
                continue;
            }
            int block = cin * cout;
            boolean match = true;
            for (int y = 0; y < kh && match; y++) {
                for (int x = 0; x < kw && match; x++) {
                    int sy = rotated ? kh - 1 - y : y;
                    int sx = rotated ? kw - 1 - x : x;
                    int stored = (y * kw + x) * block;
                    int kernel = (sy * kw + sx) * block;
                    for (int j = 0; j < block; j++) {
                        if (w[stored + j] != c.kernel()[kernel + block - 1 - j]) {
                            match = false;
                            break;
                        }
                    }
                }
            }
            count += match ? 1 : 0;
        }
        return count;
    }

    /** Replaces every DL4J conv kernel by our imported one ([kh][kw][in][out] → [out, in, kh, kw]). */
    void useKernelsOf(Network ours) {
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
