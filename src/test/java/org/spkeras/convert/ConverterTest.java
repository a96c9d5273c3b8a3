package org.spkeras.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spkeras.SpkerasException;
import org.spkeras.data.NdArray;
import org.spkeras.data.Npz;
import org.spkeras.keras.KerasModelReader;
import org.spkeras.model.ForwardPass;
import org.spkeras.model.Layer;
import org.spkeras.model.Network;
import org.spkeras.snn.FixedPoint;
import org.spkeras.snn.SpikingNetwork;
import org.spkeras.snn.Stage;
import org.spkeras.testing.ArrayCalibration;
import org.spkeras.testing.Fixtures;
import org.spkeras.testing.Fixtures.Fixture;
import org.spkeras.testing.RealKeras;

/**
 * The compiled synapses and biases reproduce the ANN: fed every source's ANN activation as a rate, each
 * stage receives exactly its ANN pre-activation over λ (up to the 2^-24 weight grid).
 */
class ConverterTest {

    static List<Fixture> fixtures() {
        return Fixtures.all();
    }

    static List<ConversionOptions> optionSets() {
        ConversionOptions d = ConversionOptions.ECC;
        return List.of(d,
                d.toBuilder().norm(ConversionOptions.Norm.PERCENTILE).percentile(99.0).perChannel(true).initialPotential(0)
                        .shiftSteps(4).reset(ConversionOptions.Reset.ZERO).burst(3).maxPool(ConversionOptions.MaxPool.LIPOOL)
                        .build(),
                d.toBuilder().scaling(ConversionOptions.Scaling.THRESHOLD_BALANCING)
                        .maxPool(ConversionOptions.MaxPool.AVERAGE).weightBits(8).mergeLinear(true).build());
    }

    /**
     * stride2_same ends in a linear convolution → max pooling → Dense: spiking max pooling needs spikes, and
     * as average pooling two weighted layers follow each other without an activation, which converts only when
     * they are merged.
     */
    private static final List<String> NOT_CONVERTIBLE = List.of("stride2_same");

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void synapsesReproduceAnnPreActivations(Fixture f) {
        for (ConversionOptions options : optionSets()) {
            Network ann = KerasModelReader.read(f.model(), f.options());
            NdArray input = Npz.read(f.expected()).get("input");
            ArrayCalibration data = new ArrayCalibration(input, ann, f.name());
            // stride2_same's linear conv2d_2 feeds max pooling: refused, unless average pooling and the merge
            // option make the chain conv2d_2 → pooling → flatten → dense one Dense.
            if (NOT_CONVERTIBLE.contains(f.name()) && options.maxPool() != ConversionOptions.MaxPool.AVERAGE) {
                SpkerasException e = assertThrows(SpkerasException.class, () -> Converter.convert(ann, options, data, "0"));
                assertTrue(e.getMessage().contains("not a ReLU"), e.getMessage());
                continue;
            }
            if (NOT_CONVERTIBLE.contains(f.name()) && !options.mergeLinear()) {
                SpkerasException e = assertThrows(SpkerasException.class, () -> Converter.convert(ann, options, data, "0"));
                assertTrue(e.getMessage().contains("no activation between them") && e.getMessage().contains("option merge-linear"),
                        e.getMessage());
                continue;
            }
            checkRateCurrents(Converter.convert(ann, options, data, "0"), data);
        }
    }

    @Test
    void lenetConvertsWithMnistCalibration() {
        Network ann = KerasModelReader.read(RealKeras.file("snn-toolbox-lenet5/lenet5_98.96.h5"));
        NdArray x = Npz.read(Path.of("keras-fixtures/data/mnist/x_norm.npz")).get("arr_0");
        ArrayCalibration data = new ArrayCalibration(x, ann, "mnist");
        Conversion conv = Converter.convert(ann, ConversionOptions.DEFAULTS, data, "0");
        SpikingNetwork snn = conv.network();
        assertEquals(List.of("conv2d_1", "max_pooling2d_1", "conv2d_2", "max_pooling2d_2", "conv2d_3", "dense_1", "dense_2"),
                snn.stages().stream().map(Stage::name).toList());
        assertEquals(1000, snn.provenance().calibrationSamples());
        assertEquals("none", snn.provenance().options().get("calibrate"),
                "the converter alone does not spike-calibrate, and its provenance says so");
        checkRateCurrents(conv, new ArrayCalibration(x, ann, "mnist first 20", 20));
    }

    /**
     * Regression: with per-channel λ the output stage used to get one λ per logit, so the accumulator compared
     * logits divided by different λ and its argmax was not the ANN's (LeNet-5: output λ had 10 values).
     */
    @Test
    void perChannelLambdaKeepsOneLambdaForTheOutput() {
        Network ann = KerasModelReader.read(RealKeras.file("snn-toolbox-lenet5/lenet5_98.96.h5"));
        NdArray x = Npz.read(Path.of("keras-fixtures/data/mnist/x_norm.npz")).get("arr_0");
        ConversionOptions options = ConversionOptions.ECC.toBuilder().perChannel(true).build();
        SpikingNetwork snn = Converter.convert(ann, options, new ArrayCalibration(x, ann, "mnist first 100", 100), "0")
                .network();
        Map<String, double[]> lambdas = snn.provenance().lambdas();
        assertEquals(1, lambdas.get("dense_2").length, "the output stage has one λ");
        assertEquals(84, lambdas.get("dense_1").length, "a hidden stage has one λ per channel");
    }

    @Test
    void leakyReluIsRefusedWithItsName() {
        Network ann = KerasModelReader.read(RealKeras.file("dl4j-dcgan/dcgan_discriminator.h5"));
        SpkerasException e = assertThrows(SpkerasException.class, () -> Converter.convert(ann, ConversionOptions.DEFAULTS,
                new ArrayCalibration(new NdArray("x", new int[] {1, ann.inputShape().size()}, "<f8",
                        new double[ann.inputShape().size()]), ann, "zeros"), "0"));
        assertTrue(e.getMessage().contains("'leaky_re_lu_1' (LeakyReLU)"), e.getMessage());
    }

    /** For every stage and sample: rate current == ANN pre-activation / λ, to the weight grid's precision. */
    static void checkRateCurrents(Conversion conv, ArrayCalibration data) {
        Network net = conv.convertedAnn();
        SpikingNetwork snn = conv.network();
        Map<String, double[]> lambdas = new HashMap<>(snn.provenance().lambdas());
        lambdas.put(snn.input().name(), new double[] {snn.provenance().inputLambda()});
        for (Stage s : snn.stages()) {
            if (s instanceof Stage.MaxPoolGate g) {
                lambdas.put(g.name(), lambdas.get(g.source()));
            }
        }
        ForwardPass forward = new ForwardPass(net);
        for (int i = 0; i < data.size(); i++) {
            Map<String, double[]> acts = forward.activations(data.sample(i));
            for (Stage s : snn.stages()) {
                if (!(s instanceof Stage.Neurons n)) {
                    continue;
                }
                Layer layer = net.layer(n.name());
                double[] pre = layer instanceof Layer.Conv2D || layer instanceof Layer.Dense
                        ? forward.evaluateLinear(layer, acts) : acts.get(layer.inputs().get(0));
                double[] got = StageCurrents.rateCurrent(snn, n, acts, lambdas);
                double[] l = lambdas.get(n.name());
                boolean balanced = "thresholds".equals(snn.provenance().options().get("scaling"));
                if (balanced) {
                    // Threshold balancing: currents are absolute; in units of the threshold they equal pre/λ.
                    for (int o = 0; o < got.length; o++) {
                        got[o] = n.spiking() ? got[o] * FixedPoint.ONE / n.threshold()[o % n.shape().channels()]
                                : got[o] / (l.length == 1 ? l[0] : l[o % n.shape().channels()]);
                    }
                }
                double scale = 0;
                for (double v : pre) {
                    scale = Math.max(scale, Math.abs(v));
                }
                for (int o = 0; o < pre.length; o++) {
                    double want = pre[o] / (l.length == 1 ? l[0] : l[o % n.shape().channels()]);
                    double tol = 1e-5 * Math.max(1, scale / (l.length == 1 ? l[0] : 1e-9 + l[o % n.shape().channels()]));
                    assertEquals(want, got[o], tol, n.name() + " neuron " + o + " sample " + i);
                }
            }
        }
    }
}
